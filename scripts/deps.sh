#!/bin/bash
# Install what the lab needs from Debian's archive, once: Debian's kernel
# source, the build tools, QEMU, and the tools the guest uses (the guest
# runs the host's programs over 9p).  Quiet and quick when all is there.
set -euo pipefail
pkgs=(
	linux-source-6.12
	gcc make flex bison bc libelf-dev libssl-dev cpio xz-utils ccache
	git python3 perl jq
	qemu-system-x86
	ndctl xfsprogs e2fsprogs util-linux busybox-static
	libpmem2-dev python3-ply python3-git man-db groff-base
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' ||
		missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0
echo "deps: installing ${missing[*]}"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
