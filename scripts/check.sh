#!/bin/bash
# make check: set up, build, boot, test.  Ends with the kselftest results and
# a closing line "N passed, N failed[, N skipped]"; exits non-zero on any
# failure, on a guest that never reports, or on a timeout.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mkdir -p build/logs
t_all=$(date +%s)
timings=()

phase() {
	local name=$1; shift
	local t0=$(date +%s)
	echo "=== $name"
	"$@"
	local st=$?
	local dt=$(( $(date +%s) - t0 ))
	timings+=("$(printf '%-22s %4ds%s' "$name" "$dt" "$([ $st = 0 ] || echo '  FAILED')")")
	echo "=== $name: $([ $st = 0 ] && echo done || echo "FAILED ($st)") in ${dt}s"
	return $st
}

show_timings() {
	echo
	echo "Phase timings:"
	printf '  %s\n' "${timings[@]}"
	echo "  total                  $(( $(date +%s) - t_all ))s"
}

# logged LOG COMMAND...: COMMAND's output here and in LOG, and COMMAND's
# exit status (not tee's: a failing, hanging or silent guest must count).
logged() {
	local out=$1; shift
	"$@" | tee "$out"
	return "${PIPESTATUS[0]}"
}

bail() {
	show_timings
	echo
	echo "0 passed, 1 failed"
	exit 1
}

phase "host packages" scripts/deps.sh || bail
phase "work tree" python3 scripts/series.py sync || bail
phase "kernel" scripts/build-kernel.sh || bail
phase "selftests build" scripts/build-selftests.sh || bail

st_log=build/logs/selftests.log
: >"$st_log"
phase "kselftests in guest" scripts/vm --fresh --timeout 1200 --log "$st_log" \
	-- sh scripts/guest/selftests.sh
st_guest=$?

sw_log=build/logs/swap.log
: >"$sw_log"
phase "swap on DAX in guest" scripts/vm --fresh --timeout 900 --log "$sw_log" \
	-- sh scripts/guest/swaptest.sh
st_sw=$?

pc_log=build/logs/powercut-check.log
: >"$pc_log"
phase "power-cut test" logged "$pc_log" scripts/powercut.sh --check
st_pc=$?

# the short run of the repeated power cuts (make stress does 20)
cy_log=build/logs/powercycle-check.log
: >"$cy_log"
phase "repeated power cuts" logged "$cy_log" scripts/powercycle.sh "${CHECK_CYCLES:-3}"
st_cy=$?

# Count the results.  From the kselftests, the per-test TAP lines of each
# program (nested under run_kselftest.sh, so prefixed with "# "); a program
# that failed without reporting failed tests counts as one failure.  Then
# the guest's kernel log check and the power-cut assertions.  A log with
# no result at all (the kselftest runner reported no program, a test
# printed no ok/not ok line) is one failure, whatever the exit status.
read -r pass fail skip progs < <(awk '
	/^# (ok|not ok) [0-9]+ / {
		if ($2 == "not") { fail++; prog_fail++ }
		else if ($0 ~ /# SKIP/) skip++
		else pass++
		next
	}
	/^not ok [0-9]+ selftests: / { if (!prog_fail) fail++; prog_fail = 0; progs++; next }
	/^ok [0-9]+ selftests: / { prog_fail = 0; progs++; next }
	/^ok - .*# SKIP/ { skip++; next }
	/^ok - / { pass++ }
	/^not ok - / { fail++ }
	END { print pass + 0, fail + 0, skip + 0, progs + 0 }' "$st_log")
if [ "$progs" = 0 ]; then
	echo "kselftests: no kselftest result in $st_log (guest status $st_guest)"
	fail=$((fail + 1))
elif [ $st_guest != 0 ] && [ "$fail" = 0 ]; then
	echo "kselftests: the guest run failed (status $st_guest) with no failing test reported"
	fail=$((fail + 1))
fi
read -r pc_pass pc_fail < <(awk '/^ok [0-9]+ - / { p++ } /^not ok [0-9]+ - / { f++ }
	END { print p + 0, f + 0 }' "$pc_log")
if [ $((pc_pass + pc_fail)) = 0 ]; then
	echo "powercut: no result in $pc_log (status $st_pc)"
	pc_fail=1
elif [ $st_pc != 0 ] && [ "$pc_fail" = 0 ]; then
	echo "powercut: the test did not complete"
	pc_fail=1
fi
read -r sw_pass sw_fail sw_tests < <(awk '/^ok [0-9]+ - |^ok - kernel log/ { p++ }
	/^not ok [0-9]+ - |^not ok - kernel log/ { f++ }
	/^(not )?ok [0-9]+ - / { n++ } END { print p + 0, f + 0, n + 0 }' "$sw_log")
if [ "$sw_tests" = 0 ]; then
	echo "swap: no swap test result in $sw_log (guest status $st_sw)"
	sw_fail=$((sw_fail + 1))
elif [ $st_sw != 0 ] && [ "$sw_fail" = 0 ]; then
	echo "swap: the guest run failed (status $st_sw) with no failing test reported"
	sw_fail=1
fi
read -r cy_pass cy_fail < <(awk '/^ok [0-9]+ - / { p++ } /^not ok [0-9]+ - / { f++ }
	END { print p + 0, f + 0 }' "$cy_log")
if [ $((cy_pass + cy_fail)) = 0 ]; then
	echo "powercycle: no result in $cy_log (status $st_cy)"
	cy_fail=1
elif [ $st_cy != 0 ] && [ "$cy_fail" = 0 ]; then
	echo "powercycle: the test did not complete"
	cy_fail=1
fi
pass=$((pass + pc_pass + sw_pass + cy_pass)) fail=$((fail + pc_fail + sw_fail + cy_fail))

show_timings
echo
echo "kselftest results (build/logs/selftests.log):"
grep -E '^# (ok|not ok) [0-9]+ |^(not )?ok [0-9]+ selftests: |^(not )?ok - ' "$st_log" | sed 's/^/  /'
echo "swap-on-DAX results (build/logs/swap.log):"
grep -E '^(not )?ok [0-9]+ - |^(not )?ok - kernel log' "$sw_log" | sed 's/^/  /'
echo "power-cut results (build/logs/powercut-check.log):"
grep -E '^(not )?ok [0-9]+ - ' "$pc_log" | sed 's/^/  /'
echo "repeated power-cut results (build/logs/powercycle-check.log):"
grep -E '^(not )?ok [0-9]+ - ' "$cy_log" | sed 's/^/  /'
echo
if [ "$skip" != 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ] && [ "$pass" != 0 ]
