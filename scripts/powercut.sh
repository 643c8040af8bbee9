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
# usage: powercut.sh [--check]
#   --check  print TAP-style ok/not ok lines for make check (the plain
#            stores must all be lost, the MAP_SYNC and sealed ones all
#            kept, fsck clean everywhere); exit 1 on any failure
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
step() {
	local what=$1; shift
	"$@"
	local st=$?
	if [ $st != 0 ]; then
		echo "powercut: $what failed (status $st); see $log and build/vm/console.log" >&2
		fail=1
	fi
	return $st
}

echo "powercut: boot 1/3: fresh ext4 and xfs, $pages page stores through plain MAP_SHARED mappings, then the power is cut"
step "boot 1 (plain stores)" vm --fresh --cut-at POWER-CUT-NOW -- \
	"$g setup fresh && $g store plain $seed_plain && $g cut" &&
echo "powercut: boot 2/3: count the plain stores that survived, fsck; stores through MAP_SYNC and through a sealed file, then the power is cut" &&
step "boot 2 (verify plain; MAP_SYNC and sealed stores)" vm --cut-at POWER-CUT-NOW -- \
	"$g setup && $g verify plain $seed_plain && $g fsck plain &&
	 $g setup && $g store sync $seed_sync && $g store sealed $seed_sealed && $g cut" &&
echo "powercut: boot 3/3: count the MAP_SYNC and sealed stores that survived, fsck" &&
step "boot 3 (verify MAP_SYNC and sealed)" vm -- \
	"$g setup && $g verify sync $seed_sync && $g verify sealed $seed_sealed && $g fsck sync sealed"

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
		if [ $check = 1 ]; then
			assert $ok "powercut: $fs $label: $intact of $total pages intact after the cut (want $want: stores $verdict)"
			assert $([ "$fsck" = clean ] && echo 1 || echo 0) "powercut: $fs $label: fsck after the cut is $fsck"
		else
			printf '  %-5s %-20s %5s / %-5s pages intact   fsck %s\n' \
				"$fs" "$label" "$intact" "$total" "$fsck"
		fi
	done
done
if [ $check = 0 ]; then
	echo "The plain mapping loses every store: the fault converted fallocated (unwritten)"
	echo "extents in a journal transaction that never committed.  MAP_SYNC commits at"
	echo "fault time, so every store survives.  A sealed file needs no commit at fault"
	echo "time: daxctl() wrote and committed its whole block map once, beforehand."
fi
[ $fail = 0 ] && [ $failed = 0 ]
