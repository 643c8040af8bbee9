#!/bin/bash
# make fstests: the file systems' own regression suite (fstests, built from
# the snapshot in ../shared/fstests) on the emulated NVDIMMs, in each
# configuration of scripts/guest/fstests.sh, on the series and on the
# unpatched base kernel, both built without debug options.
#
#   scripts/fstests.sh [--base] [--only CONFIG] [TEST|-g GROUP...]
#
# The tests are those of tests/fstests.list unless given.  Results go to
# build/logs/fstests-KERNEL-CONFIG.log and a table, build/fstests/results
# (one line per test: "CONFIG TEST pass|fail|notrun ...").  With --base the
# run is of the base kernel and its table is written to
# tests/fstests-base.results, to be committed.  Without it the table is
# compared with the committed base results: a test that passes on the base
# kernel and fails on the series fails the run, and so does a test that is
# on tests/fstests.list's must-pass lines and does not pass.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kernel=series only= args=()
while [ $# != 0 ]; do
	case $1 in
	--base) kernel=base ;;
	--only) only=$2; shift ;;
	*) args+=("$1") ;;
	esac
	shift
done
configs=${only:-"ext4-dax xfs-dax xfs-reflink-dax ext4-nodax xfs-nodax"}

scripts/deps.sh fstests || exit 1
python3 scripts/series.py sync >/dev/null || exit 1
mkdir -p build/logs

# ---- fstests, from the tarball, rebuilt when the tarball changes ----
tarball=$(ls "${FSTESTS_SRC:-$top/../shared/fstests}"/fstests-*.tar.gz 2>/dev/null | head -1)
[ -n "$tarball" ] || { echo "fstests: no fstests-*.tar.gz in ${FSTESTS_SRC:-../shared/fstests}" >&2; exit 1; }
stamp=$(sha256sum "$tarball" | cut -c1-16)
if [ "$(cat build/fstests/.daxfile-stamp 2>/dev/null)" != "$stamp" ]; then
	echo "fstests: building $(basename "$tarball") in build/fstests"
	rm -rf build/fstests build/fstests.tmp
	mkdir build/fstests.tmp
	tar -xzf "$tarball" -C build/fstests.tmp || exit 1
	mv build/fstests.tmp/fstests build/fstests && rmdir build/fstests.tmp
	make -C build/fstests -j"$(nproc)" >build/logs/fstests-build.log 2>&1 ||
		{ tail -30 build/logs/fstests-build.log; exit 1; }
	echo "$stamp" >build/fstests/.daxfile-stamp
fi
# the lab's own tests (tests/fstests/), in fstests' tree, and all of it in
# one file for the guest to unpack
cp tests/fstests/common/* build/fstests/common/
for t in tests/fstests/*/[0-9]*; do
	[ -e "$t" ] || continue
	d=build/fstests/tests/$(basename "$(dirname "$t")")
	cp "$t" "$d/"
done
make -C build/fstests/tests -s >>build/logs/fstests-build.log 2>&1 ||
	{ echo "fstests: cannot make the group lists" >&2; exit 1; }
tar -cf build/fstests.tar -C build fstests || exit 1

# ---- the kernel: HEAD of the series or the base tag, no debug options ----
scripts/nodebug-kernel.sh "$kernel" || exit 1

# ---- the tests: tests/fstests.list, comments and must-pass marks dropped ----
whole=0
if [ ${#args[@]} = 0 ]; then
	whole=1
	mapfile -t args < <(sed 's/#.*//' tests/fstests.list | tr -s ' \t' '\n' |
		grep -v '^$' | grep -v '^must-pass:$')
fi

results=build/fstests/results-$kernel
: >"$results"
t_all=$(date +%s)
for cfg in $configs; do
	log=build/logs/fstests-$kernel-$cfg.log
	: >"$log"	# scripts/vm appends: count this run's lines only
	t0=$(date +%s)
	scripts/vm --kernel build/bzImage-nodebug-$kernel --fresh --timeout 5400 --quiet \
		--log "$log" -- sh scripts/guest/fstests.sh "$cfg" "${args[@]}"
	st=$?
	grep '^fstests: ' "$log" | sed 's/^fstests: //' >>"$results"
	printf '%s %s: %s passed, %s failed, %s not run in %ds (vm status %d)\n' \
		"$kernel" "$cfg" \
		"$(grep -c "^fstests: $cfg [^ ]* pass" "$log")" \
		"$(grep -c "^fstests: $cfg [^ ]* fail" "$log")" \
		"$(grep -c "^fstests: $cfg [^ ]* notrun" "$log")" \
		$(( $(date +%s) - t0 )) $st
	grep -q '^ok - kernel log clean' "$log" ||
		echo "  $cfg: the kernel log is not clean (see $log)"
done
echo "fstests: $kernel kernel, $(( $(date +%s) - t_all ))s in all; table: $results"

if [ $kernel = base ]; then
	# not-run reasons kept (the comparison needs them), times dropped.
	# The committed lines stay for the configurations not run now, and,
	# when tests were named, for the tests not run now.
	base_res=tests/fstests-base.results
	{
		[ -f $base_res ] && awk -v run=" $configs " -v whole=$whole '
			NR == FNR { ran[$1 " " $2] = 1; next }
			index(run, " " $1 " ") == 0 { print; next }
			!whole && !(($1 " " $2) in ran) { print }' "$results" $base_res
		awk '$3 == "notrun" { print; next } { print $1, $2, $3 }' "$results"
	} | sort >$base_res.new && mv $base_res.new $base_res
	echo "fstests: wrote $base_res: $configs (commit it)"
	exit 0
fi
python3 scripts/fstests-compare.py tests/fstests.list tests/fstests-base.results "$results"
