# Guest side of the power-cut test; scripts/powercut.sh runs these steps,
# several per boot:
#   setup [fresh]        mount (make) the file systems; nothing may commit
#                        the journal or the log behind the test's back
#   store MODE SEED      on ext4 and xfs: fallocate and fsync /mnt/FS/MODE,
#                        then store a pattern through a shared mapping made
#                        durable with cache flushes only.  MODE is plain
#                        (MAP_SHARED), sync (MAP_SYNC) or sealed (MAP_SHARED
#                        after daxctl() sealed the file).  Before the cut,
#                        in the same process, every page is read back
#                        through the mapping and with pread(): "RESULT FS
#                        MODE stored N PAGES", N the pages that read back
#                        both ways, or "error" when a step failed (the
#                        other file system is still done)
#   cut                  check the kernel log (its ok/not ok line reaches
#                        the host before the power goes), say so, and wait
#                        for the power to go
#   verify MODE SEED     count the intact pages of /mnt/FS/MODE
#   fsck MODE...         unmount, check both file systems read-only, and
#                        report the result for each MODE verified
#   dmesg [STATUS]       check the kernel log, for a boot that ends without
#                        a cut; exits STATUS if it is given (the host
#                        reads the check's line)
. scripts/guest/lib.sh
pc=build/kselftest/daxfile/daxfile_powercut
pages=${PAGES:-1024}

case $1 in
setup)
	pmem_setup_powercut "$2"
	;;
store)
	mode=$2 seed=$3 map=$2
	[ "$mode" = sealed ] && map=plain
	for fs in ext4 xfs; do
		f=/mnt/$fs/$mode
		n=error
		if ! $pc prepare "$f" "$pages" >/dev/null; then
			log "error: prepare $f"
		elif [ "$mode" = sealed ] && ! $pc seal "$f" >/dev/null; then
			log "error: seal $f"
		else
			# the exit status counts: 0 only when every page read
			# back intact through the mapping and with pread()
			out=$($pc store "$f" "$pages" "$seed" "$map")
			st=$?
			echo "$out" | sed "s|^|$fs: $mode: |"
			# readback: the fewer of the pages read back through
			# the mapping and with pread()
			r=$(echo "$out" | awk '$1 == "readback" { print ($2 < $3 ? $2 : $3) }')
			[ -n "$r" ] && n=$r
			[ $st != 0 ] && [ "$n" = "$pages" ] && n=error
			[ $st = 0 ] ||
				log "error: store on $fs: status $st; $out"
		fi
		echo "RESULT $fs $mode stored $n $pages"
	done
	;;
cut)
	# the kernel log of this boot, before the power goes: the line must
	# reach the host first, so it comes before the marker
	dmesg_check
	echo POWER-CUT-NOW
	sleep 3600
	;;
dmesg)
	dmesg_check
	exit "${2:-$?}"
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
	for n in $DAXFILE_FS; do pmem_umount "$n"; done
	for fs in ext4 xfs; do
		r=$(pmem_fsck "$fs")
		for mode in "$@"; do echo "RESULT $fs $mode fsck $r"; done
	done
	;;
*)
	die "usage: powercut.sh setup|store|cut|verify|fsck|dmesg ..."
	;;
esac
