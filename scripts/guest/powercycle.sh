# Guest side of the repeated power-cut test (scripts/powercycle.sh); steps:
#   setup [fresh]   mount (make) the file systems, with nothing committing
#                   the journal or the log behind the test's back
#   prepare         make /mnt/FS/log on ext4 and xfs: fallocated, fsynced
#   verify SEED     count the intact records of each log: "RESULT FS records N"
#   fsck            unmount, check read-only: "RESULT FS fsck clean|DIRTY"
#   append SEED     seal each log with daxctl(), then append records to both
#                   at once (no fsync, no msync) until the power goes
. scripts/guest/lib.sh
pc=build/kselftest/daxfile/daxfile_powercut
log_pages=${LOG_PAGES:-32768}	# 128 MiB

case $1 in
setup)
	pmem_setup_powercut "$2"
	;;
prepare)
	for fs in ext4 xfs; do
		$pc prepare "/mnt/$fs/log" "$log_pages" >/dev/null ||
			die "prepare on $fs"
	done
	;;
verify)
	for fs in ext4 xfs; do
		n=$($pc log-verify "/mnt/$fs/log" "$2" | awk '{print $2}')
		echo "RESULT $fs records ${n:-error}"
	done
	;;
fsck)
	for n in ext4 xfs xfsr; do pmem_umount "$n"; done
	for fs in ext4 xfs; do echo "RESULT $fs fsck $(pmem_fsck "$fs")"; done
	;;
append)
	for fs in ext4 xfs; do
		$pc seal "/mnt/$fs/log" >/dev/null || die "seal on $fs"
	done
	echo LOG-APPENDING
	for fs in ext4 xfs; do
		$pc log-append "/mnt/$fs/log" "$2" &
	done
	wait
	# both logs are full: wait for the power to go all the same
	sleep 3600
	;;
*)
	die "usage: powercycle.sh setup|prepare|verify|fsck|append ..."
	;;
esac
