# Guest side of `make stress`: the list of tests daxfile_stress will run
# ("# expect" lines), the daxfile_stress kselftest with the race mix running
# DAXFILE_STRESS_SECS seconds per file system, the bad-input fuzz with more
# calls, then leaks, fsck and the kernel log.
. scripts/guest/lib.sh
pmem_setup fresh
kmemleak_clear
# report a task stuck for a minute, not two
echo 60 >/proc/sys/kernel/hung_task_timeout_secs
export DAXFILE_STRESS_SECS=${DAXFILE_STRESS_SECS:-60}
# the tests daxfile_stress will run, for scripts/stress.sh to check
rc=0
sh scripts/guest/selftests.sh expect build/kselftest/daxfile daxfile_stress || rc=1
log "race mix: $DAXFILE_STRESS_SECS s per file system"
build/kselftest/daxfile/daxfile_stress
st=$?
[ $st = 0 ] || rc=$st
echo "$([ $st = 0 ] || echo 'not ')ok - daxfile_stress"
for fs in ext4 xfs; do
	build/tools/daxctl_fuzz /mnt/$fs "${FUZZ_SECS:-60}" "${FUZZ_CALLS:-20000}" $$ || rc=1
done
kmemleak_check || rc=1
pmem_fsck_all || rc=1
dmesg_check || rc=1
exit $rc
