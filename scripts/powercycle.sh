#!/bin/bash
# Repeated power cuts: records appended to a sealed file with cache flushes
# and no fsync, QEMU killed at a random moment, reboot, verify.
#
#   boot 0: fresh file systems; a 128 MiB log file on ext4 and on xfs,
#           fallocated and fsynced; seal both with daxctl() and append
#           checksummed records in batches, each batch acknowledged on the
#           console once its cache lines are flushed; the power goes at a
#           random moment 0.2-4 s into the appending
#   boot i: count the records that read back intact: at least every record
#           acknowledged before the cut must be; fsck both file systems;
#           seal again (the seal lives in memory) and append; power cut
#   last:   verify and fsck only
#
# usage: powercycle.sh [CYCLES]   (default 20)
# Prints a TAP-style ok/not ok line per cycle and file system.
# Exits 1 when a record acknowledged before a cut is missing, a fsck is not
# clean, or a boot fails.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cycles=${1:-20}
logdir=build/logs
mkdir -p "$logdir"
log=$logdir/powercycle.log
: >"$log"
seed=$(( (RANDOM << 16) | RANDOM ))
g="sh scripts/guest/powercycle.sh"
echo "Repeated power cuts: $cycles cycles, seed $seed (log: $log)"

tests=0 failed=0
assert() {
	tests=$((tests + 1))
	if [ "$1" = 1 ]; then
		echo "ok $tests - $2"
	else
		failed=$((failed + 1))
		echo "not ok $tests - $2"
	fi
}

# boot() LOGFILE VM-ARGS...: one boot, its output in LOGFILE and the log
boot() {
	local out=$1; shift
	: >"$out"
	scripts/vm --quiet --log "$out" --timeout 900 "$@"
	local st=$?
	cat "$out" >>"$log"
	return $st
}

# the last record acknowledged on FS in a boot's output (0 if none)
acked() { awk -v f="/mnt/$2/log" '$1 == "ACK" && $2 == f { n = $3 } END { print n + 0 }' "$1"; }
result() { awk -v fs="$2" -v k="$3" '$1 == "RESULT" && $2 == fs && $3 == k { print $4; exit }' "$1"; }

out=$logdir/powercycle.boot
delay() { awk -v r=$(( (RANDOM << 15 | RANDOM) % 1000 )) 'BEGIN { printf "%.2f", 0.2 + 3.8 * r / 1000 }'; }

d=$(delay)
boot "$out" --fresh --cut-at LOG-APPENDING --cut-delay "$d" -- \
	"$g setup fresh && $g prepare && $g append $seed"
st=$?
assert "$([ $st = 0 ] && echo 1 || echo 0)" "boot 0: logs made, sealed, appending; power cut after ${d}s (status $st)"
declare -A ack
for fs in ext4 xfs; do ack[$fs]=$(acked "$out" $fs); done
[ $st = 0 ] || cycles=0

for ((i = 1; i <= cycles; i++)); do
	if [ $i -lt "$cycles" ]; then
		d=$(delay)
		boot "$out" --cut-at LOG-APPENDING --cut-delay "$d" -- \
			"$g setup && $g verify $seed && $g fsck && $g setup && $g append $seed"
	else
		d=
		boot "$out" -- "$g setup && $g verify $seed && $g fsck"
	fi
	st=$?
	for fs in ext4 xfs; do
		n=$(result "$out" $fs records)
		f=$(result "$out" $fs fsck)
		ok=$([ "$st" = 0 ] && [ -n "$n" ] && [ "$n" != error ] &&
		     [ "$n" -ge "${ack[$fs]}" ] && [ "$f" = clean ] && echo 1 || echo 0)
		assert "$ok" "cycle $i: $fs: ${n:-?} records intact, ${ack[$fs]} acknowledged before the cut, fsck ${f:-?}"
		[ $i -lt "$cycles" ] && ack[$fs]=$(acked "$out" $fs)
	done
	if [ "$st" != 0 ]; then
		echo "powercycle: boot $i failed (status $st); see $log and build/vm/console.log" >&2
		break
	fi
	[ -n "$d" ] && echo "# cycle $i: power cut ${d}s into the appending"
done
# the appending must have got somewhere for the test to mean anything
for fs in ext4 xfs; do
	n=$(result "$out" $fs records)
	assert "$([ "${n:-0}" != error ] && [ "${n:-0}" -gt 0 ] 2>/dev/null && echo 1 || echo 0)" \
		"$fs: ${n:-0} records in the log after $cycles power cuts"
done
echo "powercycle: $cycles power cuts, $((tests - failed)) of $tests checks passed"
[ "$failed" = 0 ]
