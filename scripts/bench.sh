#!/bin/bash
# make bench: build the series without debug options (scripts/nodebug-kernel.sh:
# a work tree of its own at build/linux's HEAD), boot it once, run every
# benchmark in that one VM run, and write bench/results.{csv,md} and
# bench/update.svg.  --quick: a short run, written to build/bench-quick/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quick=0
[ "${1:-}" = --quick ] && quick=1
mkdir -p build/logs
scripts/deps.sh
python3 scripts/series.py sync

# the benchmark kernel: the committed series, config without debugging
scripts/nodebug-kernel.sh series
scripts/build-selftests.sh

out=bench
[ $quick = 1 ] && out=build/bench-quick
mkdir -p "$out"
log=build/logs/bench.log
: >"$log"
echo "bench: running (this takes a while under TCG; see $log)"
t0=$(date +%s)
scripts/vm --kernel build/bzImage-nodebug-series --fresh --timeout 5400 --quiet --log "$log" \
	-- "QUICK=$quick sh bench/run.sh"
{
	echo "# host $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
	echo "# $(qemu-system-x86_64 --version | head -1), accel $(cat build/vm/accel 2>/dev/null || echo tcg), guest 2 vCPUs, 2 GiB"
	echo "# run took $(( $(date +%s) - t0 )) s on $(date -u +%F)"
	grep '^#' "$log"
	echo "section,fs,method,param,threads,median,min,max,unit"
	grep -E '^(fault|update|update_p99|seal|scale),' "$log"
} >"$out/results.csv"
python3 bench/report.py "$out/results.csv" "$out/results.md" "$out/update.svg"
echo "bench: $out/results.md"
sed -n '/^## Headline/,/^## /p' "$out/results.md" | sed '$d'
