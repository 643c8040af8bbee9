#!/bin/bash
# make bisect-check: every patch of the series must build.  In a work tree
# of its own (build/linux-bisect), check out base + each patch in turn and
# build the kernel, with CONFIG_DAXFILE=y and then with CONFIG_DAXFILE=n
# (patches before the one that adds the option build without it), and the
# daxfile selftests.  Prints one line per build and the time it took.
# Incremental and ccache'd, but still long: see README.  DAXFILE_VALUES=y
# (or n) runs one pass only.
#
# A build that passed is recorded in tests/bisect-check.record by what it
# built: the patch's tree, the config fragment and the compiler.  A later
# run skips what is recorded (the same tree built the same way cannot fail
# differently), so the check can be finished over several sessions and a
# series that only gained patches at the end costs only those; patches
# before the one that adds CONFIG_DAXFILE build once, not once per value.
# FULL=1 builds everything again.  Commit the record with the series.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/deps.sh
python3 scripts/series.py sync >/dev/null
wt=$top/build/linux-bisect
if [ ! -e "$wt/.git" ]; then
	git -C build/linux worktree add -q --detach "$wt" base
fi
mkdir -p build/logs
commits=$(git -C build/linux rev-list --reverse base..HEAD)
n=$(echo "$commits" | wc -w)
export CCACHE_BASEDIR=$wt CCACHE_NOHASHDIR=true
mkdir -p "$top/build/bisect-kst"
record=$top/tests/bisect-check.record
touch "$record"
gccv=$(gcc --version | head -1)
fail=0 t_all=$(date +%s) built=0 skipped=0
for daxfile in ${DAXFILE_VALUES:-y n}; do
	i=0
	for c in $commits; do
		i=$((i + 1))
		t0=$(date +%s)
		git -C "$wt" checkout -q --detach "$c"
		subject=$(git -C "$wt" log -1 --format=%s)
		frag=$(mktemp)
		# the series' own options exist from the patch that adds them
		cat config/daxfile.config config/debug.config |
			grep -v '^CONFIG_DAXFILE\(_KUNIT_TEST\)\?=' >"$frag"
		grep -q '^config DAXFILE$' "$wt/fs/Kconfig" &&
			echo "CONFIG_DAXFILE=$daxfile" >>"$frag"
		[ "$daxfile" = y ] &&
			grep -q '^config DAXFILE_KUNIT_TEST$' "$wt/fs/Kconfig" &&
			echo "CONFIG_DAXFILE_KUNIT_TEST=y" >>"$frag"
		key="$(git -C build/linux rev-parse "$c^{tree}") $( { cat "$frag"; echo "$gccv"; } | sha1sum | cut -c1-12)"
		if [ -z "${FULL:-}" ] && grep -q "^$key " "$record"; then
			rm -f "$frag"
			skipped=$((skipped + 1))
			printf 'ok %d/%d DAXFILE=%s %s (recorded)\n' "$i" "$n" \
				"$daxfile" "$subject"
			continue
		fi
		built=$((built + 1))
		log=build/logs/bisect-$i-$daxfile.log
		if TREE=$wt scripts/kconfig.sh "$frag" >"$log" 2>&1 &&
		   make -C "$wt" -j"$(nproc)" CC="ccache gcc" bzImage >>"$log" 2>&1 &&
		   make -C "$wt" -s headers_install >>"$log" 2>&1 &&
		   make -C "$wt/tools/testing/selftests/daxfile" -s \
			OUTPUT="$top/build/bisect-kst" >>"$log" 2>&1; then
			st=ok
		else
			st="not ok"
			fail=1
		fi
		rm -f "$frag"
		secs=$(( $(date +%s) - t0 ))
		printf '%s %d/%d DAXFILE=%s %s (%ds)\n' "$st" "$i" "$n" "$daxfile" \
			"$subject" "$secs"
		[ "$st" != ok ] || grep -q "^$key " "$record" ||
			printf '%s %s %ds DAXFILE=%s %s\n' "$key" "$(date +%F)" \
				"$secs" "$daxfile" "$subject" >>"$record"
		[ "$st" = ok ] || tail -20 "$log" | sed 's/^/    /'
	done
done
echo "bisect-check: $(( $(date +%s) - t_all ))s, $built built, $skipped recorded before"
exit $fail
