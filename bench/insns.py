#!/usr/bin/env python3
"""Kernel instructions per fault, from make bench's counting run.

usage: insns.py PLUGIN.log GUEST.log REPS PAGES HUGE

PLUGIN.log holds what bench/insncount.so printed at each getcpu() that
daxbench made around a timed fault loop (DAXBENCH_MARK): the guest's
kernel and user instruction counts so far.  GUEST.log holds daxbench's
fault rows, each the summary of REPS loops, in the order the loops ran.
A loop faults PAGES pages (4k, 4k-read) or HUGE 2 MiB pages (2m).  Prints
one CSV row per fault row: section insns, the median, min and max over the
REPS loops of kernel instructions per fault.  They do not depend on the
emulator's speed or on where code sits: what TCG timings cannot show.
"""
import sys


def main():
    plog, glog, reps, pages, huge = sys.argv[1:6]
    reps, pages, huge = int(reps), int(pages), int(huge)
    marks = []
    with open(plog) as f:
        for line in f:
            w = line.split()
            if w[:1] == ["insncount"]:
                marks.append(int(w[4]))         # kernel count
    rows = []
    with open(glog) as f:
        for line in f:
            if line.startswith("fault,"):
                rows.append(line.strip().split(","))
    if len(marks) != 2 * reps * len(rows):
        sys.exit("insns: %d marks for %d rows of %d loops" %
                 (len(marks), len(rows), reps))
    i = 0
    for r in rows:
        n = huge if r[3] == "2m" else pages
        v = sorted((marks[i + 2 * k + 1] - marks[i + 2 * k]) / n
                   for k in range(reps))
        i += 2 * reps
        print("insns,%s,%s,%s,1,%.0f,%.0f,%.0f,insns/fault" %
              (r[1], r[2], r[3], v[len(v) // 2], v[0], v[-1]))


if __name__ == "__main__":
    main()
