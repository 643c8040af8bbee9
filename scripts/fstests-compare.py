#!/usr/bin/env python3
"""Compare a make fstests run of the series with the committed base run.

usage: fstests-compare.py LIST BASE_RESULTS SERIES_RESULTS

Each results file has a line per test: "CONFIG TEST pass|fail|notrun ...".
The run fails on
  - a test that passed on the base kernel and did not pass on the series
    (a regression);
  - a test that did not pass on the series in a DAX configuration and
    is named on a "must-pass:" line of LIST;
  - a test that the base kernel did not run in a DAX configuration for a
    reason that names swap (swap on DAX files, which the base kernel
    cannot do, must work with the series) and that fails with the series
    or is not run for a reason that names swap again (one skipped for
    another reason, such as no reflink in that configuration, is listed);
  - a configuration where most of the tests were not run.
Every test the series did not run is listed with its reason.
"""
import sys


def read(path):
    res = {}
    try:
        with open(path) as f:
            for line in f:
                w = line.split(None, 3)
                if len(w) >= 3:
                    res[(w[0], w[1])] = (w[2], w[3].strip() if len(w) > 3 else "")
    except FileNotFoundError:
        pass
    return res


def must_pass(path):
    tests = set()
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if line and line[0] == "must-pass:":
                tests.update(line[1:])
    return tests


def main():
    lst, base_path, series_path = sys.argv[1:4]
    base, series = read(base_path), read(series_path)
    must = must_pass(lst)
    if not base:
        print("fstests: no base results in %s: run scripts/fstests.sh --base" % base_path)
    bad = []
    configs = sorted({c for c, _ in series})
    for cfg in configs:
        mine = {t: r for (c, t), r in series.items() if c == cfg}
        n = {s: sum(1 for r in mine.values() if r[0] == s) for s in ("pass", "fail", "notrun")}
        print("%-16s %4d passed, %3d failed, %3d not run" % (cfg, n["pass"], n["fail"], n["notrun"]))
        if n["notrun"] > len(mine) / 2:
            bad.append("%s: %d of %d tests not run" % (cfg, n["notrun"], len(mine)))
        for t, (st, why) in sorted(mine.items()):
            b, bwhy = base.get((cfg, t), ("absent", ""))
            # the base kernel could not run it for want of swap on DAX:
            # with the series it must not fail, nor be skipped for swap;
            # a skip for another reason (no reflink here) is listed
            swap_only = (cfg.endswith("-dax") and b == "notrun" and
                         "swap" in bwhy.lower())
            if st == "notrun":
                print("  not run: %s %s: %s" % (cfg, t, why))
            if st != "pass" and b == "pass":
                bad.append("%s %s: passes on the base kernel, %s with the series" % (cfg, t, st))
            elif st != "pass" and t in must and cfg.endswith("-dax"):
                bad.append("%s %s: must pass with the series (listed), %s" % (cfg, t, st))
            elif swap_only and (st == "fail" or "swap" in why.lower()):
                bad.append("%s %s: must pass with the series (base: not run, %s), %s %s" %
                           (cfg, t, bwhy, st, why))
            elif st == "fail":
                print("  fails on %s: %s %s" % ("both kernels" if b == "fail" else
                                              "the series (base: %s)" % b, cfg, t))
    for (cfg, t), (b, _) in sorted(base.items()):
        if cfg in configs and (cfg, t) not in series:
            bad.append("%s %s: ran on the base kernel, no result with the series" % (cfg, t))
    for b in bad:
        print("FAIL: " + b)
    if not base:
        # nothing to compare with: a run without base results is no pass
        print("fstests: %s; no base results, so no comparison" %
              ("%d failures" % len(bad) if bad else "the must-pass tests passed"))
        return 1
    print("fstests: %s" % ("%d failures" % len(bad) if bad else "no regression against the base kernel"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
