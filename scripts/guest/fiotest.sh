# Guest side of the fio test: for ext4 and xfs in turn, a 64 MiB file on the
# dax=always mount is sealed with the daxfile tool (daxctl()), fio's libpmem
# engine writes it at random for 5 s (4 KiB blocks, non-temporal stores:
# direct=1), and the file must still be sealed afterwards.  Prints TAP-style
# lines, fio's output as "# " lines, and ends with the kernel log check.
#
# fio's libpmem engine maps the file with libpmem's pmem_map_file() and
# PMEM_FILE_CREATE, which ftruncate()s the file to its size and
# posix_fallocate()s it whole (libpmem 1.12); a sealed file refuses both with
# ETXTBSY, whatever the size.  If that is why fio fails, a "#" line says so.
. scripts/guest/lib.sh
d=build/tools/daxfile
pmem_setup fresh
n=0 rc=0
for fs in ext4 xfs; do
	f=/mnt/$fs/fio-sealed
	what="fio libpmem on a sealed $fs file"
	n=$((n + 1))
	if ! $d seal --size 64M "$f"; then
		echo "not ok $n - $what: could not seal $f"
		rc=1
		rm -f "$f"
		continue
	fi
	# fio keeps nothing of its own next to the file; run it from /tmp
	# (the repo is read-only in the guest)
	out=$(cd /tmp && fio --name=sealed --filename="$f" --ioengine=libpmem \
		--rw=randwrite --bs=4k --size=64M --runtime=5 --time_based \
		--direct=1 2>&1)
	st=$?
	echo "$out" | sed 's/^/# fio: /'
	if [ $st != 0 ] && echo "$out" | grep -q 'Text file busy'; then
		echo "# $fs: fio failed with ETXTBSY: libpmem's pmem_map_file(PMEM_FILE_CREATE) ftruncate()s and posix_fallocate()s the file, and a sealed file refuses both"
	fi
	# still sealed? (daxctl(DAXCTL_F_GET): exit 0 sealed, 3 not sealed)
	status=$($d status "$f" 2>&1)
	sealed=$?
	echo "# $status"
	unsealed=0
	$d unseal "$f" || unsealed=1
	if [ $st = 0 ] && [ $sealed = 0 ] && [ $unsealed = 0 ]; then
		echo "ok $n - $what"
	else
		case $sealed in
		0) state="still sealed" ;;
		3) state="NOT SEALED" ;;
		*) state="in an unknown state (daxfile status exit $sealed)" ;;
		esac
		[ $unsealed = 0 ] || state="$state, and cannot be unsealed"
		echo "not ok $n - $what: fio exit status $st; the file is $state after the run"
		rc=1
	fi
	rm -f "$f"
done
dmesg_check || rc=1
exit $rc
