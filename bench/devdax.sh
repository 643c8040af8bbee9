# Sourced by bench/run.sh and bench/run-insns.sh (guest side, after
# scripts/guest/lib.sh and pmem_setup): device-dax namespaces for the
# benchmarks in the second NVDIMM's free space.
#
# The scratch namespace (for the tests that shut a file system down) is
# not used by the benchmarks: its half of the second NVDIMM holds the
# device-dax namespaces.  devdax_setup makes dax4k (4 KiB aligned, 512 MiB)
# and dax2m (2 MiB aligned, 1 GiB) there; devdax NAME prints a namespace's
# character device name.
devdax() {
	ndctl list -N | jq -r --arg n "$1" 'if type == "array" then .[] else . end |
		select(.name == $n) | .chardev'
}

devdax_setup() {
	local scratch spec name rest
	scratch=$(ndctl list -N | jq -r 'if type == "array" then .[] else . end |
		select(.name == "scratch") | .dev')
	[ -n "$scratch" ] && { ndctl destroy-namespace -f "$scratch" >/dev/null ||
		die "cannot free the scratch namespace"; }
	for spec in dax4k:4K:512M dax2m:2M:1G; do
		name=${spec%%:*} rest=${spec#*:}
		ndctl create-namespace -r "$(region_of 2)" -m devdax -a "${rest%%:*}" \
			-s "${rest#*:}" -n "$name" >/dev/null || die "devdax $name"
	done
}
