#!/usr/bin/env bash
# Placement at scale: times the pure PlacementPolicy deciding the failover of one server's
# cameras (and the failback rebalance) in a System of SERVERS x CAMERAS_PER_SERVER.
# Usage: bench/placement-scale.sh [SERVERS=100] [CAMERAS_PER_SERVER=100] [medium|mixed] [SECONDS=30] [LOST_CAMERAS] [SPARE]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "command: bench/placement-scale.sh $*"
cp=target/bench-classpath.txt
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile="$cp" >&2
mkdir -p target/bench-classes
javac -d target/bench-classes -cp "target/classes:$(cat "$cp")" bench/placement/io/argusvms/placement/PlacementBench.java
exec java -Xms1g -Xmx1g -cp "target/bench-classes:target/classes:$(cat "$cp")" \
  io.argusvms.placement.PlacementBench "${1:-100}" "${2:-100}" "${3:-medium}" "${4:-30}" ${5:+"$5"} ${6:+"$6"}
