#!/usr/bin/env python3
"""Kernel instructions per fault, from make bench's counting run.

usage: insns.py PLUGIN.log GUEST.log REPS PAGES HUGE

PLUGIN.log holds what bench/insncount.so printed at each getcpu() that
daxbench made around a timed fault loop (DAXBENCH_MARK): the guest's
kernel and user instruction counts so far.  GUEST.log holds daxbench's
fault and swap rows, each the summary of REPS loops, in the order the
loops ran.  A fault loop faults PAGES pages (4k, 4k-read) or HUGE 2 MiB
pages (2m); a swap row pair's loops alternate a swapon and a page-out and
page-in of 32 MiB.  Prints one CSV row per row: section insns, the median,
min and max over the REPS loops of kernel instructions per fault, per
swapon, or per page swapped out and in, with the min also in the median's
column: see out().  They do not depend on the
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
            if line.startswith(("fault,", "swap,")):
                rows.append(line.strip().split(","))
    if len(marks) != 2 * reps * len(rows):  # a swap row pair: 4 a loop
        sys.exit("insns: %d marks for %d rows of %d loops" %
                 (len(marks), len(rows), reps))
    # The vCPU counts whatever it runs, so work of other tasks during a
    # loop (a journal commit, the flusher) adds to its count and never
    # takes from it: the smallest loop is the estimate, in the column
    # where the timed rows have their median.
    def out(r, v, unit):
        v = sorted(v)
        print("insns,%s,%s,%s,1,%.0f,%.0f,%.0f,%s" %
              (r[1], r[2], r[3], v[0], v[0], v[-1], unit))

    i, j = 0, 0
    while j < len(rows):
        r = rows[j]
        if r[0] == "swap":
            # a swapon row and a page-out/in row, their loops alternating;
            # kernel instructions per swapon, and per 4 KiB page swapped
            # out and in again (32 MiB)
            on = [marks[i + 4 * k + 1] - marks[i + 4 * k] for k in range(reps)]
            io = [(marks[i + 4 * k + 3] - marks[i + 4 * k + 2]) / 8192
                  for k in range(reps)]
            out(r, on, "insns/swapon")
            out(rows[j + 1], io, "insns/page")
            i += 4 * reps
            j += 2
            continue
        n = huge if r[3] == "2m" else pages
        out(r, [(marks[i + 2 * k + 1] - marks[i + 2 * k]) / n
                for k in range(reps)], "insns/fault")
        i += 2 * reps
        j += 1


if __name__ == "__main__":
    main()
