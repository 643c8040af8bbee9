#!/usr/bin/env python3
"""Turn daxbench CSV into a Markdown report and an SVG plot.

usage: report.py RESULTS.csv RESULTS.md UPDATE.svg [BASE.csv]

BASE.csv: the same benchmark on the unpatched base kernel (make bench
BASE=1), which leaves out what needs a seal; the report then compares every
row both runs have.
"""
import csv
import math
import re
import sys

METHOD_NAMES = {
    "plain-fallocated": "plain DAX, fallocated",
    "plain-written": "plain DAX, written",
    "mapsync-fallocated": "MAP_SYNC, fallocated",
    "mapsync-written": "MAP_SYNC, written",
    "sealed": "sealed (daxctl)",
    "devdax": "device-dax",
    "mapsync": "MAP_SYNC + clwb/sfence",
    "msync": "mmap + msync(MS_SYNC)",
    "fdatasync": "pwrite + fdatasync",
    "rwf_dsync": "pwritev2(RWF_DSYNC)",
    "pmem2-sealed": "libpmem2, sealed file",
    "pmem2-fallocated": "libpmem2, fallocated file",
    "sparse": "sparse file",
    "fallocated": "fallocated file",
    "sealed-before": "sealed before (prepared)",
    "swapon": "swapon (activation)",
    "pageout-in-32m": "32 MiB paged out and in",
    "sealed-2m": "sealed, align = 2 MiB",
    "sealed-1g": "sealed, align = 1 GiB",
    "devdax-1g": "device-dax (1 GiB)",
}
UPDATE_NAMES = dict(METHOD_NAMES, sealed="sealed + clwb/sfence",
                    devdax="device-dax + clwb/sfence")
UPDATE_NAMES["sealed-2m"] = "sealed, 2 MiB pages + clwb/sfence"
PMEMOBJ_NAMES = {"sealed": "sealed file", "mapsync": "MAP_SYNC (libpmemobj's own file)"}


def load(path):
    notes, rows = [], []
    with open(path) as f:
        lines = f.read().splitlines()
    body = []
    for line in lines:
        if line.startswith("#"):
            notes.append(line[1:].strip())
        else:
            body.append(line)
    for r in csv.DictReader(body):
        for k in ("median", "min", "max"):
            r[k] = float(r[k])
        r["threads"] = int(r["threads"])
        rows.append(r)
    return notes, rows


def get(rows, section, fs, method, param, threads=1):
    for r in rows:
        if (r["section"], r["fs"], r["method"], r["param"], r["threads"]) == \
                (section, fs, method, param, threads):
            return r
    return None


def fmt(v):
    if v >= 100:
        return "{:,.0f}".format(v)
    if v >= 10:
        return "{:.1f}".format(v)
    return "{:.2f}".format(v)


# A row whose max/min is above SPREAD gets MARK and a note under its table.
SPREAD = 3.0
MARK = "†"


def spread(r):
    if not r or r["min"] <= 0:
        return None
    return r["max"] / r["min"]


def wide(r):
    sp = spread(r)
    return sp is not None and sp > SPREAD


def times(x):
    return "{:,.0f}×".format(x) if x >= 10 else "{:.1f}×".format(x)


def cell(r):
    if not r:
        return "–"
    return "{} ({}–{}){}".format(fmt(r["median"]), fmt(r["min"]), fmt(r["max"]),
                                 MARK if wide(r) else "")


def ratio(a, b):
    if not a or not b or not b["median"]:
        return None
    return a["median"] / b["median"]


def headline(rows):
    out = []

    def add(text, a, b):
        value = ratio(a, b)
        if value is not None:
            out.append([text, "**{:.1f}×**{}".format(
                value, " " + MARK if wide(a) or wide(b) else "")])

    for fs in ("ext4", "xfs"):
        s = get(rows, "fault", fs, "sealed", "4k")
        add("{}: 4 KiB write fault, MAP_SYNC on a fallocated file ÷ sealed".format(fs),
            get(rows, "fault", fs, "mapsync-fallocated", "4k"), s)
        add("{}: 4 KiB write fault, plain DAX on written blocks ÷ sealed".format(fs),
            get(rows, "fault", fs, "plain-written", "4k"), s)
    add("ext4: 4 KiB write fault, sealed ÷ device-dax (the file system's remaining cost)",
        get(rows, "fault", "ext4", "sealed", "4k"), get(rows, "fault", "ext4", "devdax", "4k"))
    add("ext4: 4 KiB write fault, sealed ÷ device-dax, kernel instructions per fault "
        "(counted, not timed)", get(rows, "insns", "ext4", "sealed", "4k"),
        get(rows, "insns", "ext4", "devdax", "4k"))
    add("ext4: 4 KiB first-touch reads, device-dax ÷ sealed (fault-around), per page",
        get(rows, "fault", "ext4", "devdax", "4k-read"),
        get(rows, "fault", "ext4", "sealed", "4k-read"))
    add("ext4: 2 MiB write fault, sealed ÷ device-dax (2 MiB)",
        get(rows, "fault", "ext4", "sealed", "2m"), get(rows, "fault", "ext4", "devdax", "2m"))
    add("ext4: 2 MiB write fault, sealed ÷ device-dax (2 MiB), kernel instructions per "
        "fault", get(rows, "insns", "ext4", "sealed", "2m"),
        get(rows, "insns", "ext4", "devdax", "2m"))
    add("xfs: 1 GiB write fault, sealed with align = 1 GiB ÷ device-dax (1 GiB)",
        get(rows, "fault", "xfs1g", "sealed-1g", "1g"),
        get(rows, "fault", "xfs1g", "devdax-1g", "1g"))
    add("xfs: map and touch all of 1 GiB, plain DAX on written blocks ÷ sealed with "
        "align = 1 GiB", get(rows, "gib", "xfs", "plain-written", "1g"),
        get(rows, "gib", "xfs1g", "sealed-1g", "1g"))
    for fs in ("ext4", "xfs"):
        add("{}: PMDK transactions of 4096 B on a fresh pool, sealed ÷ MAP_SYNC (tx/s)"
            .format(fs), get(rows, "pmemobj", fs, "sealed", "4096"),
            get(rows, "pmemobj", fs, "mapsync", "4096"))
    add("ext4: 2 MiB write fault, MAP_SYNC on a fallocated file ÷ sealed",
        get(rows, "fault", "ext4", "mapsync-fallocated", "2m"),
        get(rows, "fault", "ext4", "sealed", "2m"))
    for size in ("64", "4096"):
        s = get(rows, "update", "ext4", "sealed", size)
        for other in ("mapsync", "msync", "fdatasync"):
            add("{} B updates, 1 thread: sealed ÷ {} (ops/s)".format(size, UPDATE_NAMES[other]),
                s, get(rows, "update", "ext4", other, size))
        add("{} B updates, 1 thread: sealed with 2 MiB pages ÷ device-dax (2 MiB) (ops/s)"
            .format(size), get(rows, "update", "ext4", "sealed-2m", size),
            get(rows, "update", "ext4", "devdax", size))
    sizes = sorted({int(r["param"]) for r in rows if r["section"] == "seal"})
    if sizes:
        big = str(sizes[-1])
        add("ext4: sealing {} MiB, fallocated ÷ prepared before".format(big),
            get(rows, "seal", "ext4", "fallocated", big),
            get(rows, "seal", "ext4", "sealed-before", big))
    return out


def table(header, lines):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(["---"] * len(header)) + "|"]
    out += ["| " + " | ".join(l) + " |" for l in lines]
    return out


class Run:
    """What the CSV's comment lines say about how the run was made."""

    def __init__(self, notes):
        self.reps = None
        self.huge_faults = None
        self.insn_loops = None
        for n in notes:
            m = re.search(r"insn loops (\d+)", n)
            if m:
                self.insn_loops = int(m.group(1))
            m = re.match(r"reps (\d+)", n)
            if m:
                self.reps = int(m.group(1))
            m = re.search(r"2 MiB faults (\d+)", n)
            if m:
                self.huge_faults = int(m.group(1))
        pre = [n for n in notes if n.startswith("pre-write ")]
        self.devdax_prewritten = any(n.startswith("pre-write device-dax") for n in pre)
        self.fs_prewritten = any(not n.startswith("pre-write device-dax") for n in pre)
        self.devdax_explained = None     # the section whose note explains device-dax

    def median_of(self):
        return "the median of {} runs".format(self.reps) if self.reps else "the median"


def flagged_list(cells):
    """The flagged cells as text: "device-dax at 8 B (756×), 64 B (8.4×); …"."""
    by = {}
    for label, col, r in cells:
        by.setdefault(label, []).append("{} ({})".format(col, times(spread(r))))
    return "; ".join("{} at {}".format(label, ", ".join(cols)) for label, cols in by.items())


def spread_note(cells, rows, run, section):
    """Lines to print under a table: why some of its rows spread so widely.

    cells: (row label, column label, CSV row or None) for every cell of the table."""
    flagged = [c for c in cells if wide(c[2])]
    if not flagged:
        return []
    dev = [c for c in flagged if c[2]["method"] == "devdax"]
    other = [c for c in flagged if c[2]["method"] != "devdax"]
    text = ["{} Max/min above {:g}×: {}.".format(
        MARK, SPREAD, flagged_list(flagged))]
    if dev and run.devdax_prewritten:
        text.append("The device-dax devices were written once before anything was timed "
                    "in this run, so their spread is not the first-write cost of a fresh "
                    "device; its cause is not known.")
    elif dev and run.devdax_explained is None:
        run.devdax_explained = section
        cost = []
        r = get(rows, "fault", "ext4", "devdax", "2m")
        if wide(r):
            cost.append("{:.1f} ms more per 2 MiB fault".format(
                (r["max"] - r["median"]) / 1e6))
        r = get(rows, "fault", "ext4", "devdax", "4k")
        if wide(r):
            cost.append("{:.1f} ms more per 2 MiB of 4 KiB faults".format(
                (r["max"] - r["median"]) * 512 / 1e6))
        text.append(
            "device-dax: nothing wrote the devices before their timed runs in this run. "
            "They are made just before, on never-written space of fresh emulated NVDIMMs, "
            "where the first write to each 2 MiB costs milliseconds, once{}. Every "
            "repetition maps the same device, so the first one pays and the others do not; "
            "the update runs' random offsets keep finding unwritten pieces for a few "
            "repetitions, so there the median may include some of it too. From the next "
            "`make bench` on, daxbench writes the devices and the file systems' free "
            "space once before timing."
            .format(" (here the slowest repetition took " + " and ".join(cost) +
                    " than the median)" if cost else ""))
    elif dev:
        text.append("device-dax: the devices' one-time first-write cost, paid inside the "
                    "first repetitions; see the note under section {}'s table."
                    .format(run.devdax_explained))
    if other:
        if run.fs_prewritten:
            text.append("Other rows: outlying repetitions, not analysed further; read "
                        "the median.")
        else:
            text.append("Other rows: an outlying repetition, not analysed further (the "
                        "first run to write fresh file-system blocks pays the same "
                        "first-write cost; the emulator on a busy host adds noise); read "
                        "the median.")
    return ["", " ".join(text)]


def esc(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


UPDATE_SIZES = ["8", "64", "256", "4096"]
UPDATE_METHODS = ["sealed", "sealed-2m", "mapsync", "msync", "fdatasync", "rwf_dsync",
                  "devdax", "pmem2-sealed", "pmem2-fallocated"]
COLORS = {"sealed": "#1b9e77", "sealed-2m": "#1f78b4", "mapsync": "#d95f02",
          "msync": "#e7298a", "fdatasync": "#e6ab02", "rwf_dsync": "#a6761d",
          "devdax": "#7570b3", "pmem2-sealed": "#66a61e", "pmem2-fallocated": "#999999"}


def svg_updates(rows, run, path, threads=1):
    """The update table for @threads as bars (median) with min–max whiskers.

    A logarithmic axis: the rows span three decades (a few thousand ops/s for the
    methods that go through the file system, hundreds of thousands for device-dax,
    with whiskers lower still), and on a linear axis the slow rows' bars and all
    their whiskers would be a few pixels tall.  Bars start at the decade at or below
    the smallest value plotted (whisker ends included), which the axis labels."""
    cells = {(m, s): get(rows, "update", "ext4", m, s, threads)
             for m in UPDATE_METHODS for s in UPDATE_SIZES}
    vals = [v for r in cells.values() if r for v in (r["min"], r["median"], r["max"])
            if v > 0]
    W, left, top, plot_h, legend_w = 1080, 84, 62, 300, 280
    right = W - legend_w
    base = top + plot_h
    out = []
    if vals:
        lo = 10 ** math.floor(math.log10(min(vals)))
        hi = 10 ** math.ceil(math.log10(max(vals)))
        if hi <= lo:
            hi = lo * 10
    else:
        lo, hi = 1, 10

    def y(v):
        return base - plot_h * (math.log10(v) - math.log10(lo)) / (
            math.log10(hi) - math.log10(lo))

    title = ("Small persistent updates on ext4, {} thread{}: ops/s, higher is better "
             "(logarithmic axis)".format(threads, "s" * (threads > 1)))
    out.append('<text x="{}" y="22" font-size="15" font-weight="bold">{}</text>'.format(
        left, esc(title)))
    out.append('<text x="{}" y="42">Bars: {}; whiskers: min to max. Bars start at {:,g} '
               'ops/s; each labelled gridline is 10× the one below.</text>'.format(
                   left, esc(run.median_of()), lo))
    # gridlines: 1, 2, 5 per decade, decades labelled
    d = lo
    while d <= hi * 1.0001:
        for k in (1, 2, 5):
            v = d * k
            if v > hi * 1.0001:
                break
            major = k == 1
            out.append('<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="{}"/>'.format(
                left, right, y(v), y(v), "#bbb" if major else "#e8e8e8"))
            if major:
                out.append('<text x="{}" y="{:.1f}" text-anchor="end">{:,.0f}</text>'.format(
                    left - 6, y(v) + 4, v))
        d *= 10
    out.append('<text transform="translate(18,{:.0f}) rotate(-90)" text-anchor="middle">'
               'ops/s, logarithmic axis</text>'.format(top + plot_h / 2))
    out.append('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#333"/>'.format(
        left, right, base, base))
    out.append('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#333"/>'.format(
        left, left, top, base))

    group_w = (right - left) / len(UPDATE_SIZES)
    bar_w = group_w * 0.86 / len(UPDATE_METHODS)
    for gi, size in enumerate(UPDATE_SIZES):
        gx = left + gi * group_w + group_w * 0.07
        for mi, m in enumerate(UPDATE_METHODS):
            r = cells[(m, size)]
            x = gx + mi * bar_w
            cx = x + (bar_w - 1) / 2
            if not r or r["median"] <= 0:
                out.append('<text x="{:.1f}" y="{}" font-size="9" text-anchor="middle">'
                           'n/a</text>'.format(cx, base - 4))
                continue
            tip = "{} {} B: {} ops/s (min {}, max {})".format(
                UPDATE_NAMES[m], size, fmt(r["median"]), fmt(r["min"]), fmt(r["max"]))
            out.append('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" '
                       'fill="{}"><title>{}</title></rect>'.format(
                           x, y(r["median"]), bar_w - 1, base - y(r["median"]),
                           COLORS[m], esc(tip)))
            if r["min"] > 0:
                cap = max(bar_w * 0.25, 2)
                out.append('<g stroke="#222" stroke-width="1.2">'
                           '<line x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}"/>'
                           '<line x1="{3:.1f}" x2="{4:.1f}" y1="{1:.1f}" y2="{1:.1f}"/>'
                           '<line x1="{3:.1f}" x2="{4:.1f}" y1="{2:.1f}" y2="{2:.1f}"/>'
                           '</g>'.format(cx, y(r["max"]), y(r["min"]), cx - cap, cx + cap))
        out.append('<text x="{:.1f}" y="{}" text-anchor="middle">{} B</text>'.format(
            left + gi * group_w + group_w / 2, base + 18, size))
    out.append('<text x="{:.1f}" y="{}" text-anchor="middle">update size</text>'.format(
        (left + right) / 2, base + 36))

    for mi, m in enumerate(UPDATE_METHODS):
        yy = top + mi * 22
        have = any(cells[(m, s)] for s in UPDATE_SIZES)
        out.append('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'.format(
            right + 16, yy, COLORS[m]))
        out.append('<text x="{}" y="{}">{}{}</text>'.format(
            right + 34, yy + 10, esc(UPDATE_NAMES[m]), "" if have else " (no data)"))

    notes = ["QEMU runs under TCG: absolute rates are those of an emulated CPU and "
             "emulated persistent memory. Compare ratios within one run."]
    flagged = [(UPDATE_NAMES[m], s + " B", cells[(m, s)]) for m in UPDATE_METHODS
               for s in UPDATE_SIZES if wide(cells[(m, s)])]
    if flagged:
        notes.append("Whiskers spanning more than {:g}×: {} (see the note under the "
                     "table in results.md).".format(SPREAD, flagged_list(flagged)))
    yy = base + 62
    for n in notes:
        # wrap to the width, at about 6.6 px a character
        words, line, width = n.split(), "", int((W - left - 20) / 6.6)
        for w in words + [None]:
            if w is None or len(line) + len(w) + 1 > width:
                out.append('<text x="{}" y="{}">{}</text>'.format(left, yy, esc(line)))
                yy += 17
                line = w or ""
            else:
                line = (line + " " + w).strip()
    H = yy + 8
    with open(path, "w", encoding="utf-8") as f:
        f.write('<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
                'viewBox="0 0 {} {}" font-family="sans-serif" font-size="12">\n'
                .format(W, H, W, H))
        f.write('<rect width="100%" height="100%" fill="white"/>\n')
        f.write("\n".join(out) + "\n</svg>\n")


def base_section(base_path, rows, sec):
    """Rows both kernels ran: base and series medians, and their ratio."""
    bnotes, brows = load(base_path)
    kernel = [x for x in bnotes if x.startswith("kernel ")]
    md = ["", "## {}. The base kernel".format(sec), "",
          "The same benchmark on the unpatched base kernel ({}), in a run of its own "
          "([base.csv](base.csv)), without what needs a seal. Series ÷ base of the "
          "medians, for every row both ran: times, so above 1 means slower with the "
          "series (ops/s rows are inverted to match). Two runs of one kernel differ too: "
          "a ratio whose base and series ranges (min–max) overlap is within run-to-run "
          "noise.".format(kernel[0][7:] if kernel else "see base.csv"), ""]
    lines, outside, slower, counted = [], 0, 0, []
    for b in brows:
        if b["section"] == "update_p99":
            continue
        if b["section"] == "insns":
            r = get(rows, "insns", b["fs"], b["method"], b["param"])
            if r:
                counted.append(["{} {}".format(b["fs"], b["param"] if b["unit"] ==
                                               "insns/fault" else b["unit"][6:]),
                                METHOD_NAMES.get(b["method"], b["method"]),
                                fmt(b["median"]), fmt(r["median"]),
                                "{:+,.0f}".format(r["median"] - b["median"]),
                                "{:.3f}".format(r["median"] / b["median"])])
            continue
        r = get(rows, b["section"], b["fs"], b["method"], b["param"], b["threads"])
        if not r or not b["median"] or not r["median"]:
            continue
        x = r["median"] / b["median"]
        if b["unit"] in ("ops/s", "faults/s"):
            x = 1 / x
        overlap = r["min"] <= b["max"] and b["min"] <= r["max"]
        outside += not overlap
        slower += not overlap and x > 1
        name = {"update": UPDATE_NAMES, "pmemobj": PMEMOBJ_NAMES}.get(b["section"],
                                                                    METHOD_NAMES)
        lines.append(["{} {}".format(b["section"], b["fs"]),
                      "{}, {}{}".format(name.get(b["method"], b["method"]), b["param"],
                                        "" if b["threads"] == 1 else
                                        ", {} threads".format(b["threads"])),
                      cell(b), cell(r),
                      "{:.2f}{}".format(x, "" if overlap else " ‡")])
    md += table(["section", "method", "base", "series", "series ÷ base"], lines)
    md += ["", "‡ The ranges do not overlap ({} of {} rows: {} slower with the series, {} "
           "faster). Where both directions show, the two boots differ by more than one "
           "boot's repetitions do, and only a row that is slower in repeated pairs of "
           "runs would point at the series.".format(outside, len(lines), slower,
                                                    outside - slower)
           if outside else "Every row's ranges overlap."]
    if counted:
        md += ["", "Kernel instructions per fault on both kernels (section 1's counting "
               "boot, the smallest of 3 loops), and per swapon of a 128 MiB swapfile and per page "
               "swapped out and in (file systems without DAX): what the series adds "
               "to or takes from each, whatever TCG's timings do.", ""]
        md += table(["what", "method", "base", "series", "series − base",
                     "series ÷ base"], counted)
    return md


def main():
    csv_path, md_path, svg_path = sys.argv[1:4]
    base_path = sys.argv[4] if len(sys.argv) > 4 else None
    notes, rows = load(csv_path)
    notes = list(dict.fromkeys(notes))      # each comment line once
    run = Run(notes)
    n = {k: i + 1 for i, k in enumerate(("fault", "gib", "update1", "update2", "seal",
                                         "scale", "swap", "pmemobj", "base"))}
    md = ["# daxfile benchmarks", ""]
    md += ["- " + x for x in notes]
    md += ["",
           "QEMU runs under TCG here: absolute times are those of an emulated CPU and "
           "emulated persistent memory, not native ones. Compare methods by the ratios "
           "within this one run. Every figure is {} with (min–max).{} Raw data: "
           "[results.csv](results.csv).".format(
               run.median_of(),
               " A {} marks the rows whose max/min is above {:g}×, explained under their "
               "table.".format(MARK, SPREAD) if any(wide(r) for r in rows) else "")]
    if run.devdax_prewritten and run.fs_prewritten:
        md += ["", "The device-dax devices and the file systems' free space were written "
               "once before anything was timed (the pre-write lines above): the emulated "
               "NVDIMMs are fresh, and the first write to their memory costs extra once."]
    md += ["", "## Headline ratios", ""]
    hl = headline(rows)
    md += table(["comparison", "ratio"], hl)
    if any(MARK in r[1] for r in hl):
        md += ["", "{} An operand's repetitions spread more than {:g}×: see the note "
               "under its table.".format(MARK, SPREAD)]

    md += ["", "## {}. Write fault cost".format(n["fault"]), "",
           "First touch through a shared mapping, ns per fault. 4 KiB: huge pages off, "
           "one fault per page. 2 MiB: an aligned mapping with huge pages on, one fault "
           "per 2 MiB (PMD) where the blocks allow{}; the sealed file is sealed with "
           "`align` = 2 MiB. device-dax is the no-file-system limit (4 KiB and 2 MiB "
           "aligned devdax namespaces). The first fault of each run costs 100–150 µs "
           "in the emulator whatever the method, device-dax included (the fault path "
           "is cold in QEMU's caches after the run's set-up); runs of many faults keep "
           "that out of the per-fault figures.".format(
               ", {} faults per run".format(run.huge_faults) if run.huge_faults else ""),
           ""]
    cols = [("ext4", "4k"), ("xfs", "4k"), ("ext4", "2m"), ("xfs", "2m")]
    heads = ["{} {}".format(fs, "4 KiB" if p == "4k" else "2 MiB") for fs, p in cols]
    meths = ["plain-fallocated", "plain-written", "mapsync-fallocated", "mapsync-written",
             "sealed", "devdax"]
    md += table(["method"] + heads,
                [[METHOD_NAMES[m]] + [cell(get(rows, "fault", fs, m, p)) for fs, p in cols]
                 for m in meths])
    md += spread_note([(METHOD_NAMES[m], h, get(rows, "fault", fs, m, p))
                       for m in meths for (fs, p), h in zip(cols, heads)],
                      rows, run, n["fault"])
    rmeths = ["plain-written", "sealed", "devdax"]
    if any(get(rows, "fault", fs, m, "4k-read") for fs in ("ext4", "xfs") for m in rmeths):
        md += ["", "First-touch reads of 4 KiB pages, huge pages off, ns per page read: "
               "every page takes a read fault, but on a sealed file, whose read fault "
               "also maps the rest of its fault-around window (64 KiB by default) from "
               "the table (0042-0045). Device-dax has no fault-around.", ""]
        rheads = ["ext4 4 KiB read", "xfs 4 KiB read"]
        md += table(["method"] + rheads,
                    [[METHOD_NAMES[m]] + [cell(get(rows, "fault", fs, m, "4k-read"))
                                          for fs in ("ext4", "xfs")] for m in rmeths])
        md += spread_note([(METHOD_NAMES[m], h, get(rows, "fault", fs, m, "4k-read"))
                           for m in rmeths for fs, h in zip(("ext4", "xfs"), rheads)],
                          rows, run, n["fault"])

    if any(r["section"] == "insns" for r in rows):
        md += ["", "Kernel instructions per fault, counted in a second boot (one vCPU) by "
               "a QEMU plugin (bench/insncount.so) between two marks around each timed "
               "loop (bench/insns.py): the same faults, the smallest count of {} loops "
               "(the vCPU also counts other tasks' work during a loop). Unlike the "
               "times above they do not depend on the emulator's speed, on the host's "
               "load, or on where the kernel's code sits in memory, which moves TCG "
               "timings by several per cent; they weigh an atomic or an uncached load "
               "no more than an add, which a native CPU does not.".format(
                   run.insn_loops or "3"), ""]
        icols = cols + [("ext4", "4k-read"), ("xfs", "4k-read")]
        iheads = heads + ["ext4 4 KiB read", "xfs 4 KiB read"]
        md += table(["method"] + iheads,
                    [[METHOD_NAMES[m]] + [fmt(get(rows, "insns", fs, m, p)["median"])
                                          if get(rows, "insns", fs, m, p) else "–"
                                          for fs, p in icols]
                     for m in meths])

    if any(r["section"] == "gib" for r in rows):
        md += ["", "## {}. 1 GiB".format(n["gib"]), "",
               "A file sealed with `align` = 1 GiB on the lab's xfs made for 1 GiB extents "
               "(`xfs1g`), and a 1 GiB aligned device-dax namespace, mapped at a 1 GiB "
               "boundary: one write fault maps the whole GiB (PUD). ns per fault:", ""]
        gm = ("sealed-1g", "devdax-1g")
        md += table(["method", "1 GiB fault"],
                    [[METHOD_NAMES[m], cell(get(rows, "fault", "xfs1g", m, "1g"))]
                     for m in gm])
        md += ["", "Mapping a 1 GiB file and storing to each of its 4 KiB pages, first touch, "
               "huge pages on, ms: the methods without 1 GiB pages take 512 2 MiB faults "
               "(on xfs with its 2 MiB geometry, a file made again for each run; the sealed "
               "files are sealed once, before their runs).", ""]
        gl = [(m, fs) for m, fs in (("plain-written", "xfs"), ("mapsync-fallocated", "xfs"),
                                    ("mapsync-written", "xfs"), ("sealed-2m", "xfs"),
                                    ("sealed-1g", "xfs1g"), ("devdax-1g", "xfs1g"))]
        md += table(["method", "map + touch 1 GiB"],
                    [[METHOD_NAMES[m], cell(get(rows, "gib", fs, m, "1g"))] for m, fs in gl])
        md += spread_note([(METHOD_NAMES[m], "1 GiB", get(rows, "fault", "xfs1g", m, "1g"))
                           for m in gm]
                          + [(METHOD_NAMES[m], "touch", get(rows, "gib", fs, m, "1g"))
                             for m, fs in gl], rows, run, n["gib"])

    for th in (1, 2):
        sec = n["update{}".format(th)]
        md += ["", "## {}. Small persistent updates, {} thread{}".format(
            sec, th, "s" * (th > 1)), ""]
        if th == 1:
            md += ["Random offsets in a 1 GiB file on ext4, each update made durable "
                   "before the next; ops/s. Files are fresh and not pre-faulted, so "
                   "first-touch faults are part of the cost: 4 KiB faults for the files, "
                   "except \"sealed, 2 MiB pages\" which, like the 2 MiB aligned device-dax, "
                   "maps 2 MiB pages. The sealed file is sealed once (a sparse file, with "
                   "align = 2 MiB) before its runs; sealing is measured in section {}."
                   .format(n["seal"]), ""]
        else:
            md += ["As section {}, with 2 threads, each updating its own half of the "
                   "file; ops/s of both together.".format(n["update1"]), ""]
        head = ["method"] + [s + " B" for s in UPDATE_SIZES]
        for section, unit in (("update", None), ("update_p99", "p99 latency, ns:")):
            if unit:
                md += ["", unit, ""]
            md += table(head, [[UPDATE_NAMES[m]] +
                               [cell(get(rows, section, "ext4", m, s, th))
                                for s in UPDATE_SIZES] for m in UPDATE_METHODS])
            md += spread_note([(UPDATE_NAMES[m], s + " B",
                                get(rows, section, "ext4", m, s, th))
                               for m in UPDATE_METHODS for s in UPDATE_SIZES],
                              rows, run, sec)
            if th == 1 and section == "update":
                md += ["", "The table above as a plot: every row, bars at the median, "
                       "whiskers from min to max, on a logarithmic axis.", "",
                       "![update throughput, 1 thread](update.svg)"]

    sizes = sorted({int(r["param"]) for r in rows if r["section"] == "seal"})
    md += ["", "## {}. Seal cost".format(n["seal"]), "",
           "Time of the daxctl() call, ms. A sparse file gets all its blocks allocated "
           "and zeroed, a fallocated one its unwritten extents zeroed and converted; a "
           "file sealed before allocates and zeroes nothing: its block map is walked and "
           "checked, and every page gets its mapping entry."]
    kinds = ("sparse", "fallocated", "sealed-before")
    for fs in ("ext4", "xfs"):
        md += ["", "**{}**".format(fs), ""]
        md += table(["file"] + ["{} MiB".format(s) for s in sizes],
                    [[METHOD_NAMES[k]] + [cell(get(rows, "seal", fs, k, str(s))) for s in sizes]
                     for k in kinds])
        md += spread_note([(METHOD_NAMES[k], "{} MiB".format(s),
                            get(rows, "seal", fs, k, str(s))) for k in kinds for s in sizes],
                          rows, run, n["seal"])

    md += ["", "## {}. Fault scaling".format(n["scale"]), "",
           "Threads faulting disjoint ranges of one file, 4 KiB faults, total faults/s "
           "(the guest has 2 vCPUs).", ""]
    sm = ("sealed", "plain-written")
    md += table(["file", "1 thread", "2 threads", "4 threads"],
                [[METHOD_NAMES[m]] + [cell(get(rows, "scale", "ext4", m, "4k", t))
                                      for t in (1, 2, 4)] for m in sm])
    md += spread_note([(METHOD_NAMES[m], "{} thread{}".format(t, "s" * (t > 1)),
                        get(rows, "scale", "ext4", m, "4k", t)) for m in sm for t in (1, 2, 4)],
                      rows, run, n["scale"])
    swap_fs = [fs for fs in ("ext4-nodax", "xfs-nodax", "ext4", "xfs")
               if any(r["section"] == "swap" and r["fs"] == fs for r in rows)]
    if swap_fs:
        md += ["", "## {}. Swap".format(n["swap"]), "",
               "A 128 MiB swapfile: swapon (activation walks its block map, with the "
               "walker the series shares with sealing), ms; then 32 MiB of anonymous "
               "memory paged out to it with MADV_PAGEOUT and faulted back in, ms. The "
               "`-nodax` file systems are on loop devices in the guest's memory; ext4 and "
               "xfs with DAX can swap only with the series.", ""]
        sw = ("swapon", "pageout-in-32m")
        md += table(["file system"] + [METHOD_NAMES[m] for m in sw],
                    [[fs] + [cell(get(rows, "swap", fs, m, "128")) for m in sw]
                     for fs in swap_fs])
        md += spread_note([(fs, METHOD_NAMES[m], get(rows, "swap", fs, m, "128"))
                           for fs in swap_fs for m in sw], rows, run, n["swap"])
    if any(r["section"] == "pmemobj" for r in rows):
        md += ["", "## {}. PMDK transactions".format(n["pmemobj"]), "",
               "libpmemobj transactions on a freshly created 256 MiB pool, each "
               "allocating an object of the given size, filling it and bumping a counter "
               "in the root object: the allocations walk fresh heap pages, so first-touch "
               "faults are part of the cost. Sealed: the pool is created in a sparse file "
               "sealed first; MAP_SYNC: in a file libpmemobj creates, which it maps with "
               "MAP_SYNC. Transactions per second.", ""]
        pm = ("sealed", "mapsync")
        pcols = [(fs, sz) for fs in ("ext4", "xfs") for sz in ("256", "4096")]
        md += table(["pool"] + ["{} {} B".format(fs, sz) for fs, sz in pcols],
                    [[PMEMOBJ_NAMES[m]]
                     + [cell(get(rows, "pmemobj", fs, m, sz)) for fs, sz in pcols]
                     for m in pm])
        md += spread_note([(m, "{} {} B".format(fs, sz), get(rows, "pmemobj", fs, m, sz))
                           for m in pm for fs, sz in pcols], rows, run, n["pmemobj"])
    if base_path:
        md += base_section(base_path, rows, n["base"])
    md += [""]
    with open(md_path, "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    svg_updates(rows, run, svg_path)


if __name__ == "__main__":
    main()
