# Guest side: the daxfile command (tools/daxfile) on the DAX mounts /mnt/ext4
# and /mnt/xfs.  Prints TAP-style "ok - daxfile: ..." lines and exits 1 if
# any test failed.  POSIX sh; runs under dash and busybox sh.
# DAXFILE_TOOL, DAXFILE_EXT4 and DAXFILE_XFS override the command and the
# mounts (the host-side rehearsal, tests/clitest-sim.sh, uses them).
# shellcheck disable=SC2016,SC2034  # the tests are strings for eval
d=${DAXFILE_TOOL:-build/tools/daxfile}
e=${DAXFILE_EXT4:-/mnt/ext4}/clitest.$$
x=${DAXFILE_XFS:-/mnt/xfs}/clitest.$$
tmp=/tmp/clitest.$$
rc=0
mkdir -p "$tmp"

t() {
	if eval "$2"; then
		echo "ok - daxfile: $1"
	else
		echo "not ok - daxfile: $1"
		rc=1
	fi
}
skip() { echo "ok - daxfile: $1 # SKIP $2"; }
# the exit status of a command, its output thrown away
st() { "$@" >/dev/null 2>&1; echo $?; }
size() { stat -c %s "$1"; }
sum() { cksum <"$1"; }
# cksum of $3 MiB of $1 from MiB $2
part() { dd if="$1" bs=1048576 skip="$2" count="$3" 2>/dev/null | cksum; }
zeros() { dd if=/dev/zero bs=1048576 count="$1" 2>/dev/null | cksum; }
# the first and the second line of the messages of a command
err1() { "$@" 2>&1 >/dev/null | sed -n 1p; }
err2() { "$@" 2>&1 >/dev/null | sed -n 2p; }
if command -v python3 >/dev/null 2>&1; then
	json_check() { python3 -m json.tool >/dev/null 2>&1; }
elif command -v jq >/dev/null 2>&1; then
	json_check() { jq . >/dev/null 2>&1; }
else
	json_check=
fi

# ---- the command line
t "--help exits 0 and prints the usage on stdout" \
	'[ $(st $d --help) = 0 ] && [ "$($d --help 2>/dev/null | sed -n 1p)" = "Usage:" ]'
t "--version exits 0" '[ $(st $d --version) = 0 ]'
t "a bad size is a usage error (exit 2)" \
	'[ $(st $d seal --size 12Q $e.a) = 2 ] && [ $(st $d seal --size -1M $e.a) = 2 ]'
t "an unknown option is a usage error (exit 2)" '[ $(st $d seal --frobnicate $e.a) = 2 ]'
t "a usage error creates nothing" '[ ! -e $e.a ]'

# ---- seal, status, list
t "seal --size creates and seals a file (ext4, --align 2M)" \
	'$d seal --align 2M --size 8M $e.a && [ $(size $e.a) = 8388608 ]'
t "seal --size creates and seals a file (xfs, --align 2M)" \
	'$d seal --align 2M --size 8M $x.a && [ $(size $x.a) = 8388608 ]'
t "status exits 0 for a sealed file and shows the alignment" \
	'[ $(st $d status $e.a) = 0 ] && [ "$($d status $e.a)" = "$e.a: sealed (size 8M, align 2M)" ]'
t "status --quiet prints nothing" '[ -z "$($d status --quiet $e.a)" ] && [ $(st $d status -q $x.a) = 0 ]'
t "list shows it, with human-readable sizes" \
	'$d list --noheadings | awk -v p=$e.a "\$1 == p && \$2 == \"8M\" && \$4 == \"2M\" { f = 1 } END { exit !f }"'
t "list --bytes shows sizes in bytes" \
	'$d list -n --bytes | awk -v p=$x.a "\$1 == p && \$2 == 8388608 && \$4 == 2097152 { f = 1 } END { exit !f }"'
t "list prints a heading" '$d list | sed -n 1p | grep -q "^PATH  *SIZE  *EXTENTS  *ALIGN$"'
if [ -n "${json_check-x}" ]; then
	t "list --json is valid JSON" '$d list --json | json_check'
	t "list --json --bytes is valid JSON" '$d list --json --bytes | json_check'
	t "status --json is valid JSON" '$d status --json $e.a $x.a | json_check'
else
	skip "list --json is valid JSON" "no python3 or jq"
fi
t "list --json names the file, sizes as strings" \
	'$d list --json | grep -q "\"path\": \"$e.a\"" && $d list -J | grep -q "\"align\": \"2M\""'
t "list --json --bytes: sizes as numbers" '$d list -J -b | grep -q "\"size\": 8388608"'
t "status --json: sealed true, align" \
	'$d status -J -b $e.a | grep -q "\"sealed\": true" && $d status -J -b $e.a | grep -q "\"align\": 2097152"'
t "seal again with the same --size: exit 0" '[ $(st $d seal --align 2M --size 8M $e.a) = 0 ]'
t "seal with a larger alignment: exit 1, cannot seal: busy, and a hint" \
	'[ $(st $d seal --align 4M $e.a) = 1 ] && [ "$(err1 $d seal --align 4M $e.a)" = "daxfile: cannot seal $e.a: Device or resource busy" ] && err2 $d seal --align 4M $e.a | grep -q "^daxfile: hint: .*smaller alignment"'
t "a sealed file is not grown: --size larger exits 1, size kept" \
	'[ $(st $d seal --align 2M --size 16M $e.a) = 1 ] && [ $(size $e.a) = 8388608 ] && [ $(st $d status $e.a) = 0 ]'
t "status of several files: 3 if one is not sealed" \
	'$d unseal $x.a && [ $(st $d status $e.a $x.a) = 3 ]'
t "status --json of a file that is not sealed: sealed false" \
	'$d status -J $x.a | grep -q "\"sealed\": false"'
t "unseal" '$d unseal $e.a'
t "status exits 3 for a file that is not sealed" '[ $(st $d status $e.a) = 3 ]'
t "unseal of a file that is not sealed: exit 0" '[ $(st $d unseal $e.a) = 0 ]'
t "list no longer shows it" '! $d list -n | awk "{ print \$1 }" | grep -qx "$e.a"'
t "status of a missing file: exit 1" '[ $(st $d status $e.missing) = 1 ]'

# ---- --size never shrinks, grows by allocation
dd if=/dev/urandom of=$e.b bs=1048576 count=4 2>/dev/null
s0=$(sum $e.b)
t "a larger file with --size smaller is refused (exit 1)" '[ $(st $d seal --size 2M $e.b) = 1 ]'
t "... with a message that says so" \
	'[ "$(err1 $d seal --size 2M $e.b)" = "daxfile: $e.b is 4194304 bytes, larger than --size 2097152: refusing to shrink it" ]'
t "... and its data intact (checksum), its size kept, not sealed" \
	'[ "$(sum $e.b)" = "$s0" ] && [ $(size $e.b) = 4194304 ] && [ $(st $d status $e.b) = 3 ]'
s0=$(part $e.b 0 4)
t "--size larger grows the file and seals it" \
	'$d seal --size 8M $e.b && [ $(size $e.b) = 8388608 ] && [ $(st $d status $e.b) = 0 ]'
t "... keeping its data, the new part reading zeros" \
	'[ "$(part $e.b 0 4)" = "$s0" ] && [ "$(part $e.b 4 4)" = "$(zeros 4)" ]'
$d unseal $e.b
# on tmpfs (no DAX) the file is grown, then sealing fails: the growth shows
dd if=/dev/urandom of=$tmp/grow bs=4096 count=1 2>/dev/null
s0=$(sum $tmp/grow)
t "growing allocates blocks (tmpfs: grown, then not DAX)" \
	'[ $(st $d seal --size 1M $tmp/grow) = 1 ] && [ $(size $tmp/grow) = 1048576 ] && [ $(stat -c %b $tmp/grow) -ge 2048 ]'
t "... keeping the data" '[ "$(dd if=$tmp/grow bs=4096 count=1 2>/dev/null | cksum)" = "$s0" ]'
if command -v strace >/dev/null 2>&1; then
	dd if=/dev/urandom of=$x.b bs=1048576 count=1 2>/dev/null
	t "growing is fallocate(mode 0) over [old size, new size), never ftruncate" \
		'strace -qq -f -e trace=fallocate,ftruncate,truncate -o $tmp/strace $d seal --size 4M $x.b && grep -q "^[0-9 ]*fallocate([0-9]*, 0, 1048576, 3145728) = 0" $tmp/strace && ! grep -q truncate $tmp/strace'
	$d unseal $x.b
else
	skip "growing is fallocate(mode 0), never ftruncate" "no strace"
fi

# ---- errors
t "a file that is not DAX: exit 1, daxfile: cannot seal FILE: Operation not supported" \
	'[ $(st $d seal --size 1M $tmp/nodax) = 1 ] && [ "$(err1 $d seal --size 1M $tmp/nodax)" = "daxfile: cannot seal $tmp/nodax: Operation not supported" ]'
t "... with a hint about dax=always" 'err2 $d seal --size 1M $tmp/nodax | grep -q "^daxfile: hint: .*dax=always"'
t "... and the file it created removed" '[ ! -e $tmp/nodax ]'
t "a missing file: exit 1, daxfile: cannot seal FILE: No such file" \
	'[ $(st $d seal $e.missing) = 1 ] && [ "$(err1 $d seal $e.missing)" = "daxfile: cannot seal $e.missing: No such file or directory" ]'
t "unseal of a missing file: exit 1" '[ $(st $d unseal $e.missing) = 1 ]'
dd if=/dev/zero of=$e.c bs=1048576 count=3 2>/dev/null
t "a size that is not a multiple of the alignment: exit 1, Invalid argument" \
	'[ "$(err1 $d seal --align 2M $e.c)" = "daxfile: cannot seal $e.c: Invalid argument" ] && [ $(st $d seal --align 2M $e.c) = 1 ]'
t "... with a hint that says so" 'err2 $d seal --align 2M $e.c | grep -q "^daxfile: hint: .*not a multiple of the alignment"'

# ---- a path with a space
t "a path with a space: sealed, escaped in list, plain in list --json" \
	'$d seal --size 2M "$e.sp ace" && $d list -n | grep -q "^$e.sp\\\\040ace " && $d list -J | grep -q "\"path\": \"$e.sp ace\"" && $d unseal "$e.sp ace"'

# ---- seal --all and unseal --all
cat >$tmp/tab <<EOF
# clitest $$
$e.t1	2M	4M
$x.t2	-	1M

$tmp/nodax.t3	-	1M	nofail
EOF
t "seal --all with a missing configuration file: exit 1, creates nothing" \
	'[ $(st $d seal --all --config $tmp/tab.missing) = 1 ] && [ ! -e $e.t1 ] && [ ! -e $x.t2 ]'
t "seal --all: exit 0 with a nofail line failing" '[ $(st $d seal --all --config $tmp/tab) = 0 ]'
t "... the failure reported with the line number" \
	'$d seal --all --config $tmp/tab 2>&1 | grep -q "^daxfile: $tmp/tab:5: cannot seal $tmp/nodax.t3: Operation not supported"'
t "... the files created and sealed" \
	'[ $(size $e.t1) = 4194304 ] && [ $(size $x.t2) = 1048576 ] && [ $(st $d status $e.t1 $x.t2) = 0 ]'
t "... and listed" '[ $($d list -n | awk -v a=$e.t1 -v b=$x.t2 "\$1 == a || \$1 == b" | wc -l) = 2 ]'
t "unseal --all: exit 0, the files unsealed" \
	'[ $(st $d unseal --all --config $tmp/tab) = 0 ] && [ $(st $d status $e.t1) = 3 ] && [ $(st $d status $x.t2) = 3 ]'
printf '%s 2M 4M\n%s 3M 4M\n' $e.t1 $e.t4 >$tmp/tab-bad
t "seal --all: a bad line: exit 1, file:line: the error, the good lines sealed" \
	'[ $(st $d seal --all --config $tmp/tab-bad) = 1 ] && [ "$(err1 $d seal --all -c $tmp/tab-bad)" = "daxfile: $tmp/tab-bad:2: invalid alignment '"'"'3M'"'"': not a power of two" ] && [ $(st $d status $e.t1) = 0 ]'
t "unseal --all after it" '$d unseal --all --config $tmp/tab-bad 2>/dev/null; [ $(st $d status $e.t1) = 3 ]'

# ---- clean up: a sealed file cannot be removed
for f in $e.a $x.a $e.b $x.b $e.c "$e.sp ace" $e.t1 $x.t2; do
	[ -e "$f" ] && $d unseal "$f" 2>/dev/null
	rm -f "$f"
done
rm -rf "$tmp"
exit $rc
