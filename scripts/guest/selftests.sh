# Guest side of `make check`: fresh DAX and non-DAX file systems, the
# results of the KUnit suites (run at boot), the list of tests each daxfile
# kselftest program will run, then the installed daxfile kselftests, then a
# scan of the kernel log for splats.
#
# `sh scripts/guest/selftests.sh expect DIR PROG...` only prints the lists
# (scripts/guest/stress.sh uses it for daxfile_stress).

# expect_tests DIR PROG...: for each kselftest harness program PROG in DIR,
# a line "# expect PROG FIXTURE.VARIANT.TEST" for every test it will run,
# from its own list (PROG -l): check.sh fails every listed test that
# reports no result, and a program with no list.  -l prints (on stderr) a
# table "%-20s %-25s %s" of fixture, variant and test columns, side by side
# and not combined: a fixture runs each of its tests in each of its
# variants (fixture.test when it has none).  A name longer than its column
# pushes the rest of the line right.
expect_tests() {
	dir=$1 ret=0
	shift
	for prog in "$@"; do
		if [ -x "$dir/$prog" ]; then
			"$dir/$prog" -l 2>&1
		else
			echo "[guest] error: $dir/$prog: no such program" >&2
		fi | awk -v prog="$prog" '
		function col(w,   s, i) {
			if (length(rest) > w && substr(rest, w + 1, 1) != " ") {
				i = index(rest, " ")
				w = i ? i - 1 : length(rest)
			}
			s = substr(rest, 1, w)
			rest = substr(rest, w + 2)
			gsub(/ /, "", s)
			return s
		}
		{ sub(/\r$/, "") }
		/^# FIXTURE/ || /^-+$/ || /^ *$/ { next }
		{
			rest = $0
			f = col(20); v = col(25); t = rest
			gsub(/ /, "", t)
			if (f != "") { cur = f; fx[++nf] = f }
			if (cur == "") { bad++; next }
			if (v != "") var[cur, ++nv[cur]] = v
			if (t != "") tst[cur, ++nt[cur]] = t
		}
		END {
			for (i = 1; i <= nf; i++) {
				f = fx[i]
				for (j = 1; j <= (nv[f] ? nv[f] : 1); j++)
					for (k = 1; k <= nt[f]; k++) {
						print "# expect " prog " " f "." \
							(nv[f] ? var[f, j] "." : "") tst[f, k]
						n++
					}
			}
			if (!n || bad)
				print "[guest] error: " prog " -l listed no test (or an unreadable table)"
			else
				print "[guest] " prog ": " n " tests expected"
			exit !n || bad
		}' || ret=1
	done
	return $ret
}

if [ "${1:-}" = expect ]; then
	shift
	expect_tests "$@"
	exit
fi

. scripts/guest/lib.sh
pmem_setup fresh
nodax_setup
kmemleak_clear
log "DAX mounts: $(grep -c dax=always /proc/mounts) ($(awk '/dax=always/ {printf "%s:%s ", $2, $3}' /proc/mounts))"
# the kselftest runner wants a writable copy (it is read-only over 9p)
cp -a build/kselftest /tmp/kselftest
rc=0
# the KUnit suites ran at boot: their results, under a heading of their own
echo "# selftests: kunit: kunit"
if sh scripts/guest/kunit.sh iomap_blockmap daxfile_map; then
	echo "ok 1 selftests: kunit: kunit"
else
	echo "not ok 1 selftests: kunit: kunit"
	rc=1
fi
expect_tests /tmp/kselftest/daxfile daxfile_test daxctl_test daxfile_stress || rc=1
cd /tmp/kselftest && ./run_kselftest.sh -c daxfile || rc=1
cd "$DAXFILE_TOP"
sh scripts/guest/clitest.sh || rc=1
sh scripts/guest/example.sh || rc=1
for fs in ext4 xfs; do
	build/tools/daxctl_fuzz /mnt/$fs 20 4000 $$ || rc=1
done
kmemleak_check || rc=1
pmem_fsck_all || rc=1
dmesg_check || rc=1
exit $rc
