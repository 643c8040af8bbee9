#!/bin/bash
# Make TREE/.config from config fragments on top of allnoconfig and check
# that every option of the fragments made it into .config (a dependency that
# is not met drops an option silently otherwise).
# Usage: kconfig.sh [FRAGMENT...]  (default: config/daxfile.config and
# config/debug.config; runs only when the fragments changed)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
[ $# -gt 0 ] || set -- "$top/config/daxfile.config" "$top/config/debug.config"
stamp=$tree/.daxfile-config-fragment
cc=${KCC:-ccache gcc}
frag=$(mktemp)
trap 'rm -f "$frag"' EXIT
cat "$@" >"$frag"

if [ -f "$tree/.config" ] && [ -f "$stamp" ] && cmp -s "$frag" "$stamp"; then
	exit 0
fi
echo "kconfig: allnoconfig + $(for f in "$@"; do printf '%s ' "${f#$top/}"; done)"
make -C "$tree" -s CC="$cc" KCONFIG_ALLCONFIG="$frag" allnoconfig
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) want="# ${line%=n} is not set" ;;
	CONFIG_*=*) want=$line ;;
	*) continue ;;
	esac
	if ! grep -qxF "$want" "$tree/.config"; then
		echo "kconfig: not in .config: $line" >&2
		missing=1
	fi
done <"$frag"
[ $missing = 0 ] || { rm -f "$tree/.config"; exit 1; }
cp "$frag" "$stamp"
