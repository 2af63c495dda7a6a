#!/usr/bin/env bash
# Checks that bench/rtsp-file-server.py really loops its file and paces it in real time: pulls one
# stream for longer than the file lasts and checks the recording's length, its wall time and that
# its timestamps never go back or skip more than a few frames.
#   bench/check-loop.sh [seconds]        (default: file length + 15 s)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_deps
file=$(test_stream)
len=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$file")
secs=${1:-$(awk -v l="$len" 'BEGIN { printf "%.0f", l + 15 }')}
port=${PORT:-18554}
out=$(mktemp -d /tmp/argus-bench-loop.XXXXXX)
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$out"' EXIT

/usr/bin/python3 "$bench_dir/rtsp-file-server.py" --file "$file" --streams 1 --port "$port" --stats 0 >"$out/server.log" 2>&1 &
srv=$!
wait_port "$port" 10 || die "file server did not listen"
t0=$(date +%s.%N)
timeout $((secs + 20)) ffmpeg -nostdin -loglevel error -rtsp_transport tcp -i "rtsp://127.0.0.1:$port/s0" \
  -t "$secs" -c copy -f mpegts "$out/pull.ts" || die "pull failed"
t1=$(date +%s.%N)
got=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$out/pull.ts")
ffprobe -v error -select_streams v -show_entries packet=pts_time -of csv=p=0 "$out/pull.ts" \
  | awk -F, -v want="$secs" -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" -v got="$got" -v len="$len" '
      $1 == "" || $1 == "N/A" { next }
      { t = $1 + 0 }
      n++ && t < prev { back++ }
      n > 1 && t - prev > 0.2 { gaps++ }
      { prev = t }
      END {
        printf "file %.1f s; asked %s s; got %.1f s of media in %.1f s wall; %d packets; %d backwards, %d gaps > 0.2 s\n",
          len, want, got, wall, n, back, gaps
        ok = (got >= want - 1) && (wall >= want - 2) && back == 0 && gaps == 0 && got > len
        print ok ? "OK: loops and is paced in real time" : "FAIL"
        exit !ok
      }'
