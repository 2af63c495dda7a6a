#!/usr/bin/env bash
# Camera-to-playlist latency of live.m3u8 (io.argusvms.bench.LiveLatency): a real server started by
# scripts/start-node.sh, a GStreamer RTSP test camera with a keyframe every second, the playlist
# sampled every 500 ms. Usage: bench/live-latency.sh [sampling seconds, default 30]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp=target/bench-classpath.txt
mvn -q -B -o -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >&2
exec java -Dargus.dist="$(ls -d target/argus-*/ | head -1)" -cp "target/test-classes:target/classes:$(cat "$cp")" io.argusvms.bench.LiveLatency "${1:-30}"
