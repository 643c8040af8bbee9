// SPDX-License-Identifier: GPL-2.0
/*
 * daxbench: what a sealed DAX file buys, measured side by side.
 *
 *   daxbench fault  FS DIR DEVDAX4K DEVDAX2M REPS PAGES [HUGE]
 *   daxbench update FS DIR DEVDAX2M REPS OPS FILE_MIB
 *   daxbench seal   FS DIR REPS MIB...
 *   daxbench scale  FS DIR REPS PAGES
 *   daxbench swap   FS DIR REPS MIB
 *   daxbench pmemobj FS DIR REPS OPS
 *   daxbench prewrite DEVDAX|DIR...
 *   daxbench gib    FS DIR DEVDAX1G REPS
 *
 * Every figure is the median of REPS runs, with min and max.  Output is CSV:
 *   section,fs,method,param,threads,median,min,max,unit
 * Times are wall-clock: under QEMU TCG compare them as ratios only.
 *
 * On a kernel without daxctl() (the unpatched base kernel, for the
 * comparison of make bench BASE=1), every method that needs a seal is left
 * out and the others run as they do on the series.
 *
 * Run prewrite once, on every device-dax device and file system the other
 * commands use, before them: the first write to each 2 MiB of the emulated
 * NVDIMMs (fresh, sparse backing files) costs milliseconds once, and no
 * timed run should pay that.  It prints "# pre-write ..." comment lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libpmem2.h>
#include <libpmemobj.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* daxctl() and its flags: tools/daxfile/daxctl.h, the series' uapi headers */
#include <daxctl.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE	0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC		0x80000
#endif
#ifndef RWF_DSYNC
#define RWF_DSYNC		0x00000002
#endif
#define PAGE			4096UL
#define SZ_2M			(2UL << 20)
#define SZ_1G			(1UL << 30)

/* Does this kernel have daxctl()?  Set in main(). */
static bool can_seal;

static bool needs_seal(const char *method)
{
	return !strncmp(method, "sealed", 6) || !strcmp(method, "pmem2-sealed");
}

static void die(const char *what)
{
	fprintf(stderr, "daxbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *section, const char *fs, const char *method,
		   const char *param, int threads, double *v, int n,
		   const char *unit)
{
	qsort(v, n, sizeof(*v), cmpd);
	printf("%s,%s,%s,%s,%d,%.1f,%.1f,%.1f,%s\n", section, fs, method, param,
	       threads, v[n / 2], v[0], v[n - 1], unit);
	fflush(stdout);
}

static void persist(const void *addr, size_t len)
{
	uintptr_t p = (uintptr_t)addr & ~63UL, end = (uintptr_t)addr + len;

	for (; p < end; p += 64)
		asm volatile("clwb %0" : "+m" (*(volatile char *)p));
	asm volatile("sfence" ::: "memory");
}

/* Size of a device-dax device, from sysfs; 0 if unknown. */
static size_t devdax_size(int fd)
{
	unsigned long long size = 0;
	char path[128];
	struct stat st;
	FILE *f;

	if (fstat(fd, &st) || !S_ISCHR(st.st_mode))
		return 0;
	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/size",
		 major(st.st_rdev), minor(st.st_rdev));
	f = fopen(path, "r");
	if (f && fscanf(f, "%llu", &size) != 1)
		size = 0;
	if (f)
		fclose(f);
	return size;
}

/* A file of @len bytes: fallocated, written or sparse, then fsynced. */
static int make_file(const char *path, size_t len, const char *how)
{
	int fd;

	unlink(path);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(path);
	if (!strcmp(how, "sparse")) {
		if (ftruncate(fd, len))
			die("ftruncate");
	} else if (fallocate(fd, 0, 0, len)) {
		die("fallocate");
	}
	if (!strcmp(how, "written")) {
		char *buf = calloc(1, 1 << 20);
		size_t off;

		for (off = 0; off < len; off += 1 << 20)
			if (pwrite(fd, buf, 1 << 20, off) != 1 << 20)
				die("pwrite");
		free(buf);
	}
	if (fsync(fd))
		die("fsync");
	return fd;
}

/* A mapping whose address is @align aligned. */
static char *map_aligned_to(int fd, size_t len, int flags, size_t align)
{
	char *area = mmap(NULL, len + align, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char *at;

	if (area == MAP_FAILED)
		die("mmap");
	at = (char *)(((uintptr_t)area + align - 1) & ~(align - 1));
	if (mmap(at, len, PROT_READ | PROT_WRITE, flags | MAP_FIXED, fd, 0) != at)
		die("mmap fixed");
	return at;
}

/* A mapping whose address is 2 MiB aligned. */
static char *map_aligned(int fd, size_t len, int flags)
{
	return map_aligned_to(fd, len, flags, SZ_2M);
}

/*
 * With DAXBENCH_MARK set, a getcpu() system call (which nothing else here
 * makes) before and after each timed fault loop, swapon and page-out/in: bench/insncount.so, a
 * QEMU plugin, prints the guest's instruction counts when the kernel
 * enters it, so that the instructions a fault executes can be counted.
 */
static void mark(void)
{
	static int on = -1;

	if (on < 0)
		on = !!getenv("DAXBENCH_MARK");
	if (on)
		syscall(SYS_getcpu, NULL, NULL, NULL);
}

/* ---- 1. write fault cost ------------------------------------------------ */

/*
 * ns per first-touch write fault over @pages pages (4k: one fault per page,
 * huge pages off) or @pages/512 huge pages (2m: one fault per 2 MiB).
 *
 * The first fault of a run costs 100-150 us in the emulator for every
 * method, device-dax included: it comes after the run's set-up (making,
 * writing or sealing the file), and the fault path is cold in QEMU's
 * translation and TLB caches.  Runs of 32 2 MiB faults (64 MiB) spread that
 * as 3-5 us over each fault, more than some methods' whole fault; cmd_fault
 * gives 2 MiB runs HUGE faults (default 256: 512 MiB) to make it small.
 */
static double fault_run(const char *dir, const char *devdax, const char *method,
			bool huge, bool read, size_t pages, int rep)
{
	volatile char sink;
	size_t len = pages * PAGE, step = huge ? SZ_2M : PAGE, i;
	int flags = MAP_SHARED;
	char path[4096];
	double t0, t1;
	char *map;
	int fd;

	if (!strcmp(method, "devdax")) {
		fd = open(devdax, O_RDWR);
		if (fd < 0)
			die(devdax);
	} else {
		snprintf(path, sizeof(path), "%s/bench.fault.%d", dir, rep);
		fd = make_file(path,
			       len, strstr(method, "written") ? "written" :
			       !strncmp(method, "sealed", 6) ? "sparse" : "fallocated");
		if (!strncmp(method, "sealed", 6) &&
		    daxctl(path, DAXCTL_F_STATIC, huge ? SZ_2M : 0))
			die("daxctl");
		if (!strncmp(method, "mapsync", 7))
			flags = MAP_SHARED_VALIDATE | MAP_SYNC;
	}
	map = map_aligned(fd, len, flags);
	if (madvise(map, len, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE))
		die("madvise");
	mark();
	t0 = now_ns();
	if (read)
		for (i = 0; i < len; i += step)
			sink = map[i];
	else
		for (i = 0; i < len; i += step)
			map[i] = 1;
	t1 = now_ns();
	mark();
	(void)sink;
	munmap(map, len);
	if (strcmp(method, "devdax")) {
		daxctl(path, 0, 0);
		unlink(path);
	}
	close(fd);
	return (t1 - t0) / (len / step);
}

static int cmd_fault(char **argv)
{
	const char *fs = argv[0], *dir = argv[1];
	const char *dev4k = argv[2], *dev2m = argv[3];
	int reps = atoi(argv[4]), r, m, h;
	size_t pages = strtoul(argv[5], NULL, 0);
	size_t huge = argv[6] ? strtoul(argv[6], NULL, 0) : 256;
	const char *methods[] = { "plain-fallocated", "plain-written",
				  "mapsync-fallocated", "mapsync-written",
				  "sealed", "devdax" };
	double v[64];

	for (h = 0; h < 2; h++) {
		for (m = 0; m < 6; m++) {
			const char *dev = h ? dev2m : dev4k;

			if (!strcmp(methods[m], "devdax") && (!*dev || !strcmp(fs, "xfs")))
				continue;
			if (needs_seal(methods[m]) && !can_seal)
				continue;
			for (r = 0; r < reps; r++)
				v[r] = fault_run(dir, dev, methods[m], h, false,
						 h ? huge * 512 : pages, r);
			report("fault", fs, methods[m], h ? "2m" : "4k", 1, v, reps,
			       "ns/fault");
		}
	}
	/*
	 * First-touch reads, 4 KiB pages: one fault per page, but where the
	 * file is sealed, whose read faults map their fault-around window
	 * (fault_around_bytes) from its table.  ns per page read.
	 */
	for (m = 0; m < 6; m++) {
		if (strcmp(methods[m], "plain-written") && strcmp(methods[m], "sealed") &&
		    strcmp(methods[m], "devdax"))
			continue;
		if ((!strcmp(methods[m], "devdax") && (!*dev4k || !strcmp(fs, "xfs"))) ||
		    (needs_seal(methods[m]) && !can_seal))
			continue;
		for (r = 0; r < reps; r++)
			v[r] = fault_run(dir, dev4k, methods[m], false, true, pages, r);
		report("fault", fs, methods[m], "4k-read", 1, v, reps, "ns/page");
	}
	return 0;
}

/* ---- 1b. 1 GiB --------------------------------------------------------------- */

/*
 * ns to map 1 GiB of @fd at a 1 GiB boundary, huge pages on, and store to
 * it every @step bytes: with @step = 1 GiB, the cost of one 1 GiB fault
 * where the method has them; with 4 KiB, of mapping and first-touching the
 * whole GiB, in whatever faults the method takes.
 */
static double gib_run(int fd, const char *method, size_t step)
{
	int flags = !strncmp(method, "mapsync", 7) ?
		    MAP_SHARED_VALIDATE | MAP_SYNC : MAP_SHARED;
	char *area, *at;
	double t0, t1;
	size_t i;

	area = mmap(NULL, 2 * SZ_1G, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (area == MAP_FAILED)
		die("mmap");
	at = (char *)(((uintptr_t)area + SZ_1G - 1) & ~(SZ_1G - 1));
	t0 = now_ns();
	if (mmap(at, SZ_1G, PROT_READ | PROT_WRITE, flags | MAP_FIXED, fd, 0) != at)
		die("mmap fixed");
	if (madvise(at, SZ_1G, MADV_HUGEPAGE))
		die("madvise");
	for (i = 0; i < SZ_1G; i += step)
		at[i] = 1;
	t1 = now_ns();
	munmap(area, 2 * SZ_1G);
	return t1 - t0;
}

/*
 * 1 GiB: a file sealed with align = 1 GiB (FS must be the lab's xfs1g) and
 * 1 GiB device-dax, one fault per GiB; and for every method, mapping and
 * touching a whole 1 GiB file.  A sealed file is sealed once, before its
 * runs; the others are made again for each run.
 */
static int cmd_gib(char **argv)
{
	const char *fs = argv[0], *dir = argv[1], *dev = argv[2];
	int reps = atoi(argv[3]), r, m;
	bool gib = !strcmp(fs, "xfs1g");
	const char *methods[] = { "plain-written", "mapsync-fallocated",
				  "mapsync-written", "sealed-2m", "sealed-1g",
				  "devdax-1g" };
	double v[64], w[64];
	char path[4096];
	int fd = -1;

	snprintf(path, sizeof(path), "%s/bench.gib", dir);
	for (m = 0; m < 6; m++) {
		bool huge = !strcmp(methods[m], "sealed-1g") ||
			    !strcmp(methods[m], "devdax-1g");

		if (huge != gib || (needs_seal(methods[m]) && !can_seal) ||
		    (!strcmp(methods[m], "devdax-1g") && !*dev))
			continue;
		if (!strncmp(methods[m], "sealed", 6)) {
			fd = make_file(path, SZ_1G, "sparse");
			if (daxctl(path, DAXCTL_F_STATIC, huge ? SZ_1G : SZ_2M))
				die("daxctl");
		}
		for (r = 0; r < reps; r++) {
			if (!strcmp(methods[m], "devdax-1g")) {
				fd = open(dev, O_RDWR);
				if (fd < 0)
					die(dev);
			} else if (strncmp(methods[m], "sealed", 6)) {
				fd = make_file(path, SZ_1G,
					       strstr(methods[m], "written") ?
					       "written" : "fallocated");
			}
			if (huge)
				v[r] = gib_run(fd, methods[m], SZ_1G);
			w[r] = gib_run(fd, methods[m], PAGE) / 1e6;
			if (strncmp(methods[m], "sealed", 6)) {
				close(fd);
				unlink(path);
			}
		}
		if (huge)
			report("fault", fs, methods[m], "1g", 1, v, reps,
			       "ns/fault");
		report("gib", fs, methods[m], "1g", 1, w, reps, "ms");
		if (!strncmp(methods[m], "sealed", 6)) {
			daxctl(path, 0, 0);
			close(fd);
			unlink(path);
		}
	}
	return 0;
}

/* ---- 2. small persistent updates ---------------------------------------- */

struct upd {
	const char *method;
	char *map;		/* for the mapping methods */
	struct pmem2_map *pmap;
	int fd;
	size_t len, size, ops;
	off_t base;		/* this thread's half */
	size_t span;
	unsigned int seed;
	double *lat;
};

static void *update_thread(void *arg)
{
	struct upd *u = arg;
	const char *m = u->method;
	pmem2_persist_fn pfn = u->pmap ? pmem2_get_persist_fn(u->pmap) : NULL;
	char *buf = aligned_alloc(PAGE, PAGE);
	size_t i;

	memset(buf, 0x5a, PAGE);
	for (i = 0; i < u->ops; i++) {
		size_t slots = u->span / u->size;
		off_t off = u->base + (off_t)(rand_r(&u->seed) % slots) * u->size;
		struct iovec iov = { buf, u->size };
		double t0 = now_ns();

		if (!strcmp(m, "fdatasync")) {
			if (pwrite(u->fd, buf, u->size, off) != (ssize_t)u->size ||
			    fdatasync(u->fd))
				die("pwrite/fdatasync");
		} else if (!strcmp(m, "rwf_dsync")) {
			if (pwritev2(u->fd, &iov, 1, off, RWF_DSYNC) != (ssize_t)u->size)
				die("pwritev2");
		} else {
			memcpy(u->map + off, buf, u->size);
			if (!strcmp(m, "msync")) {
				char *pg = (char *)((uintptr_t)(u->map + off) & ~(PAGE - 1));
				size_t l = (u->map + off + u->size) - pg;

				if (msync(pg, l, MS_SYNC))
					die("msync");
			} else if (pfn) {
				pfn(u->map + off, u->size);
			} else {
				persist(u->map + off, u->size);
			}
		}
		u->lat[i] = now_ns() - t0;
	}
	free(buf);
	return NULL;
}

/* One run: returns ops/s; fills @p99 (ns). */
static double update_run(const char *dir, const char *devdax, const char *method,
			 const char *sealed_path, size_t size, int threads,
			 size_t ops, size_t file_len, int rep, double *p99)
{
	struct upd u[2];
	pthread_t t[2];
	struct pmem2_config *cfg = NULL;
	struct pmem2_source *src = NULL;
	struct pmem2_map *pmap = NULL;
	char path[4096];
	double t0, t1, *all;
	char *map = NULL;
	int fd, i, flags = MAP_SHARED;
	size_t n = 0, k;

	if (!strcmp(method, "devdax")) {
		fd = open(devdax, O_RDWR);
		if (fd < 0)
			die(devdax);
		/* the device is a little smaller than its namespace */
		if (devdax_size(fd) < file_len)
			file_len = devdax_size(fd) & ~(SZ_2M - 1);
	} else if (!strncmp(method, "sealed", 6) || !strcmp(method, "pmem2-sealed")) {
		fd = open(sealed_path, O_RDWR);
		if (fd < 0)
			die(sealed_path);
	} else {
		snprintf(path, sizeof(path), "%s/bench.update.%d", dir, rep);
		fd = make_file(path, file_len, "fallocated");
	}
	if (!strcmp(method, "mapsync"))
		flags = MAP_SHARED_VALIDATE | MAP_SYNC;
	if (!strncmp(method, "pmem2", 5)) {
		if (pmem2_config_new(&cfg) || pmem2_source_from_fd(&src, fd) ||
		    pmem2_config_set_required_store_granularity(cfg,
						PMEM2_GRANULARITY_CACHE_LINE) ||
		    pmem2_map_new(&pmap, cfg, src)) {
			fprintf(stderr, "pmem2: %s\n", pmem2_errormsg());
			exit(1);
		}
		map = pmem2_map_get_address(pmap);
	} else if (strcmp(method, "fdatasync") && strcmp(method, "rwf_dsync")) {
		map = map_aligned(fd, file_len, flags);
	}
	/*
	 * 4 KiB faults on files, but for sealed-2m, which like a 2 MiB aligned
	 * device-dax maps 2 MiB pages.
	 */
	if (map && strcmp(method, "devdax") && strcmp(method, "sealed-2m"))
		madvise(map, file_len, MADV_NOHUGEPAGE);
	else if (map)
		madvise(map, file_len, MADV_HUGEPAGE);

	for (i = 0; i < threads; i++) {
		u[i] = (struct upd) {
			.method = method, .map = map, .pmap = pmap, .fd = fd,
			.len = file_len, .size = size, .ops = ops / threads,
			.base = i * (file_len / threads), .span = file_len / threads,
			.seed = 12345 + 77 * rep + i,
			.lat = malloc(sizeof(double) * (ops / threads)),
		};
	}
	t0 = now_ns();
	for (i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, update_thread, &u[i]);
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	t1 = now_ns();

	all = malloc(sizeof(double) * ops);
	for (i = 0; i < threads; i++) {
		for (k = 0; k < u[i].ops; k++)
			all[n++] = u[i].lat[k];
		free(u[i].lat);
	}
	qsort(all, n, sizeof(double), cmpd);
	*p99 = all[(n * 99) / 100];
	free(all);

	if (pmap) {
		pmem2_map_delete(&pmap);
		pmem2_source_delete(&src);
		pmem2_config_delete(&cfg);
	} else if (map) {
		munmap(map, file_len);
	}
	close(fd);
	if (strcmp(method, "devdax") && strncmp(method, "sealed", 6) &&
	    strcmp(method, "pmem2-sealed"))
		unlink(path);
	return n / ((t1 - t0) / 1e9);
}

static void update_method(const char *fs, const char *dir, const char *dev2m,
			  const char *method, const char *sealed, int reps,
			  size_t ops, size_t file_len)
{
	size_t sizes[] = { 8, 64, 256, 4096 };
	double v[64], p[64];
	char param[32];
	int r, s, th;

	for (th = 1; th <= 2; th++) {
		for (s = 0; s < 4; s++) {
			for (r = 0; r < reps; r++)
				v[r] = update_run(dir, dev2m, method, sealed, sizes[s],
						  th, ops, file_len, r, &p[r]);
			snprintf(param, sizeof(param), "%zu", sizes[s]);
			report("update", fs, method, param, th, v, reps, "ops/s");
			report("update_p99", fs, method, param, th, p, reps, "ns");
		}
	}
}

static int cmd_update(char **argv)
{
	const char *fs = argv[0], *dir = argv[1], *dev2m = argv[2];
	int reps = atoi(argv[3]), m;
	size_t ops = strtoul(argv[4], NULL, 0);
	size_t file_len = strtoul(argv[5], NULL, 0) << 20;
	/* each makes a fresh file per run */
	const char *fresh[] = { "mapsync", "msync", "fdatasync", "rwf_dsync",
				"pmem2-fallocated", "devdax" };
	const char *on_sealed[] = { "sealed", "pmem2-sealed", "sealed-2m" };
	int n_sealed = 3;
	char sealed[4096];
	int fd;

	for (m = 0; m < 6; m++)
		if (strcmp(fresh[m], "devdax") || *dev2m)
			update_method(fs, dir, dev2m, fresh[m], NULL, reps, ops,
				      file_len);

	if (!can_seal)
		return 0;
	/*
	 * The sealed file is prepared once, after the others are gone (two
	 * such files do not fit): sealing is measured apart.
	 */
	snprintf(sealed, sizeof(sealed), "%s/bench.sealed", dir);
	/*
	 * Sparse: sealing allocates it, in 2 MiB aligned extents on a file
	 * system made for them (fallocate's extents need not be aligned).
	 */
	fd = make_file(sealed, file_len, "sparse");
	close(fd);
	/* 2 MiB aligned if the blocks allow, for sealed-2m */
	if (daxctl(sealed, DAXCTL_F_STATIC, SZ_2M)) {
		n_sealed = 2;
		if (daxctl(sealed, DAXCTL_F_STATIC, 0))
			die("daxctl");
	}
	for (m = 0; m < n_sealed; m++)
		update_method(fs, dir, dev2m, on_sealed[m], sealed, reps, ops,
			      file_len);
	daxctl(sealed, 0, 0);
	unlink(sealed);
	return 0;
}

/* ---- 3. seal cost --------------------------------------------------------- */

static int cmd_seal(int argc, char **argv)
{
	const char *fs = argv[0], *dir = argv[1];
	int reps = atoi(argv[2]), r, i, k;
	const char *kinds[] = { "sparse", "fallocated", "sealed-before" };
	char path[4096], param[32];
	double v[64];

	if (!can_seal)
		return 0;
	snprintf(path, sizeof(path), "%s/bench.seal", dir);
	for (i = 3; i < argc; i++) {
		size_t len = strtoul(argv[i], NULL, 0) << 20;

		for (k = 0; k < 3; k++) {
			for (r = 0; r < reps; r++) {
				int fd = make_file(path, len,
						   k == 0 ? "sparse" : "fallocated");
				double t0;

				close(fd);
				if (k == 2 && (daxctl(path, DAXCTL_F_STATIC, 0) ||
					       daxctl(path, 0, 0)))
					die("daxctl");
				t0 = now_ns();
				if (daxctl(path, DAXCTL_F_STATIC, 0))
					die("daxctl");
				v[r] = (now_ns() - t0) / 1e6;
				daxctl(path, 0, 0);
				unlink(path);
			}
			snprintf(param, sizeof(param), "%zu", len >> 20);
			report("seal", fs, kinds[k], param, 1, v, reps, "ms");
		}
	}
	return 0;
}

/* ---- 4. fault scaling ----------------------------------------------------- */

struct sc {
	char *map;
	size_t pages;
};

static void *scale_thread(void *arg)
{
	struct sc *s = arg;
	size_t i;

	for (i = 0; i < s->pages; i++)
		s->map[i * PAGE] = 1;
	return NULL;
}

static int cmd_scale(char **argv)
{
	const char *fs = argv[0], *dir = argv[1];
	int reps = atoi(argv[2]), r, m, n, i;
	size_t pages = strtoul(argv[3], NULL, 0), len = pages * PAGE;
	const char *methods[] = { "sealed", "plain-written" };
	int nthreads[] = { 1, 2, 4 };
	char path[4096];
	double v[64];

	snprintf(path, sizeof(path), "%s/bench.scale", dir);
	for (m = can_seal ? 0 : 1; m < 2; m++) {
		int fd = make_file(path, len, m ? "written" : "fallocated");

		if (!m && daxctl(path, DAXCTL_F_STATIC, 0))
			die("daxctl");
		for (n = 0; n < 3; n++) {
			for (r = 0; r < reps; r++) {
				struct sc s[4];
				pthread_t t[4];
				char *map = mmap(NULL, len, PROT_READ | PROT_WRITE,
						 MAP_SHARED, fd, 0);
				double t0;

				if (map == MAP_FAILED)
					die("mmap");
				madvise(map, len, MADV_NOHUGEPAGE);
				t0 = now_ns();
				for (i = 0; i < nthreads[n]; i++) {
					s[i].pages = pages / nthreads[n];
					s[i].map = map + i * s[i].pages * PAGE;
					pthread_create(&t[i], NULL, scale_thread, &s[i]);
				}
				for (i = 0; i < nthreads[n]; i++)
					pthread_join(t[i], NULL);
				v[r] = pages / ((now_ns() - t0) / 1e9);
				munmap(map, len);
			}
			report("scale", fs, methods[m], "4k", nthreads[n], v, reps,
			       "faults/s");
		}
		daxctl(path, 0, 0);
		close(fd);
		unlink(path);
	}
	return 0;
}

/* ---- 6. swap ------------------------------------------------------------- */

/*
 * A swapfile of @mib MiB at @path: allocated, with a swap header (version
 * 1, no bad pages) in its first page.
 */
static void make_swapfile(const char *path, size_t mib)
{
	size_t len = mib << 20;
	uint32_t *w;
	char *hdr;
	int fd;

	fd = make_file(path, len, "written");
	hdr = calloc(1, PAGE);
	if (!hdr)
		die("calloc");
	w = (uint32_t *)(hdr + 1024);
	w[0] = 1;			/* version */
	w[1] = len / PAGE - 1;		/* last page */
	memcpy(hdr + PAGE - 10, "SWAPSPACE2", 10);
	if (pwrite(fd, hdr, PAGE, 0) != PAGE || fsync(fd))
		die("swap header");
	free(hdr);
	close(fd);
}

/*
 * Activating a swapfile walks its block map (the walker the series shares
 * with sealing), then 32 MiB of anonymous memory is paged out to it with
 * MADV_PAGEOUT and faulted back in.  ms per swapon, and per round trip.
 * Nothing is reported where swapon fails (a DAX file on the base kernel).
 */
static int cmd_swap(char **argv)
{
	const char *fs = argv[0], *dir = argv[1];
	int reps = atoi(argv[2]), r;
	size_t mib = strtoul(argv[3], NULL, 0), len = 32UL << 20, i;
	double on[64], io[64], t0;
	char path[4096], param[32];
	char *anon;

	snprintf(path, sizeof(path), "%s/bench.swap", dir);
	make_swapfile(path, mib);
	anon = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED)
		die("mmap");
	for (r = 0; r < reps; r++) {
		mark();
		t0 = now_ns();
		if (syscall(SYS_swapon, path, 0)) {
			fprintf(stderr, "daxbench: swapon %s: %s: not measured\n",
				path, strerror(errno));
			goto out;
		}
		on[r] = (now_ns() - t0) / 1e6;
		mark();
		for (i = 0; i < len; i += PAGE)
			anon[i] = r + 1;
		mark();
		t0 = now_ns();
		if (madvise(anon, len, MADV_PAGEOUT))
			die("madvise(MADV_PAGEOUT)");
		for (i = 0; i < len; i += PAGE)
			if (anon[i] != r + 1)
				die("swapped-in data");
		io[r] = (now_ns() - t0) / 1e6;
		mark();
		if (syscall(SYS_swapoff, path))
			die("swapoff");
	}
	snprintf(param, sizeof(param), "%zu", mib);
	report("swap", fs, "swapon", param, 1, on, reps, "ms");
	report("swap", fs, "pageout-in-32m", param, 1, io, reps, "ms");
out:
	munmap(anon, len);
	unlink(path);
	return 0;
}

/* ---- 7. PMDK transactions ------------------------------------------------ */

/*
 * libpmemobj transactions on a freshly created 256 MiB pool: each allocates
 * an object of @objsz bytes, fills it and bumps a counter in the root
 * object, so the allocations walk fresh heap pages and the first-touch
 * faults are part of the cost.  "sealed": the pool is created in a sparse
 * file sealed first (libpmemobj takes the file's size); "mapsync": in a
 * file libpmemobj creates itself, which it maps with MAP_SYNC on DAX.
 * Creating the pool is not timed.  Transactions per second.
 */
static double pmemobj_run(const char *dir, const char *method, size_t ops,
			  size_t objsz, int rep)
{
	size_t len = 256UL << 20, i;
	PMEMobjpool *pop;
	uint64_t *count;
	char path[4096];
	PMEMoid root;
	double t0, t1;

	snprintf(path, sizeof(path), "%s/bench.pmemobj.%d", dir, rep);
	unlink(path);
	if (!strcmp(method, "sealed")) {
		close(make_file(path, len, "sparse"));
		if (daxctl(path, DAXCTL_F_STATIC, 0))
			die("daxctl");
		pop = pmemobj_create(path, "daxbench", 0, 0644);
	} else {
		pop = pmemobj_create(path, "daxbench", len, 0644);
	}
	if (!pop) {
		fprintf(stderr, "daxbench: pmemobj_create %s: %s\n", path,
			pmemobj_errormsg());
		exit(1);
	}
	root = pmemobj_root(pop, sizeof(*count));
	count = pmemobj_direct(root);
	t0 = now_ns();
	for (i = 0; i < ops; i++) {
		TX_BEGIN(pop) {
			PMEMoid o = pmemobj_tx_alloc(objsz, 1);

			memset(pmemobj_direct(o), (int)i, objsz);
			pmemobj_tx_add_range(root, 0, sizeof(*count));
			(*count)++;
		} TX_ONABORT {
			fprintf(stderr, "daxbench: transaction %zu aborted: %s\n",
				i, pmemobj_errormsg());
			exit(1);
		} TX_END
	}
	t1 = now_ns();
	if (*count != ops)
		die("pmemobj counter");
	pmemobj_close(pop);
	daxctl(path, 0, 0);
	unlink(path);
	return ops / ((t1 - t0) / 1e9);
}

static int cmd_pmemobj(char **argv)
{
	const char *fs = argv[0], *dir = argv[1];
	int reps = atoi(argv[2]), r, m, s;
	size_t ops = strtoul(argv[3], NULL, 0);
	const char *methods[] = { "sealed", "mapsync" };
	size_t sizes[] = { 256, 4096 };
	char param[32];
	double v[64];

	for (s = 0; s < 2; s++) {
		for (m = can_seal ? 0 : 1; m < 2; m++) {
			for (r = 0; r < reps; r++)
				v[r] = pmemobj_run(dir, methods[m], ops, sizes[s], r);
			snprintf(param, sizeof(param), "%zu", sizes[s]);
			report("pmemobj", fs, methods[m], param, 1, v, reps, "tx/s");
		}
	}
	return 0;
}

/* ---- pre-write ----------------------------------------------------------- */

/*
 * A device-dax device, written once: one byte in every 4 KiB, through a
 * mapping like the benchmarks' (2 MiB aligned, huge pages allowed so that a
 * 2 MiB aligned device can fault at all).  Not timed as a benchmark.
 */
static void prewrite_devdax(const char *dev)
{
	size_t len, off, align;
	double t0;
	char *map;
	int fd;

	fd = open(dev, O_RDWR);
	if (fd < 0)
		die(dev);
	len = devdax_size(fd);
	/* a device of 1 GiB or more is the 1 GiB aligned one */
	align = len >= SZ_1G ? SZ_1G : SZ_2M;
	len &= ~(align - 1);
	if (!len) {
		fprintf(stderr, "daxbench: %s: size unknown\n", dev);
		exit(1);
	}
	t0 = now_ns();
	map = map_aligned_to(fd, len, MAP_SHARED, align);
	madvise(map, len, MADV_HUGEPAGE);
	for (off = 0; off < len; off += PAGE)
		((volatile char *)map)[off] = 0;
	munmap(map, len);
	close(fd);
	printf("# pre-write device-dax %s: %zu MiB written once before timing, "
	       "%.1f s\n", dev, len >> 20, (now_ns() - t0) / 1e9);
	fflush(stdout);
}

/*
 * A file system's free space, written once: a sparse file as large as the
 * free space, sealed (which allocates and zeroes all its blocks in the
 * kernel), unsealed and deleted.  Smaller by 1/8 at each try if it does not
 * fit.
 */
static void prewrite_dir(const char *dir)
{
	char path[4096];
	struct statvfs sv;
	size_t len;
	double t0;
	int fd, err;

	snprintf(path, sizeof(path), "%s/bench.prewrite", dir);
	unlink(path);
	sync();
	if (statvfs(dir, &sv))
		die(dir);
	/* root's free space (ext4 reserves some from others), less a margin */
	len = (size_t)sv.f_bfree * sv.f_frsize;
	len = len > (64UL << 20) ? len - (64UL << 20) : 0;
	t0 = now_ns();
	for (len &= ~(SZ_2M - 1); len >= (64UL << 20);
	     len = (len - len / 8) & ~(SZ_2M - 1)) {
		if (!can_seal) {
			/* the base kernel: allocate, then write it all */
			fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
			if (fd < 0)
				die(path);
			err = fallocate(fd, 0, 0, len) ? errno : 0;
			close(fd);
			if (!err) {
				close(make_file(path, len, "written"));
				break;
			}
		} else {
			fd = make_file(path, len, "sparse");
			close(fd);
			if (!daxctl(path, DAXCTL_F_STATIC, 0))
				break;
			err = errno;
		}
		unlink(path);
		errno = err;
		if (err != ENOSPC && err != EDQUOT)
			die("pre-write");
	}
	if (len < (64UL << 20)) {
		fprintf(stderr, "daxbench: %s: no room to pre-write\n", dir);
		exit(1);
	}
	daxctl(path, 0, 0);
	unlink(path);
	sync();
	printf("# pre-write %s: %zu MiB of free space written once before timing, "
	       "%.1f s\n", dir, len >> 20, (now_ns() - t0) / 1e9);
	fflush(stdout);
}

static int cmd_prewrite(int argc, char **argv)
{
	struct stat st;
	int i;

	for (i = 0; i < argc; i++) {
		if (stat(argv[i], &st))
			die(argv[i]);
		if (S_ISCHR(st.st_mode))
			prewrite_devdax(argv[i]);
		else
			prewrite_dir(argv[i]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	can_seal = daxctl("/", DAXCTL_F_GET, 0) >= 0 || errno != ENOSYS;
	if (!can_seal)
		printf("# no daxctl() in this kernel: methods that seal are left out\n");
	if (argc >= 8 && !strcmp(argv[1], "fault"))
		return cmd_fault(argv + 2);
	if (argc >= 8 && !strcmp(argv[1], "update"))
		return cmd_update(argv + 2);
	if (argc >= 6 && !strcmp(argv[1], "seal"))
		return cmd_seal(argc - 2, argv + 2);
	if (argc >= 6 && !strcmp(argv[1], "scale"))
		return cmd_scale(argv + 2);
	if (argc >= 6 && !strcmp(argv[1], "swap"))
		return cmd_swap(argv + 2);
	if (argc >= 6 && !strcmp(argv[1], "pmemobj"))
		return cmd_pmemobj(argv + 2);
	if (argc >= 6 && !strcmp(argv[1], "gib"))
		return cmd_gib(argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "prewrite"))
		return cmd_prewrite(argc - 2, argv + 2);
	fprintf(stderr, "usage: see the comment at the top of bench/daxbench.c\n");
	return 2;
}
