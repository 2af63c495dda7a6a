#!/usr/bin/env bash
# Placement at scale: times the pure PlacementPolicy deciding the failover of one server's
# cameras (and the failback rebalance) in a System of SERVERS x CAMERAS_PER_SERVER.
# Usage: bench/placement-scale.sh [SERVERS=100] [CAMERAS_PER_SERVER=100] [medium|mixed] [SECONDS=30]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "command: bench/placement-scale.sh $*"
bash scripts/start-node.sh --build-only
mkdir -p target/bench-classes
javac -q -d target/bench-classes -cp "target/classes:$(cat target/classpath.txt)" \
  bench/placement/io/argusvms/placement/PlacementBench.java 2>/dev/null \
  || javac -d target/bench-classes -cp "target/classes:$(cat target/classpath.txt)" \
       bench/placement/io/argusvms/placement/PlacementBench.java
exec java -Xms1g -Xmx1g -cp "target/bench-classes:target/classes:$(cat target/classpath.txt)" \
  io.argusvms.placement.PlacementBench "${1:-100}" "${2:-100}" "${3:-medium}" "${4:-30}"
