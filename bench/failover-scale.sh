#!/usr/bin/env bash
# Failover at scale: 3 servers x 100 cheap demo:// cameras; kill -9 one server, time until all of
# its cameras record elsewhere (polling GET /api/v1/cameras), restart it, time the failback.
# Needs JDK 17, Maven, python3 (standard library only). Flags: bench/failover-scale.sh --help
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "command: bench/failover-scale.sh $*"
exec python3 bench/failover_scale.py "$@"
