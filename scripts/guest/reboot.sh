# Guest side of the reboot test (scripts/reboot.sh): one boot of two.  The
# guest has no systemd, so it runs at boot what tools/daxfile's
# daxfile-seal.service runs (its ExecStart, and ExecStop or
# ExecStopPost lines, read from the unit, with the lab's daxfile for
# /usr/sbin/daxfile), the way systemd would:
# after the file systems are mounted, and before they are unmounted.
#   1  fresh file systems; /etc/daxfiletab names a file on ext4 (2M aligned,
#      8M, created by the seal) and one on xfs (page aligned, 4M, made
#      before); ExecStart seals both; data is written into them; the stop
#      command unseals both; the file systems are unmounted
#   2  the same file systems mounted again: nothing is sealed (a seal lives
#      in memory); ExecStart seals both again, as the table says, with the
#      data of boot 1 intact; ExecStart again is a no-op; the stop command
# /etc is the host's, read only: each boot works on a copy, and the table
# itself is kept on the ext4 file system between the boots, standing in
# for a root file system.  Prints "ok N - boot B: ..." lines; exits 1 on a
# failure.
. scripts/guest/lib.sh
boot=$1
unit=build/linux/tools/daxfile/systemd/daxfile-seal.service
tool=$DAXFILE_TOP/build/tools/daxfile
[ -r "$unit" ] || die "no $unit"
unitcmd() { sed -n "s|^$1=||p" "$unit" | sed "s|/usr/sbin/daxfile|$tool|g"; }
start=$(unitcmd ExecStart) stop=$(unitcmd ExecStop)
[ -n "$stop" ] || stop=$(unitcmd ExecStopPost)
[ -n "$start" ] && [ -n "$stop" ] || die "no ExecStart and ExecStop(Post) in $unit"
a=/mnt/ext4/boot.a b=/mnt/xfs/boot.b
tn=0 rc=0
t() {
	tn=$((tn + 1))
	if eval "$2"; then
		echo "ok $tn - boot $boot: $1"
	else
		echo "not ok $tn - boot $boot: $1"
		rc=1
	fi
}
# sealed FILE ALIGN_KIB: /proc/daxfiles lists FILE with that alignment
sealed() { awk -v p="$1" -v al="$2" '$1 == p && $4 == al { f = 1 } END { exit !f }' /proc/daxfiles; }
unsealed() { ! grep -q "^$1 " /proc/daxfiles; }
run() { log "$1: $2"; sh -c "$2" 2>&1 | sed 's/^/#   /'; }

cp -a /etc /tmp/etc 2>/dev/null; mount --bind /tmp/etc /etc || die "no writable /etc"
if [ "$boot" = 1 ]; then
	pmem_setup fresh
	cat >/mnt/ext4/daxfiletab <<-EOT
	# the reboot test's files
	$a	2M	8M
	$b	-	4M
	EOT
	# boot.b exists before, with data, and has the size the table gives
	dd if=/dev/urandom of=$b bs=1M count=4 2>/dev/null && sync
else
	pmem_setup
fi
cp /mnt/ext4/daxfiletab /etc/daxfiletab

if [ "$boot" = 2 ]; then
	t "nothing is sealed after the reboot" 'unsealed $a && unsealed $b'
fi
run ExecStart "$start; echo status \$?" >/tmp/start.out
cat /tmp/start.out
t "the unit's ExecStart succeeds" 'grep -q "^#   status 0$" /tmp/start.out'
t "it seals $a with 2 MiB alignment" 'sealed $a 2048'
t "it seals $b with the page size" 'sealed $b 4'
t "the files have the sizes of the table" \
	'[ $(stat -c %s $a) = 8388608 ] && [ $(stat -c %s $b) = 4194304 ]'
if [ "$boot" = 1 ]; then
	# writes within a sealed file work; keep their checksums on ext4
	dd if=/dev/urandom of=$a bs=1M count=8 conv=notrunc 2>/dev/null
	t "data written into the sealed files" \
		'cksum <$a >/mnt/ext4/boot.a.sum && cksum <$b >/mnt/ext4/boot.b.sum'
else
	t "the data of the first boot is intact" \
		'[ "$(cksum <$a)" = "$(cat /mnt/ext4/boot.a.sum)" ] &&
		 [ "$(cksum <$b)" = "$(cat /mnt/ext4/boot.b.sum)" ]'
	run ExecStart "$start; echo status \$?" >/tmp/start2.out
	t "ExecStart again, on sealed files, succeeds and changes nothing" \
		'grep -q "^#   status 0$" /tmp/start2.out && sealed $a 2048 && sealed $b 4 &&
		 [ "$(cksum <$a)" = "$(cat /mnt/ext4/boot.a.sum)" ]'
fi
run stop "$stop; echo status \$?" >/tmp/stop.out
cat /tmp/stop.out
t "the unit's stop command succeeds and unseals both" \
	'grep -q "^#   status 0$" /tmp/stop.out && unsealed $a && unsealed $b'
t "the file systems unmount after it" \
	'umount /mnt/ext4 && umount /mnt/xfs && umount /mnt/xfsr'
t "and are clean" '[ "$(pmem_fsck ext4)" = clean ] && [ "$(pmem_fsck xfs)" = clean ]'
if dmesg_check >/tmp/dmesg.out; then
	t "kernel log clean" true
else
	cat /tmp/dmesg.out
	t "kernel log clean" false
fi
umount /etc
exit $rc
