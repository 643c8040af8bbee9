#!/bin/bash
# make bisect-check: every patch of the series must build.  In a work tree
# of its own (build/linux-bisect), check out base + each patch in turn and
# build the kernel, with CONFIG_DAXFILE=y and then with CONFIG_DAXFILE=n
# (patches before the one that adds the option build without it), and the
# daxfile selftests.  Prints one line per build and the time it took.
# Incremental and ccache'd, but still long: see README.  DAXFILE_VALUES=y
# (or n) runs one pass only.
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
fail=0 t_all=$(date +%s)
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
		printf '%s %d/%d DAXFILE=%s %s (%ds)\n' "$st" "$i" "$n" "$daxfile" \
			"$subject" $(( $(date +%s) - t0 ))
		[ "$st" = ok ] || tail -20 "$log" | sed 's/^/    /'
	done
done
echo "bisect-check: $(( $(date +%s) - t_all ))s"
exit $fail
