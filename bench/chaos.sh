#!/usr/bin/env bash
# Chaos benchmark: 3-5 servers, real RTSP test cameras, a bounded number of random faults (kill -9,
# SIGTERM, SIGSTOP/SIGCONT, read-only storage, a partition, a pulled cable, a lone reboot), then a
# report from the System's own archive: holes and seconds lost per camera, seconds recorded twice,
# longest time not recording, catalog consistency, and whether the System ended as one with every
# camera at home.
# Needs JDK 17, Maven, ffmpeg and GStreamer's RTSP server (installed when missing); root for the
# servers' network namespaces and the read-only, partition and cable faults (left out otherwise).
# Flags: bench/chaos.sh --help
# Example: bench/chaos.sh --servers 3 --cameras-per-server 2 --faults 20 --seed 11
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
echo "command: bench/chaos.sh $*"
for a in "$@"; do [ "$a" = "--help" ] && exec python3 bench/chaos.py --help; done
ensure_deps
file="$(test_stream)"
python3 bench/chaos.py --stream-file "$file" "$@"
