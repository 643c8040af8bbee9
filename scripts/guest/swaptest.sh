# Guest side of the swap-on-DAX test (make check): for ext4 and xfs in turn,
# a swapfile on the dax=always mount is the only swap, and a process in a
# memory cgroup limited to 48 MiB fills 160 MiB of anonymous memory and
# reads it back.  Prints TAP-style lines.
. scripts/guest/lib.sh
pmem_setup fresh
cg=/sys/fs/cgroup
echo +memory >$cg/cgroup.subtree_control || die "no memory controller"
n=0 rc=0
for fs in ext4 xfs; do
	f=/mnt/$fs/swapfile
	dd if=/dev/zero of=$f bs=1M count=256 status=none && chmod 600 $f &&
		mkswap -q $f || die "making $f"
	swapon $f || die "swapon $f"
	mkdir -p $cg/swaptest
	echo 48M >$cg/swaptest/memory.max
	out=$(sh -c "echo \$\$ >$cg/swaptest/cgroup.procs && exec timeout 300 build/tools/swapfill 160 $f" 2>&1)
	st=$?
	echo "$out" | sed 's/^/# /'
	swapoff $f || st=1
	rmdir $cg/swaptest
	n=$((n + 1))
	if [ $st = 0 ]; then
		echo "ok $n - swap on a $fs DAX swapfile: 160 MiB through a 48 MiB cgroup, all pages intact"
	else
		echo "not ok $n - swap on a $fs DAX swapfile (status $st)"
		rc=1
	fi
done
dmesg_check || rc=1
exit $rc
