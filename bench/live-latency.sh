#!/usr/bin/env bash
# Live latency as a viewer sees it (io.argusvms.web.LiveLatencyBench): two real servers, a GStreamer
# RTSP test camera recorded by the first; headless Chromium plays it over MSE through the recorder,
# over MSE through the other server (relay), and over HLS, one after another in the same run, each
# for the window; p50/p95/max of wall clock at presentation minus the server's receive time; then
# CPU of both servers with no viewer and with V WebSocket viewers on each.
# Usage: bench/live-latency.sh [window seconds, default 60] [viewers, default 20]
# The older playlist-edge measure: bench/live-latency.sh --playlist [seconds]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp=target/bench-classpath.txt
mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >&2
mvn -q -B test-compile >&2
run() { exec java -Dargus.dist="$(ls -d target/argus-*/ | head -1)" -cp "target/test-classes:target/classes:$(cat "$cp")" "$@"; }
if [ "${1:-}" = "--playlist" ]; then run io.argusvms.bench.LiveLatency "${2:-30}"; fi
run io.argusvms.web.LiveLatencyBench "${1:-60}" "${2:-20}"
