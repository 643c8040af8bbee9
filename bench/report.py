#!/usr/bin/env python3
"""Turn daxbench CSV into a Markdown report and an SVG plot.

usage: report.py RESULTS.csv RESULTS.md UPDATE.svg
"""
import csv
import math
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
}
UPDATE_NAMES = dict(METHOD_NAMES, sealed="sealed + clwb/sfence",
                    devdax="device-dax + clwb/sfence")
UPDATE_NAMES["sealed-2m"] = "sealed, 2 MiB pages + clwb/sfence"


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


def cell(r):
    if not r:
        return "–"
    return "{} ({}–{})".format(fmt(r["median"]), fmt(r["min"]), fmt(r["max"]))


def ratio(a, b):
    if not a or not b or not b["median"]:
        return None
    return a["median"] / b["median"]


def headline(rows):
    out = []

    def add(text, value):
        if value is not None:
            out.append("| {} | **{:.1f}×** |".format(text, value))

    for fs in ("ext4", "xfs"):
        s = get(rows, "fault", fs, "sealed", "4k")
        add("{}: 4 KiB write fault, MAP_SYNC on a fallocated file ÷ sealed".format(fs),
            ratio(get(rows, "fault", fs, "mapsync-fallocated", "4k"), s))
        add("{}: 4 KiB write fault, plain DAX on written blocks ÷ sealed".format(fs),
            ratio(get(rows, "fault", fs, "plain-written", "4k"), s))
    add("ext4: 4 KiB write fault, sealed ÷ device-dax (the file system's remaining cost)",
        ratio(get(rows, "fault", "ext4", "sealed", "4k"),
              get(rows, "fault", "ext4", "devdax", "4k")))
    add("ext4: 2 MiB write fault, MAP_SYNC on a fallocated file ÷ sealed",
        ratio(get(rows, "fault", "ext4", "mapsync-fallocated", "2m"),
              get(rows, "fault", "ext4", "sealed", "2m")))
    for size in ("64", "4096"):
        s = get(rows, "update", "ext4", "sealed", size)
        for other in ("mapsync", "msync", "fdatasync"):
            add("{} B updates, 1 thread: sealed ÷ {} (ops/s)".format(
                size, UPDATE_NAMES[other]), ratio(s, get(rows, "update", "ext4", other, size)))
        add("{} B updates, 1 thread: sealed with 2 MiB pages ÷ device-dax (2 MiB) (ops/s)".format(size),
            ratio(get(rows, "update", "ext4", "sealed-2m", size),
                  get(rows, "update", "ext4", "devdax", size)))
    sizes = sorted({int(r["param"]) for r in rows if r["section"] == "seal"})
    if sizes:
        big = str(sizes[-1])
        add("ext4: sealing {} MiB, fallocated ÷ prepared before".format(big),
            ratio(get(rows, "seal", "ext4", "fallocated", big),
                  get(rows, "seal", "ext4", "sealed-before", big)))
    return out


def table(header, lines):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(["---"] * len(header)) + "|"]
    out += ["| " + " | ".join(l) + " |" for l in lines]
    return out


def svg_updates(rows, path):
    sizes = ["8", "64", "256", "4096"]
    methods = [m for m in ("sealed", "sealed-2m", "mapsync", "pmem2-sealed", "devdax", "msync",
                           "fdatasync", "rwf_dsync")
               if any(r["section"] == "update" and r["method"] == m for r in rows)]
    colors = ["#1b9e77", "#1f78b4", "#d95f02", "#66a61e", "#7570b3", "#e7298a", "#e6ab02",
              "#a6761d"]
    vals = [get(rows, "update", "ext4", m, s) for m in methods for s in sizes]
    vals = [v["median"] for v in vals if v]
    if not vals:
        return
    lo = 10 ** math.floor(math.log10(min(vals)))
    hi = 10 ** math.ceil(math.log10(max(vals)))
    W, H, left, top, bottom = 980, 420, 70, 40, 60
    plot_h = H - top - bottom
    group_w = (W - left - 260) / len(sizes)
    bar_w = group_w * 0.8 / len(methods)

    def y(v):
        return top + plot_h * (1 - (math.log10(v) - math.log10(lo)) /
                               (math.log10(hi) - math.log10(lo)))

    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
         'font-family="sans-serif" font-size="12">'.format(W, H),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="{}" y="20" font-size="14">Small persistent updates, ext4, 1 thread: '
         'ops/s (log scale, higher is better)</text>'.format(left)]
    d = lo
    while d <= hi:
        s.append('<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="#ddd"/>'.format(
            left, W - 260, y(d), y(d)))
        s.append('<text x="{}" y="{:.1f}" text-anchor="end">{:g}</text>'.format(
            left - 6, y(d) + 4, d))
        d *= 10
    for gi, size in enumerate(sizes):
        gx = left + gi * group_w + group_w * 0.1
        for mi, m in enumerate(methods):
            r = get(rows, "update", "ext4", m, size)
            if not r:
                continue
            x = gx + mi * bar_w
            s.append('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" '
                     'fill="{}"><title>{} {} B: {:.0f} ops/s</title></rect>'.format(
                         x, y(r["median"]), bar_w - 1, top + plot_h - y(r["median"]),
                         colors[mi % len(colors)], UPDATE_NAMES[m], size, r["median"]))
        s.append('<text x="{:.1f}" y="{}" text-anchor="middle">{} B</text>'.format(
            left + gi * group_w + group_w / 2, top + plot_h + 20, size))
    for mi, m in enumerate(methods):
        yy = top + 10 + mi * 20
        s.append('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'.format(
            W - 250, yy, colors[mi % len(colors)]))
        s.append('<text x="{}" y="{}">{}</text>'.format(W - 232, yy + 10, UPDATE_NAMES[m]))
    s.append('</svg>')
    with open(path, "w") as f:
        f.write("\n".join(s) + "\n")


def main():
    csv_path, md_path, svg_path = sys.argv[1:4]
    notes, rows = load(csv_path)
    md = ["# daxfile benchmarks", ""]
    md += ["- " + n for n in notes]
    md += ["",
           "QEMU runs under TCG here: absolute times are those of an emulated CPU and "
           "emulated persistent memory, not native ones. Compare methods by the ratios "
           "within this one run. Every figure is the median of the runs, with (min–max).",
           "", "## Headline ratios", ""]
    md += table(["comparison", "ratio"], [l.strip("| ").split(" | ") for l in headline(rows)])

    md += ["", "## 1. Write fault cost", "",
           "First touch through a shared mapping, ns per fault. 4 KiB: huge pages off, "
           "one fault per page. 2 MiB: an aligned mapping with huge pages on, one fault "
           "per 2 MiB (PMD) where the blocks allow; the sealed file is sealed with "
           "`align` = 2 MiB. device-dax is the no-file-system limit (4 KiB and 2 MiB "
           "aligned devdax namespaces).", ""]
    cols = [("ext4", "4k"), ("xfs", "4k"), ("ext4", "2m"), ("xfs", "2m")]
    meths = ["plain-fallocated", "plain-written", "mapsync-fallocated", "mapsync-written",
             "sealed", "devdax"]
    md += table(["method"] + ["{} {}".format(fs, "4 KiB" if p == "4k" else "2 MiB")
                              for fs, p in cols],
                [[METHOD_NAMES[m]] + [cell(get(rows, "fault", fs, m, p)) for fs, p in cols]
                 for m in meths])

    for th in (1, 2):
        md += ["", "## 2. Small persistent updates, {} thread{}".format(th, "s" * (th > 1)), "",
               "Random offsets in a 1 GiB file on ext4 (each thread its own half), each "
               "update made durable before the next; ops/s. Files are fresh and not "
               "pre-faulted, so first-touch faults are part of the cost: 4 KiB faults "
               "for the files, except \"sealed, 2 MiB pages\" which, like the 2 MiB "
               "aligned device-dax, maps 2 MiB pages. The sealed file is sealed once "
               "(a sparse file, with align = 2 MiB) before its runs; sealing is measured in "
               "section 3.",
               ""]
        sizes = ["8", "64", "256", "4096"]
        um = ["sealed", "sealed-2m", "mapsync", "msync", "fdatasync", "rwf_dsync",
              "devdax", "pmem2-sealed", "pmem2-fallocated"]
        md += table(["method"] + [s + " B" for s in sizes],
                    [[UPDATE_NAMES[m]] + [cell(get(rows, "update", "ext4", m, s, th))
                                          for s in sizes] for m in um])
        md += ["", "p99 latency, ns:", ""]
        md += table(["method"] + [s + " B" for s in sizes],
                    [[UPDATE_NAMES[m]] + [cell(get(rows, "update_p99", "ext4", m, s, th))
                                          for s in sizes] for m in um])

    sizes = sorted({int(r["param"]) for r in rows if r["section"] == "seal"})
    md += ["", "## 3. Seal cost", "",
           "Time of the daxctl() call, ms. A sparse file gets all its blocks allocated "
           "and zeroed, a fallocated one its unwritten extents zeroed and converted; a "
           "file sealed before only has its block map walked: O(extents), not O(size).", ""]
    for fs in ("ext4", "xfs"):
        md += ["**{}**".format(fs), ""]
        md += table(["file"] + ["{} MiB".format(s) for s in sizes],
                    [[METHOD_NAMES[k]] + [cell(get(rows, "seal", fs, k, str(s))) for s in sizes]
                     for k in ("sparse", "fallocated", "sealed-before")])
        md += [""]

    md += ["## 4. Fault scaling", "",
           "Threads faulting disjoint ranges of one file, 4 KiB faults, total faults/s "
           "(the guest has 2 vCPUs).", ""]
    md += table(["file", "1 thread", "2 threads", "4 threads"],
                [[METHOD_NAMES[m]] + [cell(get(rows, "scale", "ext4", m, "4k", t))
                                      for t in (1, 2, 4)]
                 for m in ("sealed", "plain-written")])
    md += ["", "## Plot", "", "![update throughput](update.svg)", "",
           "Raw data: [results.csv](results.csv).", ""]
    with open(md_path, "w") as f:
        f.write("\n".join(md))
    svg_updates(rows, svg_path)


if __name__ == "__main__":
    main()
