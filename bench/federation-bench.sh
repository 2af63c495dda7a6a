#!/usr/bin/env bash
# Federation benchmark (issue 4): two servers of one System on loopback; a demo camera recorded on
# server A; playback start latency and proxy throughput measured on A (local) and on C (remote).
# Usage: bench/federation-bench.sh [record-seconds]   (default 60; chunks of 10 s)
set -euo pipefail
cd "$(dirname "$0")/.."
RECORD=${1:-60}
WORK=$(mktemp -d /tmp/argus-fed-bench.XXXX)
PW=bench-pw
A_HTTP=7301; A_CL=7302; C_HTTP=7311; C_CL=7312
cleanup() { for p in ${PIDS:-}; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
scripts/start-node.sh --http-port $A_HTTP --cluster-port $A_CL --name bench-a --data "$WORK/a" \
  --admin-password $PW --no-demo --chunk-duration 10s > "$WORK/a.log" 2>&1 & PIDS="$!"
until curl -sf localhost:$A_HTTP/api/v1/system/info >/dev/null; do sleep 0.5; done
scripts/start-node.sh --http-port $C_HTTP --cluster-port $C_CL --name bench-c --data "$WORK/c" \
  --admin-password $PW --no-demo --chunk-duration 10s --seeds 127.0.0.1:$A_CL > "$WORK/c.log" 2>&1 & PIDS="$PIDS $!"
until curl -sf localhost:$C_HTTP/api/v1/system/info >/dev/null; do sleep 0.5; done
TOKEN=$(curl -s -XPOST localhost:$A_HTTP/api/v1/login -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PW\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
CAM=$(curl -s -XPOST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  localhost:$A_HTTP/api/v1/cameras -d '{"name":"bench","url":"demo://bench"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
echo "camera $CAM recording on A for ${RECORD}s ..."
sleep "$RECORD"
# stop recording so the measured archive stays fixed
curl -s -XPATCH -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  localhost:$A_HTTP/api/v1/cameras/$CAM -d '{"recording":false}' >/dev/null
sleep 2
until curl -sf -H "Authorization: Bearer $TOKEN" localhost:$C_HTTP/api/v1/servers | grep -q '"status":"online".*"status":"online"'; do sleep 0.5; done
echo "command: bench/federation-bench.sh $RECORD   ($(nproc) cores, $(date -u +%F))"
java bench/FederationBench.java http://127.0.0.1:$A_HTTP http://127.0.0.1:$C_HTTP admin $PW "$CAM"
