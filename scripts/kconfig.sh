#!/bin/bash
# Make build/linux/.config from config/daxfile.config on top of allnoconfig
# and check that every option of the fragment made it into .config (a
# dependency that is not met drops an option silently otherwise).
# Usage: kconfig.sh [FRAGMENT]   (runs only when the fragment changed)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
frag=$(realpath "${1:-$top/config/daxfile.config}")
stamp=$tree/.daxfile-config-fragment
cc=${KCC:-ccache gcc}

if [ -f "$tree/.config" ] && [ -f "$stamp" ] && cmp -s "$frag" "$stamp"; then
	exit 0
fi
echo "kconfig: allnoconfig + ${frag#$top/}"
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
done < "$frag"
[ $missing = 0 ] || { rm -f "$tree/.config"; exit 1; }
cp "$frag" "$stamp"
