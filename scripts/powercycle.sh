#!/bin/bash
# Repeated power cuts: records appended to a sealed file with cache flushes
# and no fsync, QEMU killed at a random moment, reboot, verify.  Every cut
# tests a seal made in the boot it ends, and an unsealed control on the same
# file systems shows that the cuts hit.
#
#   boot 0: fresh file systems; on ext4 and on xfs, a log file and a control
#           file, each given LOG_GROW_MIB (8) MiB of fallocated space: the
#           control fsynced and never sealed, the log sealed with daxctl()
#           (the seal allocates, zeroes and commits the blocks); append
#           checksummed records to the four files at once, in batches, each
#           batch acknowledged on the console once its cache lines are
#           flushed; once each file has acknowledged a batch, the kernel log
#           is checked and the power goes at a random moment 0.2-4 s later
#   boot i: count the records that read back intact, in sequence across all
#           the cycles' space: at least every record of the log acknowledged
#           before any cut must be; count the control's; fsck both file
#           systems; then grow both files again (the log is unsealed, grown
#           and sealed again in this boot), append the next records into the
#           new space, check the kernel log; power cut
#   last:   verify, fsck and the kernel log only
#
# Each boot must acknowledge log records beyond those of the cycles before
# (the log keeps growing).  The control's records sit in fallocated
# (unwritten) extents whose conversion nothing commits before the cut: a cut
# that hits loses them.  Over the run the control must lose acknowledged
# records at least once on each file system, or the cuts proved nothing.
#
# usage: powercycle.sh [CYCLES]   (default 20)
# Prints a TAP-style ok/not ok line per cycle and file system, per boot for
# its kernel log, and one per file system for the control.
# Exits 1 when a record acknowledged before a cut is missing, a boot
# acknowledged no new record, a fsck is not clean, a kernel log has a splat,
# the control never lost anything, or a boot fails.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cycles=${1:-20}
grow_mib=${LOG_GROW_MIB:-8}
logdir=build/logs
mkdir -p "$logdir"
log=$logdir/powercycle.log
: >"$log"
seed=$(( (RANDOM << 16) | RANDOM ))
g="LOG_GROW_MIB=$grow_mib sh scripts/guest/powercycle.sh"
echo "Repeated power cuts: $cycles cycles, seed $seed, $grow_mib MiB sealed afresh per cycle (log: $log)"

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

# the last record acknowledged on FILE (log or control) of FS in a boot's
# output (0 if none)
acked() { awk -v f="/mnt/$2/$3" '$1 == "ACK" && $2 == f { n = $3 } END { print n + 0 }' "$1"; }
result() { awk -v fs="$2" -v k="$3" '$1 == "RESULT" && $2 == fs && $3 == k { print $4; exit }' "$1"; }
# the kernel log check's verdict in a boot's output: clean, splats or empty
klog() {
	awk '/^ok - kernel log/ { r = "clean" } /^not ok - kernel log/ { r = "splats" }
		END { print r }' "$1"
}
num() { [[ ${1:-} =~ ^[0-9]+$ ]]; }

out=$logdir/powercycle.boot
delay() { awk -v r=$(( (RANDOM << 15 | RANDOM) % 1000 )) 'BEGIN { printf "%.2f", 0.2 + 3.8 * r / 1000 }'; }

declare -A ack ackc lost checked
# grew BOOT: each file system's log acknowledged records beyond ${before[fs]}
# in this boot, in space sealed in this boot
grew() {
	local fs a
	for fs in ext4 xfs; do
		a=$(acked "$out" $fs log)
		if [ "$a" -gt "${before[$fs]}" ]; then
			assert 1 "boot $1: $fs: the log grew by $grow_mib MiB sealed in this boot; records $((before[$fs] + 1))-$a acknowledged in it"
		else
			assert 0 "boot $1: $fs: no record acknowledged in the space sealed in this boot (last acknowledged: $a; want more than the ${before[$fs]} before)"
		fi
	done
}
# kernel BOOT: the kernel log check of that boot
kernel() {
	local k
	k=$(klog "$out")
	assert "$([ "$k" = clean ] && echo 1 || echo 0)" \
		"boot $1: kernel log ${k:-not checked (the boot did not get that far)}"
}

declare -A before=([ext4]=0 [xfs]=0)
d=$(delay)
boot "$out" --fresh --cut-at LOG-APPENDING --cut-delay "$d" -- \
	"$g setup fresh && $g append $seed; $g dmesg 1"
st=$?
assert "$([ $st = 0 ] && echo 1 || echo 0)" "boot 0: logs and controls made, logs sealed, appending; power cut after ${d}s (status $st)"
kernel 0
grew 0
for fs in ext4 xfs; do
	ack[$fs]=$(acked "$out" $fs log)
	ackc[$fs]=$(acked "$out" $fs control)
	lost[$fs]=0 checked[$fs]=0
done
[ $st = 0 ] || cycles=0

for ((i = 1; i <= cycles; i++)); do
	if [ $i -lt "$cycles" ]; then
		d=$(delay)
		boot "$out" --cut-at LOG-APPENDING --cut-delay "$d" -- \
			"$g setup && $g verify $seed && $g fsck && $g setup && $g append $seed; $g dmesg 1"
	else
		d=
		boot "$out" -- "$g setup && $g verify $seed && $g fsck; $g dmesg \$?"
	fi
	st=$?
	for fs in ext4 xfs; do
		n=$(result "$out" $fs records)
		c=$(result "$out" $fs control)
		f=$(result "$out" $fs fsck)
		ok=$([ "$st" = 0 ] && num "$n" && [ "$n" -ge "${ack[$fs]}" ] &&
		     [ "$f" = clean ] && echo 1 || echo 0)
		assert "$ok" "cycle $i: $fs: ${n:-?} records intact, ${ack[$fs]} acknowledged before the cut, fsck ${f:-?}"
		# the control: losing acknowledged records is what it is for
		if ! num "$c"; then
			assert 0 "cycle $i: $fs: the control log could not be read (${c:-no result})"
		else
			checked[$fs]=$((checked[$fs] + 1))
			if [ "$c" -lt "${ackc[$fs]}" ]; then
				lost[$fs]=$((lost[$fs] + 1))
				echo "# cycle $i: $fs: the unsealed control lost $((ackc[$fs] - c)) acknowledged records: $c intact of ${ackc[$fs]}"
			else
				echo "# cycle $i: $fs: the unsealed control lost nothing: $c intact, ${ackc[$fs]} acknowledged"
			fi
		fi
		# this boot appends after what survived, and must get further
		before[$fs]=${ack[$fs]}
		num "$n" && [ "$n" -gt "${before[$fs]}" ] && before[$fs]=$n
	done
	kernel "$i"
	if [ $i -lt "$cycles" ]; then
		grew "$i"
		for fs in ext4 xfs; do
			ack[$fs]=$(acked "$out" $fs log)
			ackc[$fs]=$(acked "$out" $fs control)
		done
	fi
	if [ "$st" != 0 ]; then
		echo "powercycle: boot $i failed (status $st); see $log and build/vm/console.log" >&2
		break
	fi
	[ -n "$d" ] && echo "# cycle $i: power cut ${d}s after every log acknowledged a batch"
done
# the appending must have got somewhere for the test to mean anything
for fs in ext4 xfs; do
	n=$(result "$out" $fs records)
	assert "$([ "${n:-0}" != error ] && [ "${n:-0}" -gt 0 ] 2>/dev/null && echo 1 || echo 0)" \
		"$fs: ${n:-0} records in the log after $cycles power cuts"
done
# the cuts must have hit: the unsealed control lost acknowledged records
for fs in ext4 xfs; do
	if [ "${lost[$fs]}" -gt 0 ]; then
		assert 1 "$fs: the unsealed control lost acknowledged records in ${lost[$fs]} of ${checked[$fs]} cuts: the cuts hit"
	elif [ "${checked[$fs]}" = 0 ]; then
		assert 0 "$fs: the control was never checked after a cut: nothing shows that the cuts hit"
	else
		assert 0 "$fs: the cuts never hit: the control lost nothing in ${checked[$fs]} cuts"
		echo "powercycle: $fs: the cuts never hit: the control lost nothing" >&2
	fi
done
echo "powercycle: $cycles power cuts, $((tests - failed)) of $tests checks passed"
[ "$failed" = 0 ]
