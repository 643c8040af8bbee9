// SPDX-License-Identifier: GPL-2.0
/*
 * Count the guest instructions QEMU's TCG executes, per vCPU, kernel and
 * user apart, and print the counts whenever the guest executes the
 * instruction at mark=ADDR (a kernel function's entry from System.map):
 * the guest brackets what it measures with calls that reach it.
 * The declarations below are those of QEMU's plugin interface (version
 * 1, as in QEMU 7.2) that this uses: Debian packages no header for it.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t plugin_id;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef void (*vcpu_udata_cb)(unsigned int vcpu, void *udata);
typedef void (*tb_trans_cb)(plugin_id id, struct qemu_plugin_tb *tb);

void qemu_plugin_register_vcpu_tb_trans_cb(plugin_id id, tb_trans_cb cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  vcpu_udata_cb cb, int flags,
					  void *udata);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    vcpu_udata_cb cb, int flags,
					    void *udata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
					      int op, void *ptr, uint64_t imm);
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MAX_VCPUS	64
#define KERNEL_BASE	0xffff800000000000ULL

static uint64_t count[MAX_VCPUS][2];	/* [vcpu][kernel] */
static uint64_t mark;

/*
 * profile=1 (one vCPU only): also count the instructions of each kernel
 * translation block, and print those counted since the previous mark at
 * each mark, one "insnprof ADDR COUNT" line per block.
 */
struct block {
	uint64_t vaddr;
	uint64_t count;
};
static struct block *blocks;
static size_t nr_blocks, max_blocks;
static bool profile;

static void tb_exec(unsigned int vcpu, void *udata)
{
	uintptr_t v = (uintptr_t)udata;

	if (vcpu < MAX_VCPUS)
		count[vcpu][v & 1] += v >> 1;
}

static void mark_exec(unsigned int vcpu, void *udata)
{
	char buf[128];

	if (vcpu >= MAX_VCPUS)
		return;
	snprintf(buf, sizeof(buf), "insncount vcpu %u kernel %" PRIu64
		 " user %" PRIu64 "\n", vcpu, count[vcpu][1], count[vcpu][0]);
	qemu_plugin_outs(buf);
	for (size_t i = 0; profile && i < nr_blocks; i++) {
		if (!blocks[i].count)
			continue;
		snprintf(buf, sizeof(buf), "insnprof %" PRIx64 " %" PRIu64 "\n",
			 blocks[i].vaddr, blocks[i].count);
		qemu_plugin_outs(buf);
		blocks[i].count = 0;
	}
}

static void tb_trans(plugin_id id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	bool kernel = qemu_plugin_tb_vaddr(tb) >= KERNEL_BASE;

	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, 0,
				(void *)(uintptr_t)(n << 1 | kernel));
	if (profile && kernel && nr_blocks < max_blocks) {
		struct block *b = &blocks[nr_blocks++];

		b->vaddr = qemu_plugin_tb_vaddr(tb);
		qemu_plugin_register_vcpu_tb_exec_inline(tb, 0, &b->count, n);
	}
	for (i = 0; mark && i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (qemu_plugin_insn_vaddr(insn) == mark)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, mark_exec,
							       0, NULL);
	}
}

__attribute__((visibility("default")))
int qemu_plugin_install(plugin_id id, const void *info, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "mark=", 5))
			mark = strtoull(argv[i] + 5, NULL, 16);
		else if (!strcmp(argv[i], "profile=1"))
			profile = true;
	if (profile) {
		/* blocks are never freed: enough for a boot and a benchmark */
		max_blocks = 1 << 22;
		blocks = calloc(max_blocks, sizeof(*blocks));
		if (!blocks)
			return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	return 0;
}
