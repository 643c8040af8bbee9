// SPDX-License-Identifier: GPL-2.0
/*
 * swapfill MIB SWAPFILE: fill MIB MiB of anonymous memory with a pattern
 * that differs for every page, then read all of it back.  Run it in a memory
 * cgroup whose limit is below MIB and with SWAPFILE the only swap, so that
 * most of it has to go out to SWAPFILE and come back.  Prints how much of
 * this process was swapped out and the /proc/swaps line of SWAPFILE at the
 * peak, then how many pages came back intact.  Exit 0 when every page did
 * and the process was swapped out at all, 1 otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t word(uint64_t page, uint64_t i)
{
	uint64_t z = (page << 20) ^ i ^ 0x5ca1ab1e;

	z = (z ^ (z >> 31)) * 0x7fb5d329728ea185ULL;
	return z ^ (z >> 27);
}

static long vmswap_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSwap: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static void print_swaps(const char *path)
{
	char line[4096];
	FILE *f = fopen("/proc/swaps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, path, strlen(path)))
			printf("/proc/swaps: %s", line);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	size_t pagesz = sysconf(_SC_PAGESIZE), len, pages, p, i, bad = 0;
	long swapped;
	uint64_t *w;
	char *mem;

	if (argc != 3) {
		fprintf(stderr, "usage: swapfill MIB SWAPFILE\n");
		return 2;
	}
	len = strtoul(argv[1], NULL, 0) << 20;
	pages = len / pagesz;
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (p = 0; p < pages; p++) {
		w = (uint64_t *)(mem + p * pagesz);
		for (i = 0; i < pagesz / 8; i++)
			w[i] = word(p, i);
	}
	swapped = vmswap_kb();
	printf("filled %zu MiB; swapped out: %ld kB\n", len >> 20, swapped);
	print_swaps(argv[2]);
	for (p = 0; p < pages; p++) {
		w = (uint64_t *)(mem + p * pagesz);
		for (i = 0; i < pagesz / 8; i++) {
			if (w[i] != word(p, i)) {
				bad++;
				break;
			}
		}
	}
	printf("read back %zu pages: %zu intact, %zu corrupt\n", pages,
	       pages - bad, bad);
	return bad || swapped <= 0;
}
