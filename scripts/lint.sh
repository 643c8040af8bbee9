#!/bin/bash
# make lint: scripts/checkpatch.pl --strict on every patch of the series,
# and scripts/syzcheck.py on the syzkaller description.
# Fails on any ERROR, and on any WARNING whose type the patch's commit
# message does not justify with a line "checkpatch: TYPE: why".  CHECKs are
# listed but do not fail.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/deps.sh
python3 scripts/series.py sync >/dev/null
cp=$top/build/linux/scripts/checkpatch.pl
fail=0 total_checks=0
for p in patches/0*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] && continue
	out=$(cd build/linux && PATH=/usr/bin:$PATH perl "$cp" --strict --show-types --no-summary \
		--terse "$top/$p" 2>&1)
	msg=$(sed -n '/^Subject:/,/^---$/p' "$p")
	bad= checks=0
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		type=$(sed -n 's/.*: \(ERROR\|WARNING\|CHECK\):\([A-Z_0-9]*\):.*/\1 \2/p' <<<"$line")
		level=${type%% *} t=${type#* }
		case $level in
		CHECK) checks=$((checks + 1)) ;;
		WARNING)
			grep -q "^checkpatch: $t:" <<<"$msg" || bad="$bad$line"$'\n' ;;
		*) bad="$bad$line"$'\n' ;;
		esac
	done <<<"$out"
	total_checks=$((total_checks + checks))
	if [ -n "$bad" ]; then
		echo "not ok - ${p##*/}"
		printf '%s' "$bad" | sed 's/^/    /'
		fail=1
	else
		echo "ok - ${p##*/} ($checks checks)"
	fi
done
python3 scripts/syzcheck.py || fail=1
echo "lint: $total_checks CHECK-level notes in all (not fatal)"
exit $fail
