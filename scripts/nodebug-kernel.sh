#!/bin/bash
# Build a kernel without debug options, for make bench and make fstests:
# "series" is build/linux's HEAD, "base" the unpatched 'base' tag, each in
# a work tree of its own (build/linux-nodebug-KIND, shared by both users),
# with config/daxfile.config (the base kernel without the series' own
# options) and config/nodebug.config.  Leaves build/bzImage-nodebug-KIND;
# log build/logs/kernel-nodebug-KIND.log.
# Usage: nodebug-kernel.sh series|base
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kind=${1:-}
case "$kind" in
series) rev=HEAD ;;
base) rev=base ;;
*) echo "usage: $0 series|base" >&2; exit 2 ;;
esac
wt=build/linux-nodebug-$kind
log=build/logs/kernel-nodebug-$kind.log
mkdir -p build/logs
rev=$(git -C build/linux rev-parse "$rev") || exit 1
[ "$kind" = series ] &&
	[ -n "$(git -C build/linux status --porcelain --untracked-files=no)" ] &&
	echo "kernel: build/linux has uncommitted changes: building its HEAD"
if [ ! -e "$wt/.git" ]; then
	git -C build/linux worktree add -q --detach "$top/$wt" "$rev" || exit 1
else
	git -C "$wt" checkout -q --detach "$rev" || exit 1
fi
echo "kernel: the $kind kernel without debug options ($(git -C "$wt" log -1 --format='%h %s'))"
frag=build/nodebug-$kind.config
if [ "$kind" = base ]; then
	grep -v '^CONFIG_DAXFILE' config/daxfile.config >"$frag"
else
	cp config/daxfile.config "$frag"
fi
cat config/nodebug.config >>"$frag"
t0=$(date +%s)
if ! { TREE=$top/$wt scripts/kconfig.sh "$top/$frag" >"$log" 2>&1 &&
       CCACHE_BASEDIR=$top/$wt CCACHE_NOHASHDIR=true \
	make -C "$wt" -j"$(nproc)" CC="ccache gcc" bzImage >>"$log" 2>&1; }; then
	tail -30 "$log"
	exit 1
fi
cp "$wt/arch/x86/boot/bzImage" "build/bzImage-nodebug-$kind"
echo "kernel: build/bzImage-nodebug-$kind in $(( $(date +%s) - t0 ))s"
