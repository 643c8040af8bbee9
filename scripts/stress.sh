#!/bin/bash
# make stress: the long robustness runs, on the test kernel (lockdep, KASAN,
# DEBUG_VM, kmemleak, fault injection: config/debug.config).
#   1. in one boot: daxfile_stress with its race mix for STRESS_SECS (60)
#      seconds on each of ext4, xfs and xfs-reflink, the fault injection
#      and ENOSPC tests, the bad-input fuzz (FUZZ_CALLS per file system),
#      then kmemleak, fsck and the kernel log
#   2. scripts/powercycle.sh with CYCLES (20) power cuts
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
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

read -r pass fail < <(cat "$slog" "$plog" | awk '
	/^ok [0-9]+ stress\./ || /^ok [0-9]+ - / || /^ok - / { p++ }
	/^not ok [0-9]+ stress\./ || /^not ok [0-9]+ - / || /^not ok - / { f++ }
	END { print p + 0, f + 0 }')
if [ $st_guest != 0 ] || [ $st_pc != 0 ]; then
	[ "$fail" = 0 ] && fail=1
fi
echo
echo "stress results ($slog, $plog):"
grep -hE '^(not )?ok [0-9]+ stress\.|^(not )?ok - |^# +[a-zA-Z(]' "$slog" | grep -vE '^#  +(RUN|OK) ' | sed 's/^/  /'
grep -hE '^(not )?ok [0-9]+ - ' "$plog" | sed 's/^/  /'
echo "  total $(( $(date +%s) - t0 ))s"
echo
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
