# Guest-side helpers, sourced by the scripts that scripts/vm runs in the guest.
#
# Layout of the emulated persistent memory (three labelled NVDIMMs, in the
# order of scripts/vm's list; the kernel numbers their regions in the order
# it probes them, so the scripts find a region by its NVDIMM: region_of):
#   NVDIMM 1: namespace "ext4"  fsdax, 2 MiB aligned  -> ext4, /mnt/ext4
#             namespace "xfs"   fsdax, 2 MiB aligned  -> xfs reflink=0, /mnt/xfs
#   NVDIMM 2: namespace "xfsr"  fsdax, 2 MiB aligned  -> xfs reflink=1, /mnt/xfsr
#             namespace "scratch" fsdax, 2 MiB aligned -> no file system:
#             the tests that must shut a file system down make their own
#             on it (DAXFILE_SCRATCH_DEV)
#   NVDIMM 3: namespace "xfs1g" fsdax, 1 GiB aligned, 8 GiB -> xfs with a
#             1 GiB stripe unit and extent size hint, /mnt/xfs1g: 1 GiB
#             extents at 1 GiB physical boundaries, for PUD faults; the
#             rest is left for make bench's 1 GiB device-dax
# The namespaces live in the NVDIMM labels, so they persist across boots
# like the file systems on them.  Non-DAX file systems of both types are
# made on loop devices over tmpfs at every boot: /mnt/ext4-nodax and
# /mnt/xfs-nodax.

# name:n, n the NVDIMM's place in QEMU's list (and in physical memory)
DAXFILE_NAMESPACES="ext4:1 xfs:1 xfsr:2 scratch:2 xfs1g:3"

# the DAX file systems pmem_setup mounts, one per namespace but scratch
DAXFILE_FS="ext4 xfs xfsr xfs1g"

log() { echo "[guest] $*"; }
die() { echo "[guest] error: $*"; exit 1; }

ns_json() {
	ndctl list -N 2>/dev/null | jq -c 'if type == "array" then .[] else . end'
}

# Block device of the namespace called $1, empty if there is none.
ns_blockdev() {
	ns_json | jq -r --arg n "$1" 'select(.name == $n) | .blockdev' | head -n1
}

region_field() {
	ndctl list -R -r "$1" | jq -r --arg f "$2" \
		'if type == "array" then .[0] else . end | .[$f]'
}

# The region of the $1th NVDIMM (1-based), in order of physical address.
region_of() {
	for r in /sys/bus/nd/devices/region*; do
		printf '%d %s\n' "$(cat "$r/resource")" "${r##*/}"
	done | sort -n | sed -n "${1}p" | cut -d' ' -f2
}

# Does region $1 hold a namespace with a name (one made from labels)?
region_named() {
	ndctl list -N -r "$1" 2>/dev/null |
		jq -e 'if type == "array" then .[] else . end | select(.name != null)' \
		>/dev/null
}

# Make the namespaces that are missing.  Blank NVDIMMs (after --fresh) come
# up label-less, as one raw namespace per region: give them label areas
# first, so that each region can hold several named namespaces.
pmem_namespaces() {
	missing= found=
	for spec in $DAXFILE_NAMESPACES; do
		if [ -n "$(ns_blockdev "${spec%%:*}")" ]; then
			found=1
		else
			missing="$missing $spec"
		fi
	done
	[ -z "$missing" ] && return 0
	if [ -z "$found" ]; then
		ndctl disable-region all >/dev/null 2>&1
		ndctl init-labels -f all >/dev/null 2>&1 || die "ndctl init-labels failed"
		ndctl enable-region all >/dev/null 2>&1 || die "ndctl enable-region failed"
	fi
	for spec in $missing; do
		name=${spec%%:*} region=$(region_of "${spec#*:}")
		[ -n "$region" ] || die "no NVDIMM number ${spec#*:} for $name"
		# a blank NVDIMM added to images that have labels (region2
		# came later than the others): give it a label area
		if [ "$(region_field "$region" available_size)" = 0 ] &&
		   ! region_named "$region"; then
			dimm=$(cut -d, -f1 \
				"/sys/bus/nd/devices/$region/mapping0")
			[ -n "$dimm" ] || die "no NVDIMM found for $region"
			ndctl disable-region "$region" >/dev/null 2>&1
			ndctl init-labels -f "$dimm" >/dev/null 2>&1 ||
				die "ndctl init-labels $dimm failed"
			ndctl enable-region "$region" >/dev/null 2>&1 ||
				die "ndctl enable-region $region failed"
		fi
		size=$(region_field "$region" size)
		align=$(region_field "$region" align)
		if [ "$name" = xfs1g ]; then
			nsalign=1G size=$((8 << 30))
		else
			# two namespaces per region, each a little less than
			# half of it, in units of the region's alignment
			nsalign=2M size=$(( (size / 2 - align) / align * align ))
		fi
		ndctl create-namespace -r "$region" -m fsdax -a "$nsalign" \
			-s "$size" -n "$name" >/tmp/ndctl.out 2>&1 ||
			{ cat /tmp/ndctl.out; die "cannot create namespace $name"; }
		log "made fsdax namespace $name on $region: /dev/$(ns_blockdev "$name")"
	done
}

mkfs_one() {
	name=$1 dev=/dev/$(ns_blockdev "$1")
	case $name in
	# stride/stripe of 2 MiB: mballoc aligns large allocations to it
	ext4) mkfs.ext4 -q -F -b 4096 -E stride=512,stripe_width=512 -L daxext4 "$dev" ;;
	# su=2m and an extent size hint on the root (set at mount): 2 MiB extents
	xfs) mkfs.xfs -q -f -m reflink=0 -d su=2m,sw=1 -L daxxfs "$dev" ;;
	xfsr) mkfs.xfs -q -f -m reflink=1 -d su=2m,sw=1 -L daxxfsr "$dev" ;;
	# su=1g (and extsize 1g at mount) puts extents at 1 GiB boundaries;
	# allocation groups of 4 GiB leave whole free GiBs beside their
	# headers; the log's stripe unit stays at its 256 KiB maximum
	xfs1g) mkfs.xfs -q -f -m reflink=0 -d su=1g,sw=1,agsize=4g -l su=256k \
		-L daxxfs1g "$dev" ;;
	esac >/dev/null || die "mkfs on $dev ($name) failed"
}

# pmem_mount NAME [extra mount options]
pmem_mount() {
	name=$1 opts=dax=always${2:+,$2}
	dev=/dev/$(ns_blockdev "$name")
	fstype=xfs
	[ "$name" = ext4 ] && fstype=ext4
	mkdir -p "/mnt/$name"
	mount -t "$fstype" -o "$opts" "$dev" "/mnt/$name" ||
		die "cannot mount $dev ($name) with $opts"
	if [ "$fstype" = xfs ]; then
		ext=2m
		[ "$name" = xfs1g ] && ext=1g
		xfs_io -c "extsize $ext" "/mnt/$name" || die "extsize on /mnt/$name"
	fi
}

pmem_umount() {
	umount "/mnt/$1" || die "cannot unmount /mnt/$1"
}

# fsck NAME: a read-only check of the unmounted file system; prints clean/DIRTY
pmem_fsck() {
	dev=/dev/$(ns_blockdev "$1")
	if [ "$1" = ext4 ]; then
		e2fsck -fn "$dev" >/tmp/fsck.$1 2>&1
	else
		xfs_repair -n "$dev" >/tmp/fsck.$1 2>&1
	fi
	if [ $? = 0 ]; then
		echo clean
	else
		echo DIRTY
		sed 's/^/[fsck] /' "/tmp/fsck.$1" >&2
	fi
}

# pmem_setup [fresh] [mount options for ext4] [for xfs]: namespaces, mkfs
# when asked, mounts, and the DAXFILE_* environment for the tests.
pmem_setup() {
	pmem_namespaces
	for n in $DAXFILE_FS; do
		if [ "$1" = fresh ] ||
		   [ -z "$(blkid -p -o value -s TYPE "/dev/$(ns_blockdev "$n")")" ]; then
			mkfs_one "$n"
		fi
		case $n in ext4) o=$2 ;; *) o=$3 ;; esac
		pmem_mount "$n" "$o"
	done
	export DAXFILE_EXT4=/mnt/ext4 DAXFILE_XFS=/mnt/xfs DAXFILE_XFS_REFLINK=/mnt/xfsr
	export DAXFILE_XFS_1G=/mnt/xfs1g
	export DAXFILE_SCRATCH_DEV=/dev/$(ns_blockdev scratch)
}

# pmem_setup_powercut [fresh]: pmem_setup for the power-cut tests, with
# nothing committing behind the test's back: ext4 commits every 600 s
# instead of 5, xfs syncs every 2 h, and the flusher threads do not wake up.
pmem_setup_powercut() {
	echo 720000 >/proc/sys/fs/xfs/xfssyncd_centisecs
	echo 0 >/proc/sys/vm/dirty_writeback_centisecs
	echo 360000 >/proc/sys/vm/dirty_expire_centisecs
	pmem_setup "$1" commit=600 ""
}

# Non-DAX file systems of both types, on loop devices over tmpfs.
nodax_setup() {
	mkdir -p /tmp/nodax
	truncate -s 512M /tmp/nodax/ext4.img /tmp/nodax/xfs.img
	mkfs.ext4 -q -F /tmp/nodax/ext4.img >/dev/null || die "mkfs.ext4 (loop)"
	mkfs.xfs -q -f /tmp/nodax/xfs.img >/dev/null || die "mkfs.xfs (loop)"
	mkdir -p /mnt/ext4-nodax /mnt/xfs-nodax
	for t in ext4 xfs; do
		dev=$(losetup -f --show "/tmp/nodax/$t.img") || die "losetup $t"
		mount -t "$t" "$dev" "/mnt/$t-nodax" || die "mount $t on $dev"
	done
	export DAXFILE_EXT4_NODAX=/mnt/ext4-nodax DAXFILE_XFS_NODAX=/mnt/xfs-nodax
}

# kmemleak (when the kernel has it): forget what is reported so far, and
# later report the objects leaked since.  Objects younger than 5 s are not
# reported: wait, and scan twice as Documentation/dev-tools/kmemleak.rst
# advises.
KMEMLEAK=/sys/kernel/debug/kmemleak
kmemleak_clear() {
	[ -w $KMEMLEAK ] && echo clear >$KMEMLEAK
	return 0
}
kmemleak_check() {
	if ! [ -w $KMEMLEAK ]; then
		echo "ok - kmemleak # SKIP no kmemleak in this kernel"
		return 0
	fi
	sleep 6
	echo scan >$KMEMLEAK && echo scan >$KMEMLEAK
	n=$(grep -c "unreferenced object" $KMEMLEAK)
	if [ "$n" != 0 ]; then
		echo "not ok - kmemleak: $n unreferenced objects:"
		head -100 $KMEMLEAK | sed 's/^/#   /'
		return 1
	fi
	echo "ok - kmemleak: no leaks"
}

# Unmount the DAX file systems and check them; an "ok" line for each.
pmem_fsck_all() {
	rc=0
	for n in $DAXFILE_FS; do
		if ! umount "/mnt/$n"; then
			echo "not ok - umount /mnt/$n"
			rc=1
			continue
		fi
		if [ "$(pmem_fsck $n)" = clean ]; then
			echo "ok - fsck $n: clean"
		else
			echo "not ok - fsck $n: not clean"
			rc=1
		fi
	done
	return $rc
}

# Fail on any kernel splat: lockdep, WARN, BUG, KASAN, hung tasks...
DMESG_BAD='WARNING:|BUG:|Oops|general protection|Kernel panic|INFO: possible|INFO: task .* blocked|circular locking|inconsistent lock state|UBSAN|KASAN|suspected memory leak|Call Trace:'
# Allocation failure reports (warn_alloc: "page allocation failure",
# "vmalloc error") carry a stack dump but are no bug: the fault injection
# tests make allocations fail on purpose.  Leave them out, stack and all.
dmesg_filtered() {
	dmesg | awk '/vmalloc error: |page allocation failure: / { skip = 1 }
		!skip { print } skip && /<\/TASK>/ { skip = 0 }'
}
dmesg_check() {
	if dmesg_filtered | grep -Eq "$DMESG_BAD"; then
		echo "not ok - kernel log has splats:"
		dmesg_filtered | grep -E -A30 "$DMESG_BAD" | head -80 | sed 's/^/#   /'
		return 1
	fi
	echo "ok - kernel log clean (no WARN/BUG/lockdep/hung-task reports)"
}
