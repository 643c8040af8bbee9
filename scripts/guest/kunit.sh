# Guest side of the KUnit tests: the test kernel has them built in
# (CONFIG_DAXFILE_KUNIT_TEST=y), so they ran at boot.  For each suite named
# on the command line, read its KTAP results from debugfs and print one
# line per test case as check.sh counts them, "ok N kunit.SUITE.CASE" or
# "not ok N kunit.SUITE.CASE" (a parameterised case is one line, failed if
# any of its parameters failed; the failing parameters and KUnit's own
# messages follow as "# " lines).  A suite with no results, or with fewer
# case results than its plan ("1..N"), is a failure.
# Usage: sh scripts/guest/kunit.sh SUITE...
rc=0 n=0
for suite in "$@"; do
	f=/sys/kernel/debug/kunit/$suite/results
	if [ ! -r "$f" ]; then
		echo "not ok - kunit suite $suite: no results ($f): is CONFIG_DAXFILE_KUNIT_TEST=y?"
		rc=1
		continue
	fi
	# The suite's own lines are indented one level (4 spaces) less than
	# its cases' "ok N case" lines, and a parameterised case's lines one
	# level more.  Find the case level from the plan line that follows
	# "# Subtest: SUITE".
	out=$(awk -v suite="$suite" -v base="$n" '
		function indent(s) { match(s, /^ */); return RLENGTH }
		{ sub(/\r$/, "") }
		!lvl && $0 ~ "# Subtest: " suite "$" { want_plan = 1; next }
		want_plan && /^ *1\.\.[0-9]+$/ {
			lvl = indent($0); plan = $0; sub(/^ *1\.\./, "", plan)
			want_plan = 0; next
		}
		!lvl { next }
		indent($0) == lvl && /^ *(not )?ok [0-9]+ / {
			line = $0; sub(/^ */, "", line)
			split(line, w, " ")
			if (w[1] == "not") { name = w[4]; st = "not ok"; bad++ }
			else { name = w[3]; st = "ok" }
			if (index(line, "# SKIP")) { st = st " # SKIP"; skip = 1 }
			cases++
			printf "%s %d kunit.%s.%s%s\n", (w[1] == "not" ? "not ok" : "ok"),
				base + cases, suite, name,
				(index(line, "# SKIP") ? " # SKIP" substr(line, index(line, "# SKIP") + 6) : "")
			next
		}
		# what KUnit says of a failure: the check, its values, and the
		# failing parameters of a parameterised case
		/(ASSERTION|EXPECTATION) FAILED/ { show = 4 }
		show > 0 || (indent($0) > lvl && /^ *not ok /) {
			l = $0; sub(/^ */, "", l); print "# " l
			if (show > 0) show--
		}
		END {
			if (!plan) { print "not ok - kunit suite " suite ": no plan in its results"; exit 1 }
			if (cases != plan) {
				print "not ok - kunit suite " suite ": " cases " case results, the plan says " plan
				exit 1
			}
			printf "# kunit %s: %d cases, %d failed\n", suite, cases, bad
			exit bad > 0
		}' "$f")
	st=$?
	echo "$out"
	n=$((n + $(echo "$out" | grep -cE '^(not )?ok [0-9]+ kunit\.')))
	[ $st = 0 ] || rc=1
done
exit $rc
