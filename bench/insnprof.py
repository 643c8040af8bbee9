#!/usr/bin/env python3
"""Kernel instructions per fault, by function, from a profiling run.

usage: insnprof.py LOG SYSTEM.MAP LOOP FAULTS [LOG2 SYSTEM.MAP2 LOOP2]

LOG is what bench/insncount.so printed with profile=1 (one vCPU) while
daxbench ran with DAXBENCH_MARK set: at each mark, the instructions of
each kernel translation block since the previous mark.  LOOP (from 0) is
the timed loop to show, in the order the loops ran; FAULTS the faults it
made.  Prints instructions per fault by function (System.map of the
kernel that ran), most first; with a second LOG, both side by side and
their difference, largest difference first.  For example, to see what
the series adds to a fault (bench/run-insns.sh as the guest command):

  scripts/vm --kernel build/bzImage-nodebug-series --smp 1 --append nokaslr \\
    --qemu-args "-plugin build/tools/insncount.so,mark=ADDR,profile=1 \\
                 -d plugin -D series.log" -- "sh bench/run-insns.sh"

with ADDR the address of __x64_sys_getcpu in that kernel's System.map.
"""
import bisect
import collections
import sys


def profile(log, smap, loop, faults):
    syms = []
    with open(smap) as f:
        for line in f:
            a, t, name = line.split()[:3]
            if t in "tTwW":
                syms.append((int(a, 16), name))
    syms.sort()
    addrs = [a for a, _ in syms]
    marks, prof = -1, collections.Counter()
    with open(log) as f:
        for line in f:
            if line.startswith("insncount"):
                marks += 1
            elif line.startswith("insnprof") and marks == 2 * loop + 1:
                _, a, c = line.split()
                i = bisect.bisect_right(addrs, int(a, 16)) - 1
                prof[syms[i][1] if i >= 0 else a] += int(c)
    if marks < 2 * loop + 1:
        sys.exit("insnprof: %s has no loop %d" % (log, loop))
    return {k: v / faults for k, v in prof.items()}


def main():
    a = sys.argv[1:]
    if len(a) not in (4, 7):
        sys.exit(__doc__)
    p = profile(a[0], a[1], int(a[2]), int(a[3]))
    if len(a) == 4:
        print("%9.1f  total" % sum(p.values()))
        for k, v in sorted(p.items(), key=lambda x: -x[1]):
            if v >= 0.5:
                print("%9.1f  %s" % (v, k))
        return
    q = profile(a[4], a[5], int(a[6]), int(a[3]))
    print("%9s %9s %9s" % ("first", "second", "diff"))
    print("%9.1f %9.1f %+9.1f  total" % (sum(p.values()), sum(q.values()),
                                         sum(q.values()) - sum(p.values())))
    for k in sorted(set(p) | set(q), key=lambda k: -abs(q.get(k, 0) - p.get(k, 0))):
        d = q.get(k, 0) - p.get(k, 0)
        if abs(d) >= 0.5:
            print("%9.1f %9.1f %+9.1f  %s" % (p.get(k, 0), q.get(k, 0), d, k))


if __name__ == "__main__":
    main()
