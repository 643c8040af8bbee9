# daxfile: the daxctl() patch series for Debian's linux-source-6.12 and the
# lab that builds, boots and tests it.  See README.md.

.PHONY: help run check stress lint bisect-check fstests bench bench-quick deps tree export status kernel selftests shell clean distclean

help:
	@echo "make run        build everything needed, boot the guest, show the power-cut demo"
	@echo "make check      build, boot and run the kselftests and the power-cut test"
	@echo "make stress     long robustness runs: 60 s race mix per file system, fault injection, 20 power cuts"
	@echo "make lint       checkpatch --strict on every patch (warnings must be justified in the commit message)"
	@echo "make bisect-check  build the series patch by patch, CONFIG_DAXFILE=y and =n (long)"
	@echo "make fstests    fstests on the NVDIMMs, 5 configurations, compared with the base kernel's results (BASE=1: the base run)"
	@echo "make bench      benchmarks on a kernel without debug options: bench/results.md (QUICK=1: short run, BASE=1: the base kernel, compared)"
	@echo "make tree       (re)make build/linux: Debian's source + patches/ (FORCE=1 to drop unexported work)"
	@echo "make export     write build/linux's commits since 'base' back to patches/"
	@echo "make status     do build/linux and patches/ agree?"
	@echo "make kernel     build build/bzImage from build/linux"
	@echo "make selftests  install uapi headers and build the kselftests into build/kselftest"
	@echo "make shell      an interactive shell in the guest (NVDIMMs set up, Ctrl-a x quits)"
	@echo "make clean      remove build output but keep build/linux and the NVDIMM images"

deps:
	@scripts/deps.sh

tree: deps
	@python3 scripts/series.py tree

export:
	@python3 scripts/series.py export

status:
	@python3 scripts/series.py status

# make check and make run leave an existing work tree alone unless it has
# no work of its own and patches/ moved on (see scripts/series.py sync).
sync: deps
	@python3 scripts/series.py sync

kernel: sync
	@scripts/build-kernel.sh

selftests: sync
	@scripts/build-selftests.sh

check:
	@scripts/check.sh

# STRESS_SECS (60): race mix per file system; CYCLES (20): power cuts
stress:
	@scripts/stress.sh

lint:
	@scripts/lint.sh

bisect-check:
	@scripts/bisect-check.sh

# The phases in order, each announced; `make kernel` brings in the host
# packages and the work tree first (deps, sync).
run:
	@echo "=== make run: 1/3 kernel: host packages, work tree, build (log: build/logs/kernel.log)"
	@$(MAKE) --no-print-directory kernel
	@echo "=== make run: 2/3 selftests (log: build/logs/selftests-build.log)"
	@scripts/build-selftests.sh
	@echo "=== make run: 3/3 power-cut demo: 3 boots of the guest (log: build/logs/powercut.log)"
	@scripts/powercut.sh

# BASE=1: the run of the unpatched base kernel, into tests/fstests-base.results;
# ONLY=CONFIG: one configuration; TESTS="...": those tests, not the list
fstests:
	@scripts/fstests.sh $(if $(filter 1,$(BASE)),--base) $(if $(ONLY),--only $(ONLY)) $(TESTS)

bench:
	@scripts/bench.sh $(if $(filter 1,$(QUICK)),--quick) $(if $(filter 1,$(BASE)),--base)

shell:
	@scripts/vm --shell -- '. scripts/guest/lib.sh; pmem_setup; nodax_setup; exec bash -i'

clean:
	rm -rf build/bzImage build/bzImage-nodebug-* build/kselftest build/tools build/logs build/vm/cmd-*.sh
	-$(MAKE) -C build/linux -s clean

distclean:
	rm -rf build
