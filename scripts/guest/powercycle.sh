# Guest side of the repeated power-cut test (scripts/powercycle.sh); steps:
#   setup [fresh]   mount (make) the file systems, with nothing committing
#                   the journal or the log behind the test's back
#   verify SEED     count the intact records of each log and of each
#                   control: "RESULT FS records N", "RESULT FS control N"
#   fsck            unmount, check read-only: "RESULT FS fsck clean|DIRTY"
#   append SEED     on ext4 and xfs: add LOG_GROW_MIB (8) MiB of fallocated
#                   space to the control /mnt/FS/control (fsynced, never
#                   sealed) and to the log /mnt/FS/log (unsealed, grown,
#                   sealed again: the seal of this boot allocates, zeroes and
#                   commits the new blocks); the files are made on the
#                   first call.  Then append records to the four at once
#                   (no fsync, no msync), each from the start of its new
#                   space; once each has acknowledged a first batch, check
#                   the kernel log and print the marker LOG-APPENDING; go on
#                   until the power goes
#   dmesg [STATUS]  check the kernel log, for a boot that ends without a
#                   cut; exits STATUS if it is given (the host reads the
#                   check's line)
# Everything that could commit a journal (fsync, the seals) happens before
# the first record is stored: the control's records are then in unwritten
# extents whose conversion nothing commits, and a cut loses them, which
# shows that the cut hit while the logs were being written.
. scripts/guest/lib.sh
pc=build/kselftest/daxfile/daxfile_powercut
grow=$(( ${LOG_GROW_MIB:-8} << 20 ))
ready=/tmp/powercycle.ready

case $1 in
setup)
	pmem_setup_powercut "$2"
	;;
verify)
	for fs in ext4 xfs; do
		n=$($pc log-verify "/mnt/$fs/log" "$2" | awk '{print $2}')
		echo "RESULT $fs records ${n:-error}"
		n=$($pc log-verify "/mnt/$fs/control" "$2" | awk '{print $2}')
		echo "RESULT $fs control ${n:-error}"
	done
	;;
fsck)
	for n in $DAXFILE_FS; do pmem_umount "$n"; done
	for fs in ext4 xfs; do echo "RESULT $fs fsck $(pmem_fsck "$fs")"; done
	;;
append)
	seed=$2
	# first the controls (fsync), then the logs (the seal commits): all
	# of it before any record is stored
	for f in control log; do
		ctl=
		[ $f = control ] && ctl=--control
		for fs in ext4 xfs; do
			out=$($pc log-grow "/mnt/$fs/$f" "$grow" $ctl 2>&1) ||
				die "log-grow /mnt/$fs/$f: $out"
			echo "$out"
			from=$(echo "$out" | awk '$1 == "grown" { print $3 }')
			[ -n "$from" ] || die "log-grow /mnt/$fs/$f: $out"
			eval "from_${fs}_$f=$from"
		done
	done
	rm -rf "$ready"
	mkdir -p "$ready"
	procs=
	for fs in ext4 xfs; do
		for f in log control; do
			ctl=
			[ $f = control ] && ctl=--control
			eval "from=\$from_${fs}_$f"
			$pc log-append "/mnt/$fs/$f" "$seed" "$from" $ctl \
				--ready "$ready/$fs.$f" &
			procs="$procs $!:$fs.$f"
		done
	done
	# every log acknowledges records before the power can go: a cut
	# with nothing acknowledged in the new space would test nothing
	t=0
	while :; do
		n=0
		for pr in $procs; do
			p=${pr%%:*} name=${pr#*:}
			if [ -e "$ready/$name" ]; then
				n=$((n + 1))
			elif ! kill -0 "$p" 2>/dev/null && ! [ -e "$ready/$name" ]; then
				die "the appender of $name ended before it acknowledged a batch"
			fi
		done
		[ $n -ge 4 ] && break
		t=$((t + 1))
		[ $t -le 1200 ] ||
			die "the logs did not all acknowledge a batch in 120 s"
		sleep 0.1
	done
	# the kernel log of this boot (verify, fsck, growing and sealing
	# included), before the power goes: its line must reach the host
	dmesg_check
	echo LOG-APPENDING
	wait
	# every log is full: wait for the power to go all the same
	sleep 3600
	;;
dmesg)
	dmesg_check
	exit "${2:-$?}"
	;;
*)
	die "usage: powercycle.sh setup|verify|fsck|append|dmesg ..."
	;;
esac
