#!/bin/bash
# The power-cut test: stores through a shared DAX mapping, made durable with
# CPU cache flushes only (no fsync, no msync), then QEMU is killed and the
# guest boots again on the same NVDIMM files.
#
#   boot 1: fresh file systems; fallocate + fsync a file on ext4 and on
#           xfs; store through plain MAP_SHARED mappings; power cut
#   boot 2: count intact pages and fsck; then the same with MAP_SYNC
#           mappings, then with a file sealed by daxctl() and a plain
#           MAP_SHARED mapping; power cut
#   boot 3: count intact pages of both and fsck
#
# The plain stores run alone in their boot: a MAP_SYNC fault or a seal on
# the same file system forces a journal commit that would rescue them.
# The sealed stores come last in theirs, so nothing commits after them.
#
# Every store is read back in its boot, before the cut, through the mapping
# and with pread(), and the store program's exit status is checked: a row
# whose stores did not all happen is "not ok" whatever the cut did (a store
# that never happened must not count as lost).  Every boot checks the
# kernel log (lib.sh's dmesg_check): the boots that are cut do it just
# before the marker, so that its line reaches the host before QEMU dies.
#
# usage: powercut.sh [--check]
#   --check  print TAP-style ok/not ok lines for make check (the plain
#            stores must all be lost, the MAP_SYNC and sealed ones all
#            kept, every store read back before the cut, fsck clean
#            everywhere, the kernel log clean in every boot); exit 1 on
#            any failure
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
check=0
[ "${1:-}" = --check ] && check=1
pages=1024
logdir=build/logs
mkdir -p "$logdir"
log=$logdir/powercut.log
: >"$log"
vm() { scripts/vm --quiet --log "$log" --timeout 600 "$@"; }
seed_plain=$(( (RANDOM << 16) | RANDOM ))
seed_sync=$(( (RANDOM << 16) | RANDOM ))
seed_sealed=$(( (RANDOM << 16) | RANDOM ))
g="PAGES=$pages sh scripts/guest/powercut.sh"

fail=0
declare -A klog	# boot number: the kernel log check's verdict in that boot
# step N WHAT VM-ARGS...: boot N; its kernel log verdict from the lines it
# added to the log (the last dmesg_check line: clean or splats)
step() {
	local n=$1 what=$2; shift 2
	local from=$(($(wc -l <"$log") + 1))
	vm "$@"
	local st=$?
	klog[$n]=$(tail -n "+$from" "$log" | awk '
		/^ok - kernel log/ { r = "clean" }
		/^not ok - kernel log/ { r = "splats" }
		END { print r }')
	if [ $st != 0 ]; then
		echo "powercut: $what failed (status $st); see $log and build/vm/console.log" >&2
		fail=1
	fi
	return $st
}

# The boots that are cut check the kernel log in the "cut" step, before the
# marker; "; $g dmesg" checks it when a step failed before the cut, and at
# the end of the last boot.
echo "powercut: boot 1/3: fresh ext4 and xfs, $pages page stores through plain MAP_SHARED mappings, then the power is cut"
step 1 "boot 1 (plain stores)" --fresh --cut-at POWER-CUT-NOW -- \
	"$g setup fresh && $g store plain $seed_plain && $g cut; $g dmesg 1" &&
echo "powercut: boot 2/3: count the plain stores that survived, fsck; stores through MAP_SYNC and through a sealed file, then the power is cut" &&
step 2 "boot 2 (verify plain; MAP_SYNC and sealed stores)" --cut-at POWER-CUT-NOW -- \
	"$g setup && $g verify plain $seed_plain && $g fsck plain &&
	 $g setup && $g store sync $seed_sync && $g store sealed $seed_sealed && $g cut; $g dmesg 1" &&
echo "powercut: boot 3/3: count the MAP_SYNC and sealed stores that survived, fsck" &&
step 3 "boot 3 (verify MAP_SYNC and sealed)" -- \
	"$g setup && $g verify sync $seed_sync && $g verify sealed $seed_sealed && $g fsck sync sealed; $g dmesg \$?"

result() { awk -v fs="$1" -v m="$2" -v k="$3" '$1 == "RESULT" && $2 == fs && $3 == m && $4 == k { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print; exit }' "$log"; }

tests=0 failed=0
assert() {
	tests=$((tests + 1))
	if [ "$1" = 1 ]; then
		[ $check = 1 ] && echo "ok $tests - $2"
	else
		failed=$((failed + 1))
		[ $check = 1 ] && echo "not ok $tests - $2"
	fi
}

[ $check = 1 ] || echo "Power cut after $pages page stores (4 KiB each) made durable with CPU cache flushes, no fsync/msync:"
for fs in ext4 xfs; do
	for mode in plain sync sealed; do
		set -- $(result $fs $mode intact)
		intact=${1:-?} total=${2:-$pages}
		set -- $(result $fs $mode stored)
		stored=${1:-?}
		fsck=$(result $fs $mode fsck)
		fsck=${fsck:-?}
		if [ $mode = plain ]; then
			label="MAP_SHARED (plain)"
			want=0 verdict="lost"
			ok=$([ "$intact" = 0 ] && echo 1 || echo 0)
		else
			label="MAP_SYNC"
			[ $mode = sealed ] && label="sealed, MAP_SHARED"
			want=$total verdict="kept"
			ok=$([ "$intact" = "$total" ] && echo 1 || echo 0)
		fi
		# the stores must all have happened (the program succeeded and
		# read every page back before the cut) for the count to mean
		# anything: otherwise the row fails, whatever the count
		note='' why=''
		if [ "$stored" != "$total" ]; then
			ok=0
			case $stored in
			[0-9]*) why="only $stored of $total pages read back before the cut" ;;
			*) why="the store program (or its prepare/seal) failed" ;;
			esac
			note="   STORES FAILED: $why"
		fi
		if [ $check = 1 ]; then
			if [ -n "$note" ]; then
				assert 0 "powercut: $fs $label: the stores did not all happen: $why; the count after the cut ($intact of $total) means nothing"
			else
				assert $ok "powercut: $fs $label: $intact of $total pages intact after the cut (want $want: stores $verdict; all $total read back before the cut)"
			fi
			assert $([ "$fsck" = clean ] && echo 1 || echo 0) "powercut: $fs $label: fsck after the cut is $fsck"
		else
			# the demo fails on stores that did not happen, not
			# on the counts (it shows them)
			[ -z "$note" ] || failed=$((failed + 1))
			printf '  %-5s %-20s %5s / %-5s pages intact   fsck %s%s\n' \
				"$fs" "$label" "$intact" "$total" "$fsck" "$note"
		fi
	done
done
# the kernel log of every boot, the cut ones included (checked just before
# the cut)
for n in 1 2 3; do
	k=${klog[$n]:-}
	if [ $check = 1 ]; then
		assert $([ "$k" = clean ] && echo 1 || echo 0) \
			"powercut: boot $n: kernel log ${k:-not checked (the boot did not get that far)}"
	elif [ "$k" != clean ]; then
		failed=$((failed + 1))
		echo "  boot $n: kernel log ${k:-not checked (the boot did not get that far)}; see $log"
	fi
done
if [ $check = 0 ]; then
	echo "The plain mapping loses every store: the fault converted fallocated (unwritten)"
	echo "extents in a journal transaction that never committed.  MAP_SYNC commits at"
	echo "fault time, so every store survives.  A sealed file needs no commit at fault"
	echo "time: daxctl() wrote and committed its whole block map once, beforehand."
fi
[ $fail = 0 ] && [ $failed = 0 ]
