#!/usr/bin/env bash
# Federation benchmark (issue 4) on loopback: server A records a demo camera (10 s chunks) for
# RECORD seconds; its chunk files are then copied back in time to fill the last hour (A re-indexes
# them on restart, as after a crash), so the playlist of "the last hour" really holds an hour.
# Server C joins and holds none of it. bench/FederationBench.java then measures playback start
# (archive.m3u8 of one hour -> first byte of its first segment) on A (local) and C (remote,
# proxied), and proxy throughput.   Usage: bench/federation-bench.sh [record-seconds, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
RECORD=${1:-60}
WORK=$(mktemp -d /tmp/argus-fed-bench.XXXX)
PW=bench-pw
A_HTTP=7301; A_CL=7302; C_HTTP=7311; C_CL=7312
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
start_a() {
  scripts/start-node.sh --http-port $A_HTTP --cluster-port $A_CL --name bench-a --data "$WORK/a" \
    --admin-password $PW --no-demo --chunk-duration 10s >> "$WORK/a.log" 2>&1 & A_PID=$!; PIDS="$PIDS $A_PID"
  until curl -sf localhost:$A_HTTP/api/v1/system/info >/dev/null; do sleep 0.5; done
}
login() { curl -s -XPOST localhost:$1/api/v1/login -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PW\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
start_a
TOKEN=$(login $A_HTTP)
CAM=$(curl -s -XPOST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  localhost:$A_HTTP/api/v1/cameras -d '{"name":"bench","url":"demo://bench"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
echo "camera $CAM recording on A for ${RECORD}s ..." >&2
sleep "$RECORD"
curl -s -XPATCH -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  localhost:$A_HTTP/api/v1/cameras/$CAM -d '{"recording":false}' >/dev/null
sleep 3
kill "$A_PID"; wait "$A_PID" 2>/dev/null || true
# Fill the hour before the recording with copies of its sealed chunks (same bytes, earlier names).
python3 - "$WORK/a/archive/$CAM" <<'PY'
import os, sys, shutil, glob
root = sys.argv[1]
files = sorted(glob.glob(root + "/*/*.ts"), key=lambda p: int(os.path.basename(p)[:-3]))
starts = [int(os.path.basename(p)[:-3]) for p in files]
files, starts = files[:-1], starts[:-1]          # the last chunk may be short; leave it out
span = starts[-1] - starts[0] + (starts[1] - starts[0])
k, made = 1, 0
while k * span < 3_600_000:
    for f, s in zip(files, starts):
        new = s - k * span
        shutil.copy(f, os.path.join(os.path.dirname(f), f"{new}.ts")); made += 1
    k += 1
print(f"copied {made} chunk files ({k - 1} x {span / 1000:.0f} s)", file=sys.stderr)
PY
start_a
scripts/start-node.sh --http-port $C_HTTP --cluster-port $C_CL --name bench-c --data "$WORK/c" \
  --admin-password $PW --no-demo --chunk-duration 10s --seeds 127.0.0.1:$A_CL --join-url http://127.0.0.1:$A_HTTP > "$WORK/c.log" 2>&1 & PIDS="$PIDS $!"
until curl -sf localhost:$C_HTTP/api/v1/system/info >/dev/null; do sleep 0.5; done
TOKEN=$(login $A_HTTP)
until curl -sf -H "Authorization: Bearer $TOKEN" localhost:$C_HTTP/api/v1/servers | grep -q '"status":"online".*"status":"online"'; do sleep 0.5; done
echo "command: bench/federation-bench.sh $RECORD   ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%F))"
java bench/FederationBench.java http://127.0.0.1:$A_HTTP http://127.0.0.1:$C_HTTP admin $PW "$CAM"
