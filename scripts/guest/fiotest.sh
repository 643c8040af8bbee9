# Guest side of the fio test: for ext4 and xfs in turn, a 64 MiB file on the
# dax=always mount is sealed with the daxfile tool (daxctl()), fio's libpmem
# engine writes it at random for 5 s (4 KiB blocks, non-temporal stores:
# direct=1), and the file must still be sealed afterwards and unseal.  fio
# must exit 0 and report writes.  Prints TAP lines "ok N - " / "not ok N - ",
# fio's output as "# " lines, and ends with the kernel log check.
#
# fio's libpmem engine maps the file with libpmem's pmem_map_file() and
# PMEM_FILE_CREATE, which ftruncate()s the file to its size and
# posix_fallocate()s all of it (libpmem 1.12): a sealed file lets both
# through as long as they change nothing.
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
	# fio exits 0 having done nothing in some failures: it must have written
	echo "$out" | grep -qE '^ *WRITE: bw=[1-9]' || { [ $st != 0 ] || st=fio-wrote-nothing; }
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
