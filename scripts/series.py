#!/usr/bin/env python3
"""Keep the kernel work tree (build/linux) and the patch series (patches/)
in step.

  series.py tree [--force]  (re)build build/linux from Debian's source + patches/
  series.py export          write the commits base..HEAD back to patches/
  series.py sync            what `make check` calls: make the tree if missing,
                            re-apply patches/ if it changed and the tree holds
                            no unexported work, otherwise leave the tree alone
  series.py status          say whether tree and patches/ agree

The work tree is a git repository whose first commit, tagged `base`, is the
unpacked linux-source-6.12 tarball.  Exports are deterministic (zero commit
ids, fixed dates), so a tree -> export round trip changes no byte of patches/.
"""
import filecmp
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(TOP, "build")
TREE = os.path.join(BUILD, "linux")
PATCHES = os.path.join(TOP, "patches")
TARBALL = os.environ.get("LINUX_TARBALL", "/usr/src/linux-source-6.12.tar.xz")
COVER = "0000-cover-letter.patch"
# The version of the series being posted: [PATCH v2 NN/MM].
SUBJECT_PREFIX = "PATCH v2"
# The Debian linux-source-6.12 version the series was last tested against.
TESTED_VERSION = "6.12.118-1~deb12u1"
# Where the tree remembers the series it was last made from.
APPLIED = os.path.join(TREE, ".git", "daxfile-applied")

IDENT = {
    "GIT_AUTHOR_NAME": "daxfile developers",
    "GIT_AUTHOR_EMAIL": "daxfile@example.org",
    "GIT_COMMITTER_NAME": "daxfile developers",
    "GIT_COMMITTER_EMAIL": "daxfile@example.org",
}
BASE_DATE = "2025-01-01T00:00:00+0000"

DEFAULT_SUBJECT = "daxfile: seal a DAX file's block map"
DEFAULT_BLURB = "(cover letter text: edit it in patches/0000-cover-letter.patch)"


def log(msg):
    print("series: " + msg, flush=True)


def die(msg):
    print("series: error: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


def git(*args, check=True, capture=True, env=None, cwd=TREE):
    e = dict(os.environ)
    e.update(IDENT)
    if env:
        e.update(env)
    r = subprocess.run(["git", *args], cwd=cwd, env=e, text=True,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE if capture else None)
    if check and r.returncode != 0:
        die("git %s failed:\n%s%s" % (" ".join(args), r.stdout or "",
                                      r.stderr or ""))
    return r.stdout.strip() if capture and r.stdout else ""


def series_files(d):
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(d, "*.patch")))


def code_patches(d):
    return [f for f in series_files(d) if f != COVER]


def read_cover(d):
    """Subject and blurb of the cover letter kept in directory d."""
    path = os.path.join(d, COVER)
    if not os.path.exists(path):
        return DEFAULT_SUBJECT, DEFAULT_BLURB
    with open(path) as f:
        lines = f.read().split("\n")
    subject, i = "", 0
    # headers end at the first empty line; Subject may be folded
    while i < len(lines) and lines[i] != "":
        if lines[i].startswith("Subject:"):
            subject = lines[i][len("Subject:"):].strip()
            while i + 1 < len(lines) and lines[i + 1][:1] in (" ", "\t"):
                i += 1
                subject += " " + lines[i].strip()
        i += 1
    subject = re.sub(r"^\[[^]]*\]\s*", "", subject)
    body = []
    i += 1
    while i < len(lines):
        # git's shortlog: "Author Name (N):" followed by indented subjects
        if (re.match(r"^\S.* \(\d+\):$", lines[i]) and i + 1 < len(lines)
                and lines[i + 1].startswith("  ")):
            break
        body.append(lines[i])
        i += 1
    while body and body[-1] == "":
        body.pop()
    return subject or DEFAULT_SUBJECT, "\n".join(body) or DEFAULT_BLURB


def export_to(outdir, cover_src):
    """format-patch base..HEAD into outdir, cover letter text from cover_src."""
    n = int(git("rev-list", "--count", "base..HEAD"))
    if n == 0:
        return
    git("format-patch", "-q", "--zero-commit", "--cover-letter",
        "--no-thread", "--subject-prefix=" + SUBJECT_PREFIX, "-o", outdir,
        "base..HEAD")
    subject, blurb = read_cover(cover_src)
    path = os.path.join(outdir, COVER)
    with open(path) as f:
        text = f.read()
    # a fixed date: the newest commit's author date
    date = git("log", "-1", "--format=%aD", "HEAD")
    text = re.sub(r"^Date: .*$", "Date: " + date, text, count=1, flags=re.M)
    text = text.replace("*** SUBJECT HERE ***", subject, 1)
    text = text.replace("*** BLURB HERE ***", blurb, 1)
    with open(path, "w") as f:
        f.write(text)


def same_series(a, b):
    fa, fb = series_files(a), series_files(b)
    if fa != fb:
        return False
    return all(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)
               for f in fa)


def tree_exists():
    return os.path.isdir(os.path.join(TREE, ".git")) and \
        git("rev-parse", "-q", "--verify", "base", check=False) != ""


def dirty():
    return git("status", "--porcelain", "--untracked-files=no")


class Exported:
    """The work tree's commits exported to a temporary directory."""

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="daxfile-series-")
        export_to(self.dir, PATCHES)
        return self.dir

    def __exit__(self, *a):
        shutil.rmtree(self.dir, ignore_errors=True)


BASE_MESSAGE = """Debian linux-source-6.12 %s

The unpacked /usr/src/linux-source-6.12.tar.xz, less the block that
Debian appends to the top-level .gitignore for its packaging repository
("/*", "!/debian/"): it would hide every new file of the series from git.
"""


def installed_version():
    """The installed linux-source-6.12's Debian version, "" if unknown."""
    try:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "linux-source-6.12"],
                           text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
    except OSError:
        return ""
    return r.stdout.strip() if r.returncode == 0 else ""


def base_version():
    """The version recorded in the base commit's subject, "" if unknown."""
    subject = git("log", "-1", "--format=%s", "base", check=False)
    m = re.match(r"Debian linux-source-6\.12 (\S+)$", subject)
    return m.group(1) if m and m.group(1) != "?" else ""


def drop_debian_gitignore():
    path = os.path.join(TREE, ".gitignore")
    with open(path) as f:
        text = f.read()
    cut = text.find("#\n# Debian packaging:")
    if cut >= 0:
        with open(path, "w") as f:
            f.write(text[:cut].rstrip("\n") + "\n")


def unpack():
    if not os.path.exists(TARBALL):
        die("%s is missing: install Debian's linux-source-6.12 "
            "(make deps does it)" % TARBALL)
    os.makedirs(BUILD, exist_ok=True)
    tmp = os.path.join(BUILD, "linux.unpack")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    log("unpacking %s" % TARBALL)
    subprocess.run(["tar", "-xJf", TARBALL, "-C", tmp], check=True)
    src = os.path.join(tmp, "linux-source-6.12")
    if os.path.exists(TREE):
        shutil.rmtree(TREE)
    os.rename(src, TREE)
    os.rmdir(tmp)
    log("making the base commit")
    git("init", "-q")
    git("config", "core.preloadindex", "true")
    git("config", "gc.auto", "0")
    git("config", "user.name", IDENT["GIT_AUTHOR_NAME"])
    git("config", "user.email", IDENT["GIT_AUTHOR_EMAIL"])
    drop_debian_gitignore()
    git("add", "-A", "-f", ".")
    ver = installed_version()
    git("commit", "-q", "-m", BASE_MESSAGE % (ver or "?"),
        env={"GIT_AUTHOR_DATE": BASE_DATE, "GIT_COMMITTER_DATE": BASE_DATE})
    git("tag", "base")


def apply_series():
    files = code_patches(PATCHES)
    if files:
        log("applying %d patches" % len(files))
        r = subprocess.run(["git", "am", "-q", "--committer-date-is-author-date",
                            *[os.path.join(PATCHES, f) for f in files]],
                           cwd=TREE, env={**os.environ, **IDENT}, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            print(r.stdout)
            failed = failed_patch(files)
            git("am", "--abort", check=False)
            die(not_applying_message(failed))
    versions_note()
    # remember what the tree was made from
    shutil.rmtree(APPLIED, ignore_errors=True)
    os.makedirs(APPLIED)
    for f in series_files(PATCHES):
        shutil.copy2(os.path.join(PATCHES, f), APPLIED)


def failed_patch(files):
    """The file name of the patch `git am` stopped at, None if unknown."""
    try:
        with open(os.path.join(TREE, ".git", "rebase-apply", "next")) as f:
            i = int(f.read().strip())
    except (OSError, ValueError):
        return None
    return files[i - 1] if 1 <= i <= len(files) else None


def not_applying_message(failed):
    inst, base = installed_version(), base_version()
    msg = "patches/%s does not apply to base (Debian's linux-source-6.12)." % (
        failed or "?")
    msg += "\n  installed linux-source-6.12: %s" % (inst or "unknown (dpkg-query found none)")
    if base and base != inst:
        msg += "\n  build/linux's base was unpacked from: %s" % base
    msg += "\n  the series was tested against: %s" % TESTED_VERSION
    if (base or inst) != TESTED_VERSION:
        msg += ("\n  Install the tested version (apt-get install "
                "linux-source-6.12=%s) and remove build/linux, or rebase the "
                "series onto this one." % TESTED_VERSION)
    return msg


def versions_note():
    """One line when the tree's base is not the version tested against."""
    ver = base_version() or installed_version()
    if ver and ver != TESTED_VERSION:
        log("note: base is linux-source-6.12 %s; the series was tested "
            "against %s (all patches applied)" % (ver, TESTED_VERSION))


def has_unexported_work():
    """True when the tree holds commits or changes that patches/ does not."""
    if dirty():
        return True
    with Exported() as d:
        if same_series(d, PATCHES):
            return False
        if os.path.isdir(APPLIED) and same_series(d, APPLIED):
            return False   # patches/ moved on; the tree has nothing of its own
        return True


def cmd_tree(force=False):
    if tree_exists():
        if os.path.exists(os.path.join(TREE, ".git", "rebase-apply")):
            git("am", "--abort", check=False)
        if not force and has_unexported_work():
            die("build/linux holds commits or changes that patches/ does not "
                "have.\n  Export them first (make export), or throw them away "
                "with: make tree FORCE=1")
        git("reset", "-q", "--hard", "base")
    else:
        unpack()
    apply_series()
    log("build/linux is base + %d patches" % len(code_patches(PATCHES)))


def cmd_export():
    if not tree_exists():
        die("no work tree: run make tree first")
    d = dirty()
    if d:
        log("warning: uncommitted changes in build/linux are not exported:\n" + d)
    with Exported() as tmp:
        os.makedirs(PATCHES, exist_ok=True)
        if same_series(tmp, PATCHES):
            log("patches/ is already up to date")
        else:
            for f in series_files(PATCHES):
                os.unlink(os.path.join(PATCHES, f))
            for f in series_files(tmp):
                shutil.copy2(os.path.join(tmp, f), PATCHES)
            log("exported %d patches to patches/" % len(code_patches(PATCHES)))
        # the tree now agrees with patches/
        shutil.rmtree(APPLIED, ignore_errors=True)
        shutil.copytree(PATCHES, APPLIED)


def cmd_sync():
    if not tree_exists():
        cmd_tree()
        return
    if dirty():
        log("testing build/linux as it is (it has uncommitted changes)")
        return
    with Exported() as d:
        if same_series(d, PATCHES):
            log("build/linux matches patches/")
            return
        if os.path.isdir(APPLIED) and same_series(d, APPLIED):
            log("patches/ changed: re-applying the series")
            git("reset", "-q", "--hard", "base")
            apply_series()
            return
    log("testing build/linux as it is: it has commits not exported to "
        "patches/ (make export)")


def cmd_status():
    if not tree_exists():
        print("no work tree")
        return 1
    if has_unexported_work():
        print("build/linux has work that patches/ does not")
        return 1
    print("build/linux and patches/ agree")
    return 0


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    force = "--force" in args or os.environ.get("FORCE") == "1"
    c = args[0]
    if c == "tree":
        cmd_tree(force)
    elif c == "export":
        cmd_export()
    elif c == "sync":
        cmd_sync()
    elif c == "status":
        return cmd_status()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
