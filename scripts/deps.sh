#!/bin/bash
# Install what the lab needs from Debian's archive, once: Debian's kernel
# source, the build tools, QEMU, and the tools the guest uses (the guest
# runs the host's programs over 9p).  Then check that every program the
# Makefile, scripts/ and the guest scripts call is there, naming the
# package that provides any that is not.  Quiet and quick when all is there.
set -euo pipefail

# Packages that provide no program checked below, or whose files are read
# rather than run (kernel source, headers and libraries).
pkgs=(
	linux-source-6.12 libelf-dev libssl-dev libpmem2-dev libpmemobj-dev
	python3-ply python3-git
)

# "program package": every program the lab runs, on the host or in the
# guest (whose root file system is the host's).  Keep this list next to the
# package list: a program added to a script gets its line here.
progs=(
	"make make" "gcc gcc" "ccache ccache" "flex flex" "bison bison" "bc bc"
	"cpio cpio" "xz xz-utils" "perl perl" "python3 python3" "git git"
	"rsync rsync" "jq jq" "tar tar" "awk mawk" "sed sed" "grep grep"
	"timeout coreutils" "tee coreutils" "truncate coreutils" "sha256sum coreutils"
	"qemu-system-x86_64 qemu-system-x86"
	"ndctl ndctl" "daxctl daxctl"
	"mkfs.xfs xfsprogs" "xfs_io xfsprogs" "xfs_repair xfsprogs" "xfs_db xfsprogs"
	"mkfs.ext4 e2fsprogs" "e2fsck e2fsprogs" "debugfs e2fsprogs" "chattr e2fsprogs"
	"filefrag e2fsprogs"
	"mount mount" "losetup mount" "blkid util-linux" "fallocate util-linux"
	"mkswap util-linux" "swapon mount" "unshare util-linux" "setsid util-linux"
	"blockdev util-linux" "dmesg util-linux" "su util-linux"
	"busybox busybox-static" "man man-db" "groff groff-base"
	"fio fio" "pmempool pmdk-tools" "strace strace"
	"systemd-analyze systemd"
)

# `scripts/deps.sh fstests`: also what building and running fstests needs
# (make fstests; ../shared/fstests/README.md lists them).
if [ "${1:-}" = fstests ]; then
	pkgs+=(
		autoconf automake libtool libtool-bin pkg-config
		xfslibs-dev uuid-dev libattr1-dev libacl1-dev libaio-dev
		liburing-dev libgdbm-dev libgdbm-compat-dev libcap-dev
	)
	progs+=(
		"attr attr" "getfacl acl" "setfacl acl" "bc bc" "fuser psmisc"
		"killall psmisc" "gawk gawk" "fio fio" "setcap libcap2-bin"
		"dmsetup dmsetup" "file file" "hostname hostname"
		"quota quota" "repquota quota" "setquota quota"
	)
fi

missing=()
have_pkg() {
	dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^ii'
}
for p in "${pkgs[@]}"; do
	have_pkg "$p" || missing+=("$p")
done
for e in "${progs[@]}"; do
	p=${e#* }
	have_pkg "$p" || missing+=("$p")
done
if [ ${#missing[@]} != 0 ]; then
	mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
	echo "deps: installing ${missing[*]}"
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The programs themselves: a package can be installed and still not give
# the program on this PATH (sbin directories for a user, a diverted file).
export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
bad=0
for e in "${progs[@]}"; do
	cmd=${e%% *} p=${e#* }
	if ! command -v "$cmd" >/dev/null 2>&1; then
		echo "deps: '$cmd' is not on PATH: install Debian's package $p" >&2
		bad=1
	fi
done
[ $bad = 0 ] || exit 1
