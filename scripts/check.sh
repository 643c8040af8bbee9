#!/bin/bash
# make check: set up, build, boot, test.  Ends with the kselftest results and
# a closing line "N passed, N failed[, N skipped]"; exits non-zero on any
# failure, on a guest that never reports, or on a timeout.  A kselftest that
# was expected and reported no result is a failure ("missing: NAME"), and so
# is a skip that scripts/skip-allowlist does not allow; "N skipped" counts
# the allowed ones.
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

# ---- The verdict on a guest log of kselftest results.  scripts/stress.sh
# sources this file for it: keep everything above the "return" below free
# of side effects. ----

skip_allowlist=$top/scripts/skip-allowlist
baseline_prog=daxfile_test	# DAX without the series: no seal involved
problems=()	# failures that no "not ok" line shows, for the summary

# skip_allowed NAME REASON: does scripts/skip-allowlist allow test NAME to
# skip for REASON?  (A line there: a glob matching NAME, then REASON.)
skip_allowed() {
	local glob reason
	[ -r "$skip_allowlist" ] || return 1
	while read -r glob reason; do
		case $glob in '' | '#'*) continue ;; esac
		# shellcheck disable=SC2053 # $glob is a pattern
		[[ $1 == $glob && $2 == "$reason" ]] && return 0
	done <"$skip_allowlist"
	return 1
}

# kselftest_tally LOG PROG...: the results in LOG of the kselftest programs
# PROG... and of the guest's own checks.  It reads
#   "# expect PROG NAME"           the tests PROG will run (the guest prints
#                                  them from PROG -l before running it)
#   "ok N NAME", "not ok N NAME", "ok N NAME # SKIP reason"
#                                  a test's result; nested under
#                                  run_kselftest.sh with a "# " prefix
#   "# selftests: DIR: PROG", "(not )ok N selftests: DIR: PROG ..."
#                                  the runner's start and result of PROG
#   "ok - what", "not ok - what", "ok - what # SKIP reason"
#                                  the guest's own checks
# and sets ks_pass, ks_fail, ks_skip (skips on the allow-list), ks_tests and
# ks_progs (test and program result lines), ks_expected (tests listed),
# ks_allowed (the allowed skips) and ks_lines (the results to show, by
# program, the baseline program under its own heading).  A failure is a
# "not ok" line, a skip not on the allow-list, a listed test with no result,
# a PROG with no list, a program that failed with no failing test: all but
# the first are added to problems.
kselftest_tally() {
	local log=$1 kind a b c d prog='' tag note failed=0 guest=0 p name
	local -a order=()
	local -A exp_prog=() nexp=() seen=()
	shift
	ks_pass=0 ks_fail=0 ks_skip=0 ks_tests=0 ks_progs=0 ks_expected=0
	ks_allowed=() ks_lines=() ks_failed=()
	while IFS=$'\x1f' read -r kind a b c d; do
		case $kind in
		E)	# a: program, b: test
			[ -n "${exp_prog[$b]:-}" ] || order+=("$b")
			exp_prog[$b]=$a
			nexp[$a]=$(( ${nexp[$a]:-0} + 1 )) ;;
		H)	# a: program
			prog=$a failed=0 guest=0
			if [ "$a" = "$baseline_prog" ]; then
				ks_lines+=("  baseline (no seal involved): $a, what DAX does without the series")
			else
				ks_lines+=("  $a:")
			fi ;;
		T | G)	# a: pass/fail/skip, b: name, c: skip reason, d: the line
			tag='' note=''
			if [ "$kind" = T ]; then
				ks_tests=$((ks_tests + 1))
				seen[$b]=1
				[ "$prog" = "$baseline_prog" ] ||
				[ "${exp_prog[$b]:-}" = "$baseline_prog" ] && tag=' [baseline]'
			elif [ $guest = 0 ]; then
				guest=1 prog=''
				ks_lines+=("  the guest's own checks:")
			fi
			case $a in
			pass) ks_pass=$((ks_pass + 1)) ;;
			fail) ks_fail=$((ks_fail + 1)) failed=1 ;;
			skip)
				if skip_allowed "$b" "$c"; then
					ks_skip=$((ks_skip + 1))
					ks_allowed+=("$b$tag: $c")
					note='   (skip allowed)'
				else
					ks_fail=$((ks_fail + 1))
					problems+=("unexpected skip: $b$tag: ${c:-no reason given}")
					note='   <- FAILED: a skip not on scripts/skip-allowlist'
				fi ;;
			esac
			ks_lines+=("    $d$note") ;;
		F)	# a: a failed test, b: a line it printed
			ks_failed+=("$a: $b") ;;
		P)	# a: pass/fail/skip, b: program, d: the line
			ks_progs=$((ks_progs + 1))
			ks_lines+=("  $d")
			if [ "$a" = fail ] && [ $failed = 0 ]; then
				ks_fail=$((ks_fail + 1))
				problems+=("$b failed with no failing test reported: $d")
			fi
			prog='' failed=0 ;;
		esac
	done < <(awk -v S=$'\x1f' '
		function reason(line,   i, r) {
			i = index(line, "# SKIP")
			r = substr(line, i + 6)
			sub(/^ +/, "", r); sub(/ +$/, "", r)
			return r
		}
		{ sub(/\r$/, "") }
		# what a test printed since it started shows with its failure
		# in the summary: its first failed expectations (each with the
		# line after it, the TH_LOG message), then its last lines
		/^(# )?# +RUN +/ { nb = 0; ne = 0; after = 0; next }
		/^(# )?# / && !/^(# )?# +(OK|FAIL|SKIP) / && !/^(# )?(not )?ok / {
			b = $0; sub(/^(# )?# /, "", b)
			if (after && ne < 8) { xp[ne++] = b; after = 0; next }
			if (b ~ /:Expected / && ne < 8) {
				xp[ne++] = b; after = 1; next
			}
			after = 0
			buf[nb++ % 4] = b
		}
		/^# expect [^ ]+ [^ ]+$/ { print "E" S $3 S $4; next }
		/^# selftests: [^ ]+ [^ ]+$/ { print "H" S $4; next }
		/^(# )?(not )?ok [0-9]+ [^ ]+\.[^ ]/ {
			line = $0
			sub(/^# /, "", line)
			split(line, w, " ")
			if (w[1] == "not") {
				print "T" S "fail" S w[4] S "" S line
				for (i = 0; i < ne; i++)
					print "F" S w[4] S xp[i]
				for (i = nb > 4 ? nb - 4 : 0; i < nb; i++)
					print "F" S w[4] S buf[i % 4]
				nb = 0; ne = 0
			}
			else if (index(line, "# SKIP"))
				print "T" S "skip" S w[3] S reason(line) S line
			else print "T" S "pass" S w[3] S "" S line
			next
		}
		/^(not )?ok [0-9]+ selftests: / {
			p = $0
			sub(/^(not )?ok [0-9]+ selftests: [^ ]+ /, "", p)
			sub(/ .*/, "", p)
			print "P" S ($1 == "not" ? "fail" : "pass") S p S "" S $0
			next
		}
		/^(not )?ok - / {
			name = $0
			sub(/^(not )?ok - /, "", name)
			if ($1 == "not") print "G" S "fail" S name S "" S $0
			else if (i = index(name, "# SKIP")) {
				r = reason(name)
				name = substr(name, 1, i - 1)
				sub(/ +$/, "", name)
				print "G" S "skip" S name S r S $0
			} else print "G" S "pass" S name S "" S $0
		}' "$log")
	ks_expected=${#order[@]} ks_counts=
	for p; do
		ks_counts+="${ks_counts:+, }$p ${nexp[$p]:-0}"
		if [ "${nexp[$p]:-0}" = 0 ]; then
			ks_fail=$((ks_fail + 1))
			problems+=("no list of the tests $p runs (no \"# expect $p ...\" line in $log)")
		fi
	done
	for name in "${order[@]}"; do
		[ -n "${seen[$name]:-}" ] && continue
		ks_fail=$((ks_fail + 1))
		tag=''
		[ "${exp_prog[$name]}" = "$baseline_prog" ] && tag=' [baseline]'
		problems+=("missing: $name$tag (listed by ${exp_prog[$name]} -l, no result)")
	done
}

# show_verdict: the expected-test count, the allowed skips and the
# problems, before the closing line
show_verdict() {
	echo "kselftests: $ks_expected tests listed ($ks_counts), $ks_tests results"
	if [ ${#ks_allowed[@]} != 0 ]; then
		echo "skipped (allowed, scripts/skip-allowlist):"
		printf '  %s\n' "${ks_allowed[@]}"
	fi
	if [ ${#ks_failed[@]} != 0 ]; then
		echo "failed tests, with the last lines each printed:"
		printf '  %s\n' "${ks_failed[@]}"
	fi
	if [ ${#problems[@]} != 0 ]; then
		echo "failures besides the \"not ok\" lines:"
		printf '  %s\n' "${problems[@]}"
	fi
}

# final_verdict: show_verdict, then the closing line "N passed, N failed[,
# N skipped]" from pass, fail and skip; status 0 only if nothing failed and
# something passed
final_verdict() {
	echo
	show_verdict
	echo
	if [ "$skip" != 0 ]; then
		echo "$pass passed, $fail failed, $skip skipped"
	else
		echo "$pass passed, $fail failed"
	fi
	[ "$fail" = 0 ] && [ "$pass" != 0 ]
}

# tap_tally LOG STATUS NAME: tap_pass and tap_fail from the "ok N - " and
# "not ok N - " lines of LOG, and from the guest's kernel log check ("ok -
# kernel log", "not ok - kernel log", scripts/guest/lib.sh).  A log with
# no numbered result, or a failed STATUS with no failure reported, is one
# failure, said in problems.
tap_tally() {
	local tests
	read -r tap_pass tap_fail tests < <(awk '/^ok [0-9]+ - |^ok - kernel log/ { p++ }
		/^not ok [0-9]+ - |^not ok - kernel log/ { f++ }
		/^(not )?ok [0-9]+ - / { n++ } END { print p + 0, f + 0, n + 0 }' "$1")
	if [ "$tests" = 0 ]; then
		tap_fail=$((tap_fail + 1))
		problems+=("$3: no result in $1 (status $2)")
	elif [ "$2" != 0 ] && [ "$tap_fail" = 0 ]; then
		problems+=("$3: the test did not complete (status $2)")
		tap_fail=1
	fi
}

# kunit_expect SOURCE: a line "# expect kunit kunit.SUITE.CASE" for each
# case of each KUnit suite in the test file SOURCE, from the source itself
# (the suites' .name and .test_cases, the cases' KUNIT_CASE*() lines), so
# that a case that never reports is missing, as a kselftest would be.
kunit_expect() {
	awk '
	/^static struct kunit_case [A-Za-z0-9_]+\[\] = \{/ {
		arr = $4; sub(/\[.*/, "", arr); next
	}
	arr != "" && /^\};/ { arr = ""; next }
	arr != "" && /KUNIT_CASE/ {
		c = $0; sub(/.*KUNIT_CASE(_PARAM)?\(/, "", c); sub(/[,)].*/, "", c)
		cases[arr] = cases[arr] " " c; next
	}
	/^static struct kunit_suite / { suite = 1; name = ""; tc = ""; next }
	suite && /\.name = "/ { split($0, q, "\""); name = q[2]; next }
	suite && /\.test_cases = / {
		tc = $3; sub(/,.*/, "", tc); next
	}
	suite && /^\};/ {
		suite = 0
		n = split(cases[tc], cs, " ")
		for (i = 1; i <= n; i++) print "# expect kunit kunit." name "." cs[i]
	}' "$1"
}

[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

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

# fio's libpmem engine on sealed files (issue 14: the tools people measure
# persistent memory with run in the guest)
fio_log=build/logs/fio.log
: >"$fio_log"
phase "fio on sealed files" scripts/vm --fresh --timeout 600 --log "$fio_log" \
	-- sh scripts/guest/fiotest.sh
st_fio=$?

# seals that come back after a reboot: the boot command of the systemd unit
rb_log=build/logs/reboot.log
: >"$rb_log"
phase "seals after a reboot" logged "$rb_log" scripts/reboot.sh
st_rb=$?

pc_log=build/logs/powercut-check.log
: >"$pc_log"
phase "power-cut test" logged "$pc_log" scripts/powercut.sh --check
st_pc=$?

# the short run of the repeated power cuts (make stress does 20)
cy_log=build/logs/powercycle-check.log
: >"$cy_log"
phase "repeated power cuts" logged "$cy_log" scripts/powercycle.sh "${CHECK_CYCLES:-3}"
st_cy=$?

# Count the results.  From the kselftests: every test each program listed
# (-l, printed by the guest before the run) must report a result; a skip is
# a failure unless scripts/skip-allowlist allows it; a program that failed
# without reporting failed tests counts as one failure (kselftest_tally
# above).  Then the guest's own checks, its kernel log check and the
# power-cut assertions.  A log with no result at all (the kselftest runner
# reported no program, a test printed no ok/not ok line) is one failure,
# whatever the exit status.
# the KUnit cases the test kernel's source has, ahead of the guest's log
kunit_src=build/linux/fs/daxfile_kunit.c
kunit_expect "$kunit_src" >build/logs/kunit-expected.txt
cat build/logs/kunit-expected.txt "$st_log" >build/logs/selftests-tally.log
kselftest_tally build/logs/selftests-tally.log kunit daxfile_test daxctl_test daxfile_stress
pass=$ks_pass fail=$ks_fail skip=$ks_skip
if [ "$ks_progs" = 0 ]; then
	problems+=("kselftests: no kselftest result in $st_log (guest status $st_guest)")
	fail=$((fail + 1))
elif [ $st_guest != 0 ] && [ "$fail" = 0 ]; then
	problems+=("kselftests: the guest run failed (status $st_guest) with no failing test reported")
	fail=$((fail + 1))
fi
tap_tally "$pc_log" "$st_pc" powercut
pc_pass=$tap_pass pc_fail=$tap_fail
tap_tally "$sw_log" "$st_sw" swap
sw_pass=$tap_pass sw_fail=$tap_fail
tap_tally "$cy_log" "$st_cy" powercycle
cy_pass=$tap_pass cy_fail=$tap_fail
tap_tally "$fio_log" "$st_fio" fio
fio_pass=$tap_pass fio_fail=$tap_fail
tap_tally "$rb_log" "$st_rb" reboot
rb_pass=$tap_pass rb_fail=$tap_fail
pass=$((pass + pc_pass + sw_pass + cy_pass + fio_pass + rb_pass))
fail=$((fail + pc_fail + sw_fail + cy_fail + fio_fail + rb_fail))

show_timings
echo
echo "kselftest results (build/logs/selftests.log):"
[ ${#ks_lines[@]} = 0 ] || printf '%s\n' "${ks_lines[@]}"
echo "swap-on-DAX results (build/logs/swap.log):"
grep -E '^(not )?ok [0-9]+ - |^(not )?ok - kernel log' "$sw_log" | sed 's/^/  /'
echo "fio results (build/logs/fio.log):"
grep -E '^(not )?ok [0-9]+ - |^not ok - kernel log' "$fio_log" | sed 's/^/  /'
echo "reboot results (build/logs/reboot.log):"
grep -E '^(not )?ok [0-9]+ - ' "$rb_log" | sed 's/^/  /'
echo "power-cut results (build/logs/powercut-check.log):"
grep -E '^(not )?ok [0-9]+ - ' "$pc_log" | sed 's/^/  /'
echo "repeated power-cut results (build/logs/powercycle-check.log):"
grep -E '^(not )?ok [0-9]+ - ' "$cy_log" | sed 's/^/  /'
final_verdict
