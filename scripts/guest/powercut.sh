# Guest side of the power-cut test; scripts/powercut.sh runs these steps,
# several per boot:
#   setup [fresh]        mount (make) the file systems; nothing may commit
#                        the journal or the log behind the test's back
#   store MODE SEED      on ext4 and xfs: fallocate and fsync /mnt/FS/MODE,
#                        then store a pattern through a shared mapping made
#                        durable with cache flushes only.  MODE is plain
#                        (MAP_SHARED), sync (MAP_SYNC) or sealed (MAP_SHARED
#                        after daxctl() sealed the file)
#   cut                  say so, and wait for the power to go
#   verify MODE SEED     count the intact pages of /mnt/FS/MODE
#   fsck MODE...         unmount, check both file systems read-only, and
#                        report the result for each MODE verified
. scripts/guest/lib.sh
pc=build/kselftest/daxfile/daxfile_powercut
pages=${PAGES:-1024}

case $1 in
setup)
	pmem_setup_powercut "$2"
	;;
store)
	mode=$2 seed=$3 map=$2
	for fs in ext4 xfs; do
		f=/mnt/$fs/$mode
		$pc prepare "$f" "$pages" >/dev/null || die "prepare on $fs"
		if [ "$mode" = sealed ]; then
			$pc seal "$f" >/dev/null || die "seal on $fs"
			map=plain
		fi
		echo "$fs: $mode: $($pc store "$f" "$pages" "$seed" "$map")" ||
			die "store on $fs"
	done
	;;
cut)
	echo POWER-CUT-NOW
	sleep 3600
	;;
verify)
	mode=$2 seed=$3
	for fs in ext4 xfs; do
		n=$($pc verify "/mnt/$fs/$mode" "$pages" "$seed" | awk '{print $2}')
		echo "RESULT $fs $mode intact ${n:-error} $pages"
	done
	;;
fsck)
	shift
	for n in ext4 xfs xfsr; do pmem_umount "$n"; done
	for fs in ext4 xfs; do
		r=$(pmem_fsck "$fs")
		for mode in "$@"; do echo "RESULT $fs $mode fsck $r"; done
	done
	;;
*)
	die "usage: powercut.sh setup|store|cut|verify|fsck ..."
	;;
esac
