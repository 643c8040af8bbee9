#!/bin/bash
# make bench: build the series without debug options (scripts/nodebug-kernel.sh:
# a work tree of its own at build/linux's HEAD), boot it once, run every
# benchmark in that one VM run, and write bench/results.{csv,md} and
# bench/update.svg.  --quick: a short run, written to build/bench-quick/.
# --base: the same on the unpatched base kernel (without what needs a
# seal), into base.csv; the report then compares the two kernels.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quick=0 kind=series
for a; do
	case $a in
	--quick) quick=1 ;;
	--base) kind=base ;;
	*) echo "usage: $0 [--quick] [--base]" >&2; exit 2 ;;
	esac
done
mkdir -p build/logs
scripts/deps.sh
python3 scripts/series.py sync

# the benchmark kernel: the committed series (or the base), no debugging
scripts/nodebug-kernel.sh $kind
scripts/build-selftests.sh

out=bench
[ $quick = 1 ] && out=build/bench-quick
mkdir -p "$out"
log=build/logs/bench-$kind.log
csv=$out/results.csv
[ $kind = base ] && csv=$out/base.csv
: >"$log"
echo "bench: running (this takes a while under TCG; see $log)"
t0=$(date +%s)
scripts/vm --kernel build/bzImage-nodebug-$kind --fresh --timeout 5400 --quiet --log "$log" \
	-- "QUICK=$quick sh bench/run.sh"
# A second boot counts the kernel instructions of the same faults: QEMU's
# insncount plugin prints the guest's counts whenever the kernel enters
# getcpu(), which daxbench calls around each timed loop (bench/run-insns.sh,
# bench/insns.py).  No KASLR, so that System.map gives the address.
ilog=build/logs/bench-$kind-insns.log plog=build/logs/bench-$kind-insns.plugin
mark=$(awk '$3 == "__x64_sys_getcpu" { print $1 }' build/linux-nodebug-$kind/System.map)
[ -n "$mark" ] || { echo "bench: no __x64_sys_getcpu in System.map" >&2; exit 1; }
: >"$ilog"
rm -f "$plog"
scripts/vm --kernel build/bzImage-nodebug-$kind --fresh --smp 1 --append nokaslr \
	--timeout 1800 --quiet --log "$ilog" \
	--qemu-args "-plugin $top/build/tools/insncount.so,mark=$mark -d plugin -D $plog" \
	-- "sh bench/run-insns.sh"
{
	echo "# host $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
	echo "# $(qemu-system-x86_64 --version | head -1), accel $(cat build/vm/accel 2>/dev/null || echo tcg), guest 2 vCPUs, 2 GiB"
	echo "# run took $(( $(date +%s) - t0 )) s on $(date -u +%F)"
	grep '^#' "$log"
	echo "# insns: kernel instructions per fault, a second boot with 1 vCPU, insn loops 3 of 4096 pages or 32 2 MiB faults; the smallest loop in the median column"
	echo "section,fs,method,param,threads,median,min,max,unit"
	grep -E '^(fault|gib|update|update_p99|seal|scale|swap|pmemobj),' "$log"
	python3 bench/insns.py "$plog" "$ilog" 3 4096 32
} >"$csv"
if [ ! -f "$out/results.csv" ]; then
	echo "bench: $csv written; run make bench for the series' results and the report"
	exit 0
fi
base=()
[ -f "$out/base.csv" ] && base=("$out/base.csv")
python3 bench/report.py "$out/results.csv" "$out/results.md" "$out/update.svg" "${base[@]}"
echo "bench: $out/results.md"
sed -n '/^## Headline/,/^## /p' "$out/results.md" | sed '$d'
