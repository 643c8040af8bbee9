#!/usr/bin/env python3
"""Check syzkaller/daxctl.txt, the syzkaller description of daxctl().

With SYZKALLER=<a syzkaller checkout> and a Go toolchain new enough for it,
run syzkaller's own compiler on it: `make extract` against build/linux,
then `make generate`.  Otherwise (this lab: Debian's Go is older than
syzkaller's go.mod asks for) check what that compiler would check for
this file: the call and type syntax of sys/linux, that every constant
exists in the series' uapi header, that flags sets are defined and used,
and that every call that can seal carries (snapshot).  Prints "ok - ..."
or "not ok - ..." lines and exits non-zero on a failure.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
desc = os.path.join(top, "syzkaller", "daxctl.txt")
tree = os.path.join(top, "build", "linux")
ATTRS = {"disabled", "snapshot", "ignore_return", "breaks_returns",
         "no_generate", "no_minimize", "no_squash", "remote_cover"}
SEAL = "DAXCTL_F_STATIC"


def with_syzkaller(syz):
    work = tempfile.mkdtemp()
    try:
        subprocess.run(["git", "clone", "-q", "--depth=1", "file://" + syz,
                        work + "/s"], check=True)
        shutil.copy(desc, work + "/s/sys/linux/daxctl.txt")
        for cmd in (["make", "extract", "TARGETOS=linux", "SOURCEDIR=" + tree,
                     "FILES=sys/linux/daxctl.txt"], ["make", "generate"]):
            r = subprocess.run(cmd, cwd=work + "/s", capture_output=True,
                               text=True)
            if r.returncode:
                print("not ok - syzkaller: %s\n%s" % (" ".join(cmd),
                                                       r.stdout + r.stderr))
                return 1
        print("ok - syzkaller/daxctl.txt: syz-extract and syz-sysgen accept it")
        return 0
    finally:
        shutil.rmtree(work)


def split_args(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        depth += ch == "["
        depth -= ch == "]"
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def header_consts(names):
    """The value of each name in the series' uapi header, by compiling it."""
    src = "#include <linux/daxfile.h>\n#include <stdio.h>\nint main(void)\n{\n"
    src += "".join('\tprintf("%%lu\\n", (unsigned long)(%s));\n' % n
                   for n in names)
    src += "\treturn 0;\n}\n"
    work = tempfile.mkdtemp()
    try:
        with open(work + "/c.c", "w") as f:
            f.write(src)
        r = subprocess.run(["gcc", "-Wall", "-isystem", tree + "/include/uapi",
                            "-o", work + "/c", work + "/c.c"],
                           capture_output=True, text=True)
        if r.returncode:
            return None, r.stderr
        vals = subprocess.run([work + "/c"], capture_output=True, text=True,
                              check=True).stdout.split()
        return dict(zip(names, map(int, vals))), ""
    finally:
        shutil.rmtree(work)


def by_hand():
    errs, calls, sets, names = [], [], {}, set()
    for n, line in enumerate(open(desc), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if line.startswith("include "):
            m = re.fullmatch(r"include <(uapi/linux/\w+\.h)>", line)
            if not m or not os.path.exists(os.path.join(tree, "include",
                                                        m.group(1))):
                errs.append("%d: include of a header the tree lacks" % n)
            continue
        m = re.fullmatch(r"(\w+) = (.+)", line)
        if m:
            sets[m.group(1)] = [v.strip() for v in m.group(2).split(",")]
            continue
        m = re.fullmatch(r"daxctl(\$\w+)?\((.*?)\)(?: \((.*)\))?", line)
        if not m:
            errs.append("%d: not a call, flags set or include: %s" % (n, line))
            continue
        attrs = [a.strip() for a in (m.group(3) or "").split(",") if a.strip()]
        for a in attrs:
            if re.sub(r"\[\d+\]$", "", a) not in ATTRS | {"timeout"}:
                errs.append("%d: unknown call attribute %s" % (n, a))
        args = split_args(m.group(2))
        if [a.split()[0] for a in args] != ["path", "flags", "align"]:
            errs.append("%d: arguments are not path, flags, align" % n)
            continue
        calls.append((n, "daxctl" + (m.group(1) or ""), args, attrs))
    for n, name, args, attrs in calls:
        types = [a.split(None, 1)[1] for a in args]
        if types[0] != "ptr[in, filename]":
            errs.append("%d: path is not ptr[in, filename]" % n)
        values = []
        for t in types[1:]:
            m = re.fullmatch(r"(const|flags)\[(\w+)(?:, int(?:8|16|32|64|ptr))?\]",
                             t)
            if not m:
                errs.append("%d: type %s is not const[] or flags[]" % (n, t))
            elif m.group(1) == "flags":
                if m.group(2) not in sets:
                    errs.append("%d: flags set %s undefined" % (n, m.group(2)))
                values.append(sets.get(m.group(2), []))
            else:
                values.append([m.group(2)])
        for v in sum(values, []):
            if not v.isdigit():
                names.add(v)
        can_seal = values and SEAL in values[0]
        if can_seal and "snapshot" not in attrs:
            errs.append("%d: %s can seal but is not (snapshot)" % (n, name))
    used = {t for _, _, args, _ in calls for t in
            re.findall(r"flags\[(\w+)", " ".join(args))}
    for s in set(sets) - used:
        errs.append("flags set %s is never used" % s)
    vals, err = header_consts(sorted(names))
    if vals is None:
        errs.append("constants missing from linux/daxfile.h:\n" + err)
    if not any(name == "daxctl" for _, name, _, _ in calls):
        errs.append("no plain daxctl() call")
    if errs:
        print("not ok - syzkaller/daxctl.txt")
        for e in errs:
            print("    " + e)
        return 1
    print("ok - syzkaller/daxctl.txt: %d calls, %d constants, seals (snapshot)"
          " (checked here: %s)" % (len(calls), len(names), reason))
    return 0


syz = os.environ.get("SYZKALLER")
go = shutil.which("go")
if syz and go:
    sys.exit(with_syzkaller(syz))
reason = ("SYZKALLER is not set" if not syz else
          "no Go toolchain for syzkaller")
sys.exit(by_hand())
