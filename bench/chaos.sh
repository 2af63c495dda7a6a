#!/usr/bin/env bash
# Chaos benchmark: 3-5 servers, real RTSP test cameras, a bounded number of random faults (kill -9,
# SIGTERM, SIGSTOP/SIGCONT, read-only storage, a lone reboot), then a report from the System's own
# archive: holes and seconds lost per camera, seconds recorded twice, longest time not recording,
# catalog consistency, and whether the System ended as one with every camera at home.
# Needs JDK 17, Maven, ffmpeg and GStreamer's RTSP server (installed when missing); root for the
# read-only storage faults (skipped otherwise). Flags: bench/chaos.sh --help
# Example: bench/chaos.sh --servers 3 --cameras-per-server 2 --faults 20 --seed 11
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
echo "command: bench/chaos.sh $*"
for a in "$@"; do [ "$a" = "--help" ] && exec python3 bench/chaos.py --help; done
ensure_deps
file="$(test_stream)"
port=$((18554 + RANDOM % 1000))
/usr/bin/python3 bench/rtsp-file-server.py --file "$file" --streams 20 --port "$port" --stats 0 \
  >"${TMPDIR:-/tmp}/chaos-rtsp-$port.log" 2>&1 &
rtsp_pid=$!
trap 'kill -TERM "$rtsp_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
sleep 2
kill -0 "$rtsp_pid" 2>/dev/null || die "the RTSP test cameras did not start; see ${TMPDIR:-/tmp}/chaos-rtsp-$port.log"
python3 bench/chaos.py --rtsp "rtsp://127.0.0.1:$port" "$@"
