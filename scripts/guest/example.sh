# Guest side: the example program of man/daxctl.2 and daxfile.rst (built
# into build/tools/seal_counter by scripts/build-selftests.sh, which checks
# that both documents hold the same program) on a file of each DAX mount.
# It must seal the file on its first run, find it sealed at start-up on the
# next, keep its count across runs and across an unseal and a new seal, and
# leave the file sealed.  Prints "ok - example: ..." lines; exits 1 on a
# failure.  POSIX sh.
ex=build/tools/seal_counter
tool=build/tools/daxfile
rc=0

t() {
	if eval "$2"; then
		echo "ok - example: $1"
	else
		echo "not ok - example: $1"
		rc=1
	fi
}

for fs in ext4 xfs; do
	f=/mnt/$fs/example.$$
	out1=$($ex "$f" 2>&1)
	t "$fs: the first run seals the file and counts 1" \
		'[ "$out1" = "$(printf "sealed %s\nrun 1" "$f")" ]'
	t "$fs: the file is sealed after it" 'grep -q "^$f " /proc/daxfiles'
	out2=$($ex "$f" 2>&1)
	t "$fs: the second run finds the seal at start-up and counts 2" \
		'[ "$out2" = "run 2" ]'
	$tool unseal "$f"
	out3=$($ex "$f" 2>&1)
	t "$fs: after an unseal it seals again and counts 3" \
		'[ "$out3" = "$(printf "sealed %s\nrun 3" "$f")" ]'
	t "$fs: the count is in the file's first 8 bytes" \
		'[ "$(od -An -tu8 -N8 "$f" | tr -d " ")" = 3 ]'
	$tool unseal "$f" && rm -f "$f"
done
t "without an argument it prints its usage and fails" \
	'! $ex >/dev/null 2>&1 && $ex 2>&1 | grep -q "^Usage: "'
exit $rc
