#!/usr/bin/env python3
"""Print the example program of man/daxctl.2 or of daxfile.rst as C source.

  example.py man  man/daxctl.2
  example.py rst  build/linux/Documentation/filesystems/daxfile.rst

man: the lines between '.\\" SRC BEGIN' and '.\\" SRC END', without the
.EX/.EE requests and with the roff escapes (\\- \\e \\&) undone.  rst: the
first code-block of the section titled "Example", dedented.  Exits 1 if
there is none.  scripts/build-selftests.sh compiles both, and fails if the
two differ.
"""
import re
import sys

kind, path = sys.argv[1], sys.argv[2]
text = open(path).read().splitlines()
out = []
if kind == "man":
    inside = False
    for line in text:
        if line.startswith('.\\" SRC BEGIN'):
            inside = True
        elif line.startswith('.\\" SRC END'):
            break
        elif inside and line not in (".EX", ".EE"):
            if line == "\\&":
                line = ""
            line = line.replace("\\-", "-").replace("\\e", "\\")
            out.append(line.replace("\\&", ""))
else:
    i = next((n for n, l in enumerate(text[:-1])
              if l == "Example" and re.fullmatch("=+", text[n + 1])), None)
    if i is not None:
        j = next(n for n in range(i, len(text)) if
                 text[n].startswith(".. code-block:: c"))
        for line in text[j + 1:]:
            if line and not line.startswith("   "):
                break
            out.append(line[3:])
        while out and not out[0]:
            out.pop(0)
        while out and not out[-1]:
            out.pop()
if not out:
    sys.exit("%s: no example program" % path)
print("\n".join(out))
