#!/bin/bash
# Install the kernel's uapi headers into build/linux/usr/include, build and
# install the daxfile kselftests into build/kselftest, and build the lab's
# own test programs (tests/) and the example program of the man page
# into build/tools.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
mkdir -p "$top/build/logs"
log=$top/build/logs/selftests-build.log
echo "selftests: uapi headers, kselftests (daxfile), tools/daxfile and the lab's test programs; log: ${log#$top/}"
{
	make -C "$tree" -s headers_install
	rm -rf "$top/build/kselftest"
	make -C "$tree/tools/testing/selftests" -s TARGETS=daxfile \
		INSTALL_PATH="$top/build/kselftest" install
	mkdir -p "$top/build/tools"
	make -C "$tree/tools/daxfile" -s
	cp "$tree/tools/daxfile/daxfile" "$top/build/tools/daxfile"
	gcc -O2 -Wall -o "$top/build/tools/swapfill" "$top/tests/swapfill.c"
	# daxctl() from the series' header-only wrapper, over its uapi headers
	hdrs=(-isystem "$tree/usr/include" -I "$tree/tools/daxfile")
	gcc -O2 -Wall "${hdrs[@]}" -o "$top/build/tools/daxbench" "$top/bench/daxbench.c" -lpmemobj -lpmem2 -lpthread
	# QEMU plugin counting guest instructions, for make bench
	gcc -O2 -Wall -shared -fPIC -fvisibility=hidden \
		-o "$top/build/tools/insncount.so" "$top/bench/insncount.c"
	gcc -O2 -Wall "${hdrs[@]}" -o "$top/build/tools/daxctl_fuzz" "$top/tests/daxctl_fuzz.c" -lpthread
	# the example of man/daxctl.2 and of daxfile.rst: one program, and
	# it builds against the series' uapi headers with no warning
	python3 "$top/scripts/example.py" man "$top/man/daxctl.2" \
		>"$top/build/tools/seal_counter.c"
	python3 "$top/scripts/example.py" rst \
		"$tree/Documentation/filesystems/daxfile.rst" \
		>"$top/build/tools/seal_counter.rst.c"
	diff -u "$top/build/tools/seal_counter.c" "$top/build/tools/seal_counter.rst.c"
	gcc -O2 -Wall -Wextra -Werror -isystem "$tree/usr/include" \
		-o "$top/build/tools/seal_counter" "$top/build/tools/seal_counter.c"
} >"$log" 2>&1 || { cat "$log" >&2; echo "selftests build failed" >&2; exit 1; }
echo "selftests: build/kselftest ($(cd "$top/build/kselftest" && ls daxfile | grep -v '^settings$' | tr '\n' ' '))"
