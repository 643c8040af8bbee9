# Guest side of `make check`: fresh DAX and non-DAX file systems, then the
# installed daxfile kselftests, then a scan of the kernel log for splats.
. scripts/guest/lib.sh
pmem_setup fresh
nodax_setup
kmemleak_clear
log "DAX mounts: $(grep -c dax=always /proc/mounts) ($(awk '/dax=always/ {printf "%s:%s ", $2, $3}' /proc/mounts))"
# the kselftest runner wants a writable copy (it is read-only over 9p)
cp -a build/kselftest /tmp/kselftest
cd /tmp/kselftest && ./run_kselftest.sh -c daxfile
rc=$?
cd "$DAXFILE_TOP"
sh scripts/guest/clitest.sh || rc=1
for fs in ext4 xfs; do
	build/tools/daxctl_fuzz /mnt/$fs 20 4000 $$ || rc=1
done
kmemleak_check || rc=1
pmem_fsck_all || rc=1
dmesg_check || rc=1
exit $rc
