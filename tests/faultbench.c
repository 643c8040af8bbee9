// SPDX-License-Identifier: GPL-2.0
/*
 * faultbench DIR [PAGES] [REPS]: the cost of a first-touch 4 KiB write fault
 * through a shared mapping of a file in DIR (a dax=always mount), for:
 *
 *   sealed    a fallocated file sealed with daxctl()
 *   written   a plain DAX file whose blocks are already written
 *   fallocated  a plain DAX file freshly fallocated (unwritten extents)
 *   mapsync   MAP_SYNC on a freshly fallocated file
 *
 * Huge pages are turned off on the mappings (MADV_NOHUGEPAGE) so that every
 * page takes one fault.  Each figure is the median of REPS runs over a new
 * file, in ns per fault, with min and max.  Output: one CSV line per mode,
 * "mode,median_ns,min_ns,max_ns".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif
#define NR_DAXCTL 463
#define DAXCTL_F_STATIC 4

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double one_run(const char *dir, const char *mode, size_t pages, int rep)
{
	size_t pagesz = 4096, len = pages * pagesz, i;
	int flags = MAP_SHARED;
	char path[4096];
	double t0, t1;
	char *map;
	int fd;

	snprintf(path, sizeof(path), "%s/faultbench.%s.%d.%d", dir, mode, getpid(), rep);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || fallocate(fd, 0, 0, len)) {
		perror(path);
		exit(1);
	}
	if (!strcmp(mode, "written")) {
		char *buf = calloc(1, 1 << 20);

		for (i = 0; i < len; i += 1 << 20)
			if (pwrite(fd, buf, 1 << 20, i) != 1 << 20)
				exit(1);
		free(buf);
	}
	fsync(fd);
	if (!strcmp(mode, "sealed") &&
	    syscall(NR_DAXCTL, path, DAXCTL_F_STATIC, 0)) {
		perror("daxctl");
		exit(1);
	}
	if (!strcmp(mode, "mapsync"))
		flags = MAP_SHARED_VALIDATE | MAP_SYNC;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, 0);
	if (map == MAP_FAILED || madvise(map, len, MADV_NOHUGEPAGE)) {
		perror("mmap");
		exit(1);
	}
	t0 = now_ns();
	for (i = 0; i < pages; i++)
		map[i * pagesz] = 1;
	t1 = now_ns();
	munmap(map, len);
	if (!strcmp(mode, "sealed"))
		syscall(NR_DAXCTL, path, 0, 0);
	close(fd);
	unlink(path);
	return (t1 - t0) / pages;
}

int main(int argc, char **argv)
{
	const char *modes[] = { "sealed", "written", "fallocated", "mapsync" };
	size_t pages = argc > 2 ? strtoul(argv[2], NULL, 0) : 2048;
	int reps = argc > 3 ? atoi(argv[3]) : 5, m, r;
	double t[64];

	if (argc < 2 || reps < 1 || reps > 64) {
		fprintf(stderr, "usage: faultbench DIR [PAGES] [REPS]\n");
		return 2;
	}
	for (m = 0; m < 4; m++) {
		for (r = 0; r < reps; r++)
			t[r] = one_run(argv[1], modes[m], pages, r);
		qsort(t, reps, sizeof(t[0]), cmp);
		printf("%s,%.0f,%.0f,%.0f\n", modes[m], t[reps / 2], t[0], t[reps - 1]);
		fflush(stdout);
	}
	return 0;
}
