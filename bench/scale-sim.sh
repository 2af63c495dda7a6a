#!/usr/bin/env bash
# Scale by simulation (issue 16): NODES servers as ActorSystems in one JVM with the real Cluster
# Sharding, allocation strategy, keeper and System database; CAMERAS fake recorders (no media).
# Starts every camera, crashes KILL servers (no leave) and times until every camera records again.
# Usage: bench/scale-sim.sh NODES CAMERAS [KILL=1] [TIMEOUT_S=300]   (heap: SCALE_SIM_HEAP, 8g)
# SCALE_SIM_COORDINATOR: where the shard coordinator keeps its state. journal (the servers'
# setting, the default): events in the replicated journal (ReplicatedJournal); ddata: Pekko's
# whole state in one register, written at each allocation; inmem: events in an in-memory journal
# (replicates nothing: a measuring device for what the state writes cost).
# SCALE_SIM_KILL=oldest crashes the oldest servers, the shard coordinator's first, not the newest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp=target/bench-classpath.txt
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile="$cp" >&2
mkdir -p target/bench-classes
javac -d target/bench-classes -cp "target/classes:$(cat "$cp")" bench/scale-sim/io/argusvms/camera/ScaleSim.java
exec timeout --kill-after=30s 1800s java -Xms1g -Xmx"${SCALE_SIM_HEAP:-8g}" -Dlogback.configurationFile=bench/scale-sim/logback.xml \
  -Dsim.coordinator="${SCALE_SIM_COORDINATOR:-journal}" -Dsim.kill="${SCALE_SIM_KILL:-newest}" \
  -cp "target/bench-classes:target/classes:$(cat "$cp")" io.argusvms.camera.ScaleSim "$@"
