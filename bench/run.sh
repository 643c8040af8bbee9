# Guest side of make bench: fresh file systems, two device-dax namespaces in
# the second NVDIMM's free space (4 KiB and 2 MiB aligned), all of them written once
# (daxbench prewrite), then every section of daxbench, CSV on stdout.
# QUICK=1 for the short version.  On the base kernel (no daxctl()) daxbench
# leaves out what needs a seal.
. scripts/guest/lib.sh
pmem_setup fresh >/dev/null
. bench/devdax.sh
devdax_setup
# 1 GiB device-dax, beside xfs1g on the third NVDIMM
ndctl create-namespace -r "$(region_of 3)" -m devdax -a 1G -s 3G -n dax1g \
	>/dev/null || die "devdax dax1g"
dev4k=/dev/$(devdax dax4k) dev2m=/dev/$(devdax dax2m) dev1g=/dev/$(devdax dax1g)
case "$dev4k$dev2m$dev1g" in */null*) die "no device-dax devices" ;; esac
[ -c "$dev4k" ] && [ -c "$dev2m" ] && [ -c "$dev1g" ] ||
	die "no device-dax devices"

if [ "${QUICK:-0}" = 1 ]; then
	reps=3 fpages=2048 hfaults=32 ops=200 seals="64 256" spages=2048
else
	reps=5 fpages=16384 hfaults=256 ops=1000 seals="64 256 1024" spages=8192
fi
echo "# kernel $(uname -r) $(uname -v)"
echo "# cpus $(nproc), memory $(awk '/MemTotal/ {print $2}' /proc/meminfo) kB"
echo "# reps $reps, fault pages $fpages, 2 MiB faults $hfaults, update ops $ops, seal sizes $seals MiB"
B=build/tools/daxbench
# The NVDIMMs are fresh: the first write to each 2 MiB of them costs
# milliseconds, once.  Pay it here, untimed, not in the first repetition
# of whichever run happens to write there first.
$B prewrite "$dev4k" "$dev2m" "$dev1g" /mnt/ext4 /mnt/xfs /mnt/xfs1g || exit 1
$B fault ext4 /mnt/ext4 "$dev4k" "$dev2m" $reps $fpages $hfaults || exit 1
$B fault xfs /mnt/xfs "" "" $reps $fpages $hfaults || exit 1
$B gib xfs1g /mnt/xfs1g "$dev1g" $reps || exit 1
$B gib xfs /mnt/xfs "" $reps || exit 1
$B update ext4 /mnt/ext4 "$dev2m" $reps $ops 1024 || exit 1
$B seal ext4 /mnt/ext4 $reps $seals || exit 1
$B seal xfs /mnt/xfs $reps $seals || exit 1
$B scale ext4 /mnt/ext4 $reps $spages || exit 1
$B pmemobj ext4 /mnt/ext4 $reps $ops || exit 1
$B pmemobj xfs /mnt/xfs $reps $ops || exit 1
# swap: activation walks the block map with the series' walker
nodax_setup >/dev/null
for fs in ext4 xfs; do
	$B swap "$fs-nodax" "/mnt/$fs-nodax" $reps 128 || exit 1
	$B swap "$fs" "/mnt/$fs" $reps 128 || exit 1
done
