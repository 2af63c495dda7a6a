#!/usr/bin/env bash
# Failover gap benchmark: kill -9 / SIGTERM a server of a 3-server System (or make its archive
# read-only in place: --storage, as root), restart it (mend it), repeat;
# prints the recording gaps (from the System's own periods) and their breakdown from the logs.
# Needs JDK 17, Maven, python3 (standard library only). Flags: bench/failover-gap.sh --help
# Example: bench/failover-gap.sh --kills 6 --terms 6 --cameras-per-server 4
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "command: bench/failover-gap.sh $*"
exec python3 bench/failover_gap.py "$@"
