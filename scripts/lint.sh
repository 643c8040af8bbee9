#!/bin/bash
# make lint: scripts/checkpatch.pl --strict on every patch of the series,
# scripts/syzcheck.py on the syzkaller description, groff -ww on the man
# pages, and systemd-analyze verify on tools/daxfile's units as its make
# install installs them.
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
td=build/linux/tools/daxfile
for m in man/daxctl.2 $td/daxfile.8 $td/daxfiletab.5; do
	w=$(groff -man -Tutf8 -ww -z "$m" 2>&1)
	if [ -z "$w" ]; then
		echo "ok - ${m#build/linux/}: groff formats it without a warning"
	else
		echo "not ok - ${m#build/linux/}: groff warns"
		printf '%s\n' "$w" | sed 's/^/    /'
		fail=1
	fi
done
tmp=$(mktemp -d)
units="$tmp/root/usr/lib/systemd/system/daxfile-seal.service $tmp/root/usr/lib/systemd/system/daxfile.target"
if make -s -C build/linux headers_install >"$tmp/log" 2>&1 &&
   make -s -C $td KHDR="$top/build/linux/usr/include" OUTPUT="$tmp/" \
	DESTDIR="$tmp/root" install >>"$tmp/log" 2>&1 &&
   MANPATH=$tmp/root/usr/share/man systemd-analyze verify --root="$tmp/root" \
	$units >"$tmp/verify" 2>&1 && [ ! -s "$tmp/verify" ]; then
	echo "ok - tools/daxfile/systemd: systemd-analyze verify, as installed"
else
	echo "not ok - tools/daxfile/systemd: systemd-analyze verify, as installed"
	# it says what it ignores (an unknown key, a bad value) with status 0
	cat "$tmp/log" "$tmp/verify" 2>/dev/null | sed 's/^/    /'
	fail=1
fi
rm -rf "$tmp"
echo "lint: $total_checks CHECK-level notes in all (not fatal)"
exit $fail
