# Guest side: the daxfile command (tools/daxfile) on the ext4 DAX mount.
# Prints TAP-style "ok - ..." lines.
d=build/tools/daxfile
f=/mnt/ext4/clitest.$$
rc=0
t() {
	if eval "$2"; then echo "ok - daxfile: $1"; else echo "not ok - daxfile: $1"; rc=1; fi
}
t "seal --size creates and seals a file" "$d seal --align 2M --size 8M $f"
t "status exits 0 for a sealed file" "$d status $f >/dev/null"
t "list shows it" "$d list | grep -q '^$f '"
t "seal with a larger alignment: exit 1, says busy" \
	"$d seal --align 4M $f 2>&1 | grep -q busy; [ \$($d seal --align 4M $f >/dev/null 2>&1; echo \$?) = 1 ]"
t "unseal" "$d unseal $f"
t "status exits 3 for a file that is not sealed" \
	"[ \$($d status $f >/dev/null; echo \$?) = 3 ]"
t "a bad size is a usage error (exit 2)" \
	"[ \$($d seal --size 12Q $f >/dev/null 2>&1; echo \$?) = 2 ]"
t "a file that is not DAX: exit 1, says not supported" \
	"$d seal --size 1M /tmp/clitest.$$ 2>&1 | grep -q 'not supported'"
t "a missing file: exit 1" "[ \$($d unseal /mnt/ext4/nonexistent.$$ >/dev/null 2>&1; echo \$?) = 1 ]"
rm -f "$f" /tmp/clitest.$$
exit $rc
