#!/usr/bin/env bash
# Standby cost benchmark: CPU and memory per standby next to per recording (two real servers,
# N High cameras of 2 Mbit/s recorded on one, their standbys on the other). Flags: --help
# Example: bench/standby-cost.sh --counts "10 50" --window 60
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
ensure_deps
echo "command: bench/standby-cost.sh $*"
exec python3 bench/standby_cost.py --stream "$(test_stream)" "$@"
