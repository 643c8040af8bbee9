#!/bin/bash
# Seals that come back after a reboot: boot the guest twice on the same
# emulated NVDIMMs, running at each boot what daxfile-seal.service runs
# (scripts/guest/reboot.sh says what each boot checks).  Prints the
# guests' "ok N - boot B: ..." lines; exits 1 on any failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
rc=0
scripts/vm --fresh --timeout 900 -- sh scripts/guest/reboot.sh 1 || rc=1
scripts/vm --timeout 900 -- sh scripts/guest/reboot.sh 2 || rc=1
exit $rc
