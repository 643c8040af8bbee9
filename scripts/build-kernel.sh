#!/bin/bash
# Build build/bzImage from build/linux with the config fragment, using
# ccache.  The output of make goes to build/logs/kernel.log; while it runs,
# a line every 30 s (or every 500 objects) counts the objects built so far,
# with a percentage when the tree is built from scratch and the object
# count of the last such build is known (build/logs/kernel.objects).  The
# exit status is make's.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
mkdir -p "$top/build/logs"
log=$top/build/logs/kernel.log
objects=$top/build/logs/kernel.objects
export CCACHE_BASEDIR=$tree CCACHE_NOHASHDIR=true

# From scratch (no kernel object yet: a new tree or after make clean; the
# host programs of scripts/ and tools/ do not count), the object count of
# the last build from scratch is the total.
full=0 total=
if [ -z "$(find "$tree" \( -path "$tree/.git" -o -path "$tree/scripts" -o \
	-path "$tree/tools" \) -prune -o -name '*.o' -print -quit 2>/dev/null)" ]; then
	full=1
	total=$(cat "$objects" 2>/dev/null || true)
	[[ $total =~ ^[1-9][0-9]*$ ]] || total=
fi

"$top/scripts/kconfig.sh"

# kbuild's quiet lines for the objects it makes: "  CC      fs/daxfile.o"
objpat='^  (CC|AS|AR|LD|HOSTCC|HOSTLD)( |$)'
count() { grep -cE "$objpat" "$log" 2>/dev/null || true; }

every=${DAXFILE_PROGRESS_SECS:-30}
progress() {
	local n last=0 t0 t pct
	set +e
	t0=$(date +%s)
	trap 'kill $sl 2>/dev/null; exit 0' TERM INT HUP
	while :; do
		sleep 5 & sl=$!
		wait $sl
		kill -0 $$ 2>/dev/null || exit 0   # the build script is gone
		n=$(count) t=$(date +%s)
		if [ $((n - last)) -ge 500 ] || [ $((t - t0)) -ge "$every" ]; then
			if [ -n "$total" ]; then
				pct=$((n * 100 / total)); [ $pct -le 99 ] || pct=99
				echo "kernel: $n of ~$total objects built (~$pct%) (log: ${log#$top/})"
			else
				echo "kernel: $n objects built (log: ${log#$top/})"
			fi
			last=$n t0=$t
		fi
	done
}

echo "kernel: make -j$(nproc) bzImage in build/linux$([ $full = 1 ] && echo ", from scratch"); full log: ${log#$top/}"
: >"$log"
progress &
prog=$!
stop_progress() {
	[ -n "${prog:-}" ] || return 0
	kill "$prog" 2>/dev/null || true
	wait "$prog" 2>/dev/null || true
	prog=
}
trap stop_progress EXIT
trap 'stop_progress; exit 130' INT
trap 'stop_progress; exit 143' TERM
trap 'stop_progress; exit 129' HUP

st=0
make -C "$tree" -j"$(nproc)" CC="ccache gcc" bzImage >>"$log" 2>&1 || st=$?
stop_progress
n=$(count)
if [ $st != 0 ]; then
	grep -E -B2 -A8 'error:|Error [0-9]' "$log" | head -60 >&2 || true
	echo "kernel build failed (make status $st, $n objects built): see $log" >&2
	exit $st
fi
[ $full = 1 ] && echo "$n" >"$objects"
grep -E 'warning:' "$log" >&2 || true
cp "$tree/arch/x86/boot/bzImage" "$top/build/bzImage"
echo "kernel: build/bzImage ($(make -s -C "$tree" kernelrelease)), $n objects built"
