# Guest side of make bench's second run: the fault and swap benchmarks again,
# each timed loop between two getcpu() calls (DAXBENCH_MARK), for QEMU's
# insncount plugin to count the instructions between (bench/insns.py).
# One vCPU: the counts are per vCPU.  Fewer, shorter runs: the counts
# hardly vary.
. scripts/guest/lib.sh
pmem_setup fresh >/dev/null
. bench/devdax.sh
devdax_setup
dev4k=/dev/$(devdax dax4k) dev2m=/dev/$(devdax dax2m)
[ -c "$dev4k" ] && [ -c "$dev2m" ] || die "no device-dax devices"
B=build/tools/daxbench
$B prewrite "$dev4k" "$dev2m" /mnt/ext4 /mnt/xfs || exit 1
export DAXBENCH_MARK=1
$B fault ext4 /mnt/ext4 "$dev4k" "$dev2m" 3 4096 32 || exit 1
$B fault xfs /mnt/xfs "" "" 3 4096 32 || exit 1
# swap on file systems without DAX, which both kernels can swap on
nodax_setup >/dev/null
for fs in ext4 xfs; do
	$B swap "$fs-nodax" "/mnt/$fs-nodax" 3 128 || exit 1
done
