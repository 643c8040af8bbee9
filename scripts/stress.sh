#!/bin/bash
# make stress: the long robustness runs, on the test kernel (lockdep, KASAN,
# DEBUG_VM, kmemleak, fault injection: config/debug.config).
#   1. in one boot: daxfile_stress with its race mix for STRESS_SECS (60)
#      seconds on each of ext4, xfs and xfs-reflink, the fault injection
#      and ENOSPC tests, the bad-input fuzz (FUZZ_CALLS per file system),
#      then kmemleak, fsck and the kernel log
#   2. scripts/powercycle.sh with CYCLES (20) power cuts
# Ends with "N passed, N failed[, N skipped]"; exits non-zero on any
# failure.  As in make check, a test daxfile_stress lists (-l) and does not
# report, a skip that scripts/skip-allowlist does not allow, and a log with
# no daxfile_stress result are failures.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# kselftest_tally, show_verdict: the verdict make check gives its kselftests
. scripts/check.sh
mkdir -p build/logs
secs=${STRESS_SECS:-60}
cycles=${CYCLES:-20}
t0=$(date +%s)

scripts/deps.sh && python3 scripts/series.py sync && scripts/build-kernel.sh &&
	scripts/build-selftests.sh || { echo "0 passed, 1 failed"; exit 1; }

slog=build/logs/stress.log
: >"$slog"
echo "=== race mix, injected failures, ENOSPC, fuzz ($secs s per file system)"
scripts/vm --fresh --timeout $((secs * 4 + 1800)) --log "$slog" -- \
	"DAXFILE_STRESS_SECS=$secs FUZZ_SECS=$secs FUZZ_CALLS=${FUZZ_CALLS:-20000} sh scripts/guest/stress.sh"
st_guest=$?

plog=build/logs/powercycle-stress.log
echo "=== $cycles power cuts"
scripts/powercycle.sh "$cycles" | tee "$plog"
st_pc=${PIPESTATUS[0]}

kselftest_tally "$slog" daxfile_stress
if [ "$ks_tests" = 0 ]; then
	problems+=("stress: no daxfile_stress result in $slog (guest status $st_guest)")
	ks_fail=$((ks_fail + 1))
elif [ "$st_guest" != 0 ] && [ "$ks_fail" = 0 ]; then
	problems+=("stress: the guest run failed (status $st_guest) with no failing test reported")
	ks_fail=1
fi
tap_tally "$plog" "$st_pc" powercycle
pc_pass=$tap_pass pc_fail=$tap_fail
pass=$((ks_pass + pc_pass)) fail=$((ks_fail + pc_fail)) skip=$ks_skip
echo
echo "stress results ($slog, $plog):"
grep -hE '^(not )?ok [0-9]+ stress\.|^(not )?ok - |^# +[a-zA-Z(]' "$slog" |
	grep -vE '^#  +(RUN|OK) |^# expect ' | sed 's/^/  /'
grep -hE '^(not )?ok [0-9]+ - ' "$plog" | sed 's/^/  /'
echo "  total $(( $(date +%s) - t0 ))s"
final_verdict
