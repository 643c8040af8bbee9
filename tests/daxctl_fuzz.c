// SPDX-License-Identifier: GPL-2.0
/*
 * daxctl_fuzz DAXDIR SECONDS CALLS SEED: bad input for daxctl(), bounded.
 *
 * Random flags and alignments on a mix of paths: NULL, an unmapped and a
 * kernel address, an over-long name, a symlink loop, a dangling symlink, a
 * FIFO, /dev/null, procfs, sysfs, tmpfs and 9p files, a directory, a DAX
 * file (sealed and unsealed at random) and DAX files that another thread
 * creates and unlinks all the time.  Every call must return 0,
 * DAXCTL_F_STATIC (for DAXCTL_F_GET) or -1 with an errno from the list
 * below; anything else, or a crash, fails.  Stops after CALLS calls or
 * SECONDS seconds.  Prints one TAP line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* daxctl() and its flags: tools/daxfile/daxctl.h, the series' uapi headers */
#include <daxctl.h>

static const int allowed[] = {
	EINVAL, EFAULT, ENOENT, ENAMETOOLONG, ELOOP, EISDIR, EACCES, EPERM,
	EOPNOTSUPP, EBUSY, EROFS, ETXTBSY, ENOTDIR, ENXIO, ENODEV, EAGAIN,
	ENOSPC,
};

static char churn[4096];
static volatile int stop;

static void *churner(void *arg)
{
	while (!stop) {
		int fd = open(churn, O_RDWR | O_CREAT, 0644);

		if (fd >= 0) {
			if (ftruncate(fd, 2 << 20))
				;
			close(fd);
		}
		unlink(churn);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned int flag_pool[] = { 0, DAXCTL_F_GET, DAXCTL_F_STATIC, 2, DAXCTL_F_GET | DAXCTL_F_STATIC,
				     8, 1u << 31, 0xffffffff };
	unsigned int align_pool[] = { 0, 1, 512, 4096, 4097, 8192, 3 << 20,
				      2 << 20, 1u << 30, 1u << 31, 0xffffffff };
	char daxfile[4096], fifo[4096], loop1[4096], loop2[4096], dangle[4096];
	char tmpf[] = "/tmp/daxctl_fuzz.XXXXXX";
	char *longname, *unmapped;
	const char *paths[20];
	unsigned long calls, done = 0, bad = 0, ok = 0;
	time_t end;
	pthread_t t;
	int npaths = 0, fd, i;

	if (argc != 5) {
		fprintf(stderr, "usage: daxctl_fuzz DAXDIR SECONDS CALLS SEED\n");
		return 2;
	}
	end = time(NULL) + atoi(argv[2]);
	calls = strtoul(argv[3], NULL, 0);
	srand(atoi(argv[4]));

	snprintf(daxfile, sizeof(daxfile), "%s/fuzz.dax", argv[1]);
	snprintf(fifo, sizeof(fifo), "%s/fuzz.fifo", argv[1]);
	snprintf(loop1, sizeof(loop1), "%s/fuzz.loop1", argv[1]);
	snprintf(loop2, sizeof(loop2), "%s/fuzz.loop2", argv[1]);
	snprintf(dangle, sizeof(dangle), "%s/fuzz.dangle", argv[1]);
	snprintf(churn, sizeof(churn), "%s/fuzz.churn", argv[1]);
	fd = open(daxfile, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, 4 << 20))
		return perror(daxfile), 1;
	close(fd);
	unlink(fifo);
	unlink(loop1);
	unlink(loop2);
	unlink(dangle);
	if (mkfifo(fifo, 0600) || symlink(loop2, loop1) || symlink(loop1, loop2) ||
	    symlink("/nonexistent/daxctl", dangle))
		return perror("setup"), 1;
	fd = mkstemp(tmpf);
	if (fd < 0 || ftruncate(fd, 1 << 20))
		return perror("tmpfs file"), 1;
	close(fd);
	longname = malloc(8192);
	memset(longname, 'a', 8191);
	longname[8191] = 0;
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(unmapped, 4096);

	paths[npaths++] = NULL;
	paths[npaths++] = unmapped;
	paths[npaths++] = (const char *)0xffffffff81000000UL;
	paths[npaths++] = longname;
	paths[npaths++] = "";
	paths[npaths++] = loop1;
	paths[npaths++] = dangle;
	paths[npaths++] = fifo;
	paths[npaths++] = "/dev/null";
	paths[npaths++] = "/proc/self/status";
	paths[npaths++] = "/sys/kernel/mm/transparent_hugepage/enabled";
	paths[npaths++] = tmpf;
	paths[npaths++] = "/etc/passwd";	/* 9p, read-only */
	paths[npaths++] = argv[1];		/* a directory */
	paths[npaths++] = daxfile;
	paths[npaths++] = daxfile;
	paths[npaths++] = churn;
	paths[npaths++] = churn;

	pthread_create(&t, NULL, churner, NULL);
	while (done < calls && time(NULL) < end) {
		const char *p = paths[rand() % npaths];
		unsigned int fl = flag_pool[rand() % 8];
		unsigned int al = rand() % 3 ? 0 : align_pool[rand() % 11];
		long r;

		errno = 0;
		r = daxctl(p, fl, al);
		done++;
		if (r == 0 || (r == DAXCTL_F_STATIC && fl == DAXCTL_F_GET)) {
			ok++;
			continue;
		}
		for (i = 0; i < (int)(sizeof(allowed) / sizeof(allowed[0])); i++)
			if (r == -1 && errno == allowed[i])
				break;
		if (i == (int)(sizeof(allowed) / sizeof(allowed[0]))) {
			if (bad++ < 10)
				printf("# daxctl(%s, %#x, %#x) = %ld, errno %d\n",
				       p == longname ? "<long>" : (unsigned long)p < 4096 ||
				       (unsigned long)p >= 0xffff000000000000UL ||
				       p == unmapped ? "<bad pointer>" : p, fl, al, r, errno);
		}
	}
	stop = 1;
	pthread_join(t, NULL);
	daxctl(daxfile, 0, 0);
	daxctl(churn, 0, 0);
	unlink(churn);
	unlink(daxfile);
	unlink(fifo);
	unlink(loop1);
	unlink(loop2);
	unlink(dangle);
	unlink(tmpf);
	printf("%s - daxctl bad-input fuzz: %lu calls, %lu succeeded, %lu unexpected\n",
	       bad ? "not ok" : "ok", done, ok, bad);
	return bad ? 1 : 0;
}
