# Guest side of `make fstests`: run fstests in one configuration on the
# emulated NVDIMMs and print a line per test for scripts/fstests.sh:
#   fstests: CONFIG TEST pass SECONDS
#   fstests: CONFIG TEST fail SECONDS
#   fstests: CONFIG TEST notrun REASON
# followed, for each failure, by the head of its output diff and the kernel
# messages it left.
#
# sh scripts/guest/fstests.sh CONFIG [TEST|-g GROUP|-x GROUP]...
# CONFIG: ext4-dax, xfs-dax, xfs-reflink-dax, ext4-nodax, xfs-nodax.
# TEST_DEV and SCRATCH_DEV are two fsdax namespaces of the lab's NVDIMMs
# (the ones the kselftests call xfs and scratch), made afresh.
. scripts/guest/lib.sh
cfg=$1
shift

case $cfg in
ext4-dax)	fstyp=ext4 mopt="-o dax=always" mkfs= ;;
ext4-nodax)	fstyp=ext4 mopt="-o dax=never" mkfs= ;;
xfs-dax)	fstyp=xfs mopt="-o dax=always" mkfs="-m reflink=0" ;;
xfs-reflink-dax) fstyp=xfs mopt="-o dax=always" mkfs="-m reflink=1" ;;
xfs-nodax)	fstyp=xfs mopt="-o dax=never" mkfs="-m reflink=1" ;;
*)		die "unknown fstests configuration $cfg" ;;
esac

pmem_namespaces
test_dev=/dev/$(ns_blockdev xfs)
scratch_dev=/dev/$(ns_blockdev scratch)
[ -b "$test_dev" ] && [ -b "$scratch_dev" ] || die "no pmem namespaces"

# fstests writes its results and some scratch files next to itself: a
# writable copy on tmpfs (the guest's / is read-only), from one tar file
# (thousands of small files over 9p take minutes)
tar -xf build/fstests.tar -C /tmp || die "no build/fstests.tar: run make fstests"
cd /tmp/fstests || die "cd /tmp/fstests"
# the series' command, for the sealed-file tests
export PATH=$DAXFILE_TOP/build/tools:$PATH

# The users and group its tests run as, in copies of /etc/passwd and
# /etc/group bound over the host's (read-only here, and not to be changed)
for f in passwd group; do
	cp /etc/$f /tmp/$f
	mount -n --bind /tmp/$f /etc/$f
done
# fstests runs commands as them with su, which fails in the guest with
# "Authentication failure" (its PAM stack over the host's /etc, though
# pam_rootok comes first); runuser takes the same arguments and does not
# authenticate: bind it over su
mount -n --bind "$(command -v runuser)" "$(readlink -f "$(command -v su)")" ||
	die "cannot put runuser in place of su"
for u in fsgqa:1801 fsgqa2:1802 123456-fsgqa:1803; do
	name=${u%%:*} id=${u#*:}
	grep -q "^$name:" /etc/passwd ||
		echo "$name:x:$id:$id:fstests:/tmp:/bin/sh" >>/etc/passwd
	grep -q "^$name:" /etc/group || echo "$name:x:$id:" >>/etc/group
done

case $fstyp in
ext4) mkfs.ext4 -q -F -b 4096 "$test_dev" >/dev/null ;;
xfs) mkfs.xfs -q -f $mkfs "$test_dev" >/dev/null ;;
esac || die "mkfs on $test_dev"
mkdir -p /mnt/fst-test /mnt/fst-scratch
cat >local.config <<EOF
export FSTYP=$fstyp
export TEST_DEV=$test_dev
export TEST_DIR=/mnt/fst-test
export SCRATCH_DEV=$scratch_dev
export SCRATCH_MNT=/mnt/fst-scratch
export MOUNT_OPTIONS="$mopt"
export TEST_FS_MOUNT_OPTS="$mopt"
export MKFS_OPTIONS="$mkfs"
export RESULT_BASE=/tmp/fstests-results
EOF
log "fstests $cfg: FSTYP=$fstyp TEST_DEV=$test_dev SCRATCH_DEV=$scratch_dev" \
	"MOUNT_OPTIONS=$mopt MKFS_OPTIONS=$mkfs"
dmesg -C
./check "$@"
log "fstests $cfg: check exited $?"

# one line per test, from check's closing summary (check.log), the times
# it keeps (check.time) and the reasons skipped tests give
r=/tmp/fstests-results
last() { grep "^$1: " $r/check.log | tail -1 | cut -d' ' -f"$2"-; }
failures=" $(last Failures 2) "
# check's "Ran:" names the tests it did not run too
notrun=" $(last "Not run" 3) "
for t in $(last Ran 2); do
	case $notrun in *" $t "*) continue ;; esac
	secs=$(awk -v t="$t" '$1 == t { print $2 }' $r/check.time)
	case $failures in
	*" $t "*)
		echo "fstests: $cfg $t fail $secs"
		[ -e "$r/$t.out.bad" ] && diff -u "tests/$t.out" "$r/$t.out.bad" |
			head -20 | sed "s|^|  $t: |"
		[ -e "$r/$t.full" ] && tail -5 "$r/$t.full" | sed "s|^|  $t full: |"
		[ -e "$r/$t.dmesg" ] && head -20 "$r/$t.dmesg" | sed "s|^|  $t dmesg: |" ;;
	*)	echo "fstests: $cfg $t pass $secs" ;;
	esac
done
for t in $notrun; do
	echo "fstests: $cfg $t notrun $(head -1 "$r/$t.notrun" 2>/dev/null)"
done
dmesg_check
