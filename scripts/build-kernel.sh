#!/bin/bash
# Build build/bzImage from build/linux with the config fragment, using
# ccache.  The output of make goes to build/logs/kernel.log.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
mkdir -p "$top/build/logs"
log=$top/build/logs/kernel.log
export CCACHE_BASEDIR=$tree CCACHE_NOHASHDIR=true
"$top/scripts/kconfig.sh"
if ! make -C "$tree" -j"$(nproc)" CC="ccache gcc" bzImage >"$log" 2>&1; then
	grep -E -B2 -A8 'error:|Error [0-9]' "$log" | head -60 >&2
	echo "kernel build failed: see $log" >&2
	exit 1
fi
grep -E 'warning:' "$log" >&2 || true
cp "$tree/arch/x86/boot/bzImage" "$top/build/bzImage"
echo "kernel: build/bzImage ($(make -s -C "$tree" kernelrelease))"
