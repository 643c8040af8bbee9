# Guest side of the power-cut test (scripts/powercut.sh runs it, one step
# per boot):
#   powercut.sh store MODE SEED [fresh]  prepare /mnt/{ext4,xfs}/MODE, store
#                                        through a MODE mapping, then wait
#                                        for the power to go
#   powercut.sh verify MODE SEED         count intact pages, then fsck
# MODE is plain (MAP_SHARED) or sync (MAP_SYNC).
. scripts/guest/lib.sh
pc=build/kselftest/daxfile/daxfile_powercut
pages=${PAGES:-1024}
phase=$1 mode=$2 seed=$3

case $phase in
store)
	# Nothing may commit the journal or the log behind the test's back:
	# ext4 commits every 600 s instead of 5, xfs syncs every 2 h, and the
	# flusher threads do not wake up.
	echo 720000 >/proc/sys/fs/xfs/xfssyncd_centisecs
	echo 0 >/proc/sys/vm/dirty_writeback_centisecs
	echo 360000 >/proc/sys/vm/dirty_expire_centisecs
	pmem_setup "$4" commit=600 ""
	for fs in ext4 xfs; do
		$pc prepare "/mnt/$fs/$mode" "$pages" >/dev/null || die "prepare on $fs"
	done
	for fs in ext4 xfs; do
		echo "$fs: $($pc store "/mnt/$fs/$mode" "$pages" "$seed" "$mode")" ||
			die "store on $fs"
	done
	echo POWER-CUT-NOW
	sleep 3600
	;;
verify)
	pmem_setup
	for fs in ext4 xfs; do
		n=$($pc verify "/mnt/$fs/$mode" "$pages" "$seed" | awk '{print $2}')
		echo "RESULT $fs $mode intact ${n:-error} $pages"
	done
	for n in ext4 xfs xfsr; do pmem_umount "$n"; done
	for fs in ext4 xfs; do
		echo "RESULT $fs $mode fsck $(pmem_fsck "$fs")"
	done
	;;
*)
	die "usage: powercut.sh store|verify MODE SEED [fresh]"
	;;
esac
