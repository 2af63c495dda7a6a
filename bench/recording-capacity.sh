#!/usr/bin/env bash
# Recording capacity of one Argus server, against `ffmpeg -c copy -f segment` per camera (what
# Frigate runs) on the same streams and the same machine.
#
# For each N: serve N looping RTSP streams of one pre-encoded ~2 Mbit/s H.264 file
# (bench/rtsp-file-server.py, nothing encoded at serving time), then
#   (a) one Argus server (scripts/start-node.sh) records all N: cameras added over the HTTP API,
#       wait until every camera says "recording", then measure for WINDOW seconds;
#   (b) N ffmpeg processes record the same N streams: wait until all write, same window.
# Measured over the window: CPU seconds of the recorder processes (/proc/<pid>/stat), memory
# (RSS; Argus: heap after a full GC, NMT), bytes written (du), dropped packets (Argus /metrics),
# and the CPU of the camera side (the file server) and of the whole machine.
#
# Usage: bench/recording-capacity.sh [--counts "10 50 100"] [--window 60] [--only argus|ffmpeg]
#                                    [--no-doc] [--keep]
#   --counts   the stream counts to run, in order (default "10 50 100"; "200" allowed)
#   --window   seconds to measure once all streams are up (default 60)
#   --only     run one side only
#   --no-doc   do not append the results to docs/PERFORMANCE.md
#   --keep     keep the recorded files (default: deleted after each run)
# Environment: ARGUS_RTSP_READER=ffmpeg|argus and ARGUS_READ_BATCH=20ms (the server's reader),
#   ARGUS_HOME (the Argus checkout whose scripts/start-node.sh runs; default: this one),
#   BENCH_RTSP_PORT (18554), BENCH_HTTP_PORT (17101), BENCH_CLUSTER_PORT (17102).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

counts="10 50 100"
window=60
only=""
doc=1
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --counts) counts="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-doc) doc=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown flag $1 (see --help)" ;;
  esac
done
argus_home="$(cd "${ARGUS_HOME:-$bench_dir/..}" && pwd)"
rtsp_port=${BENCH_RTSP_PORT:-18554}
http_port=${BENCH_HTTP_PORT:-17101}
cluster_port=${BENCH_CLUSTER_PORT:-17102}
password="bench-$RANDOM$RANDOM"
command_line="bench/recording-capacity.sh --counts \"$counts\" --window $window${only:+ --only $only}"
# The reader and its batch are the server's settings: name them when the run overrides them.
[ -n "${ARGUS_READ_BATCH:-}" ] && command_line="ARGUS_READ_BATCH=$ARGUS_READ_BATCH $command_line"
[ -n "${ARGUS_RTSP_READER:-}" ] && command_line="ARGUS_RTSP_READER=$ARGUS_RTSP_READER $command_line"

ensure_deps
stream_file=$(test_stream)
stream_secs=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$stream_file")
stream_bytes=$(stat -c %s "$stream_file")
stream_mbit=$(awk "BEGIN { printf \"%.2f\", $stream_bytes * 8 / $stream_secs / 1000000 }")

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$bench_dir/results/recording-capacity-$stamp"
mkdir -p "$results"
work=$(mktemp -d /tmp/argus-bench.XXXXXX)
table="$results/table.tsv"
printf 'N\tside\tup\tcpu_pct\tcpu_pct_per_stream\trss_mib\tpss_mib\theap_used_mib\theap_committed_mib\tnative_mib\tnmt_committed_mib\tthreads\tmb_written\tpct_of_source\tdrops\tcamera_cpu_pct\tmachine_busy_pct\n' >"$table"

# Every process this script starts, so the trap can stop exactly those.
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  [ "$keep" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops one process: SIGTERM, up to $2 seconds, then SIGKILL.
stop_pid() {
  local p=$1 secs=${2:-20} i
  kill -TERM "$p" 2>/dev/null || return 0
  for ((i = 0; i < secs * 10; i++)); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  log "pid $p did not stop in ${secs}s, killing it"
  kill -KILL "$p" 2>/dev/null || true
}

# Busy and total jiffies of the whole machine, from /proc/stat.
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; } # expression [decimals]

machine_jiffies() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }

fileserver_pid=""
start_fileserver() {
  local n=$1 log_file=$2
  /usr/bin/python3 "$bench_dir/rtsp-file-server.py" --file "$stream_file" --streams "$n" \
    --port "$rtsp_port" --stats 2 >"$log_file" 2>&1 &
  fileserver_pid=$!
  pids+=("$fileserver_pid")
  wait_port "$rtsp_port" 15 || die "the RTSP file server did not listen on $rtsp_port (see $log_file)"
}
fileserver_sessions() { grep -o 'sessions=[0-9]*' "$1" | tail -1 | cut -d= -f2; }

api() { # method path [json]
  local m=$1 p=$2
  shift 2
  curl -sS --max-time 20 -X "$m" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${1:+--data "$1"} "http://127.0.0.1:$http_port$p"
}
metric() { # name: value summed over all label sets, 0 when absent
  awk -v m="$1" '$1 == m || index($1, m "{") == 1 { s += $2 } END { printf "%.0f", s + 0 }' "$2"
}

# The measurement window shared by both sides. Globals in, globals out (bash has no structs):
# in: rec_pids (recorder processes), n, out_dir; out: cpu_pct rss_mib mb_written cam_cpu busy_pct.
measure_window() {
  local c0 c1 f0 f1 m0 m1 b0 b1 d0 d1 t0 t1 p i rss max_rss=0
  c0=$(proc_cpu_seconds "${rec_pids[@]}")
  f0=$(proc_cpu_seconds "$fileserver_pid")
  m0=$(machine_jiffies)
  # Bytes are timed by their own du calls: on a loaded machine du over N folders takes seconds.
  d0=$(date +%s.%N); b0=$(du -sb "$out_dir" | cut -f1); d0=$(calc "($d0 + $(date +%s.%N)) / 2" 3)
  t0=$(date +%s.%N)
  # Sample RSS every 5 s (bounded by the window).
  for ((i = 0; i < window; i += 5)); do
    sleep $((window - i < 5 ? window - i : 5))
    rss=$(proc_rss_mib "${rec_pids[@]}")
    max_rss=$(awk -v a="$rss" -v b="$max_rss" 'BEGIN { print (a > b ? a : b) }')
  done
  t1=$(date +%s.%N)
  c1=$(proc_cpu_seconds "${rec_pids[@]}")
  f1=$(proc_cpu_seconds "$fileserver_pid")
  m1=$(machine_jiffies)
  d1=$(date +%s.%N); b1=$(du -sb "$out_dir" | cut -f1); d1=$(calc "($d1 + $(date +%s.%N)) / 2" 3)
  local wall; wall=$(calc "$t1 - $t0" 3)
  cpu_pct=$(calc "100 * ($c1 - $c0) / $wall")
  cam_cpu=$(calc "100 * ($f1 - $f0) / $wall")
  rss_mib=$(calc "$max_rss" 0)
  pss_mib=$(calc "$(proc_pss_mib "${rec_pids[@]}")" 0)
  threads=$(proc_threads "${rec_pids[@]}")
  mb_written=$(calc "($b1 - $b0) / 1000000")
  pct_of_source=$(calc "100 * ($b1 - $b0) / ($n * $stream_bytes / $stream_secs * ($d1 - $d0))")
  busy_pct=$(echo "$m0 $m1" | awk '{ printf "%.1f", 100 * ($3 - $1) / ($4 - $2) }')
}

run_argus() {
  local n=$1 dir="$work/argus-$n" log_file="$results/argus-$n.log" fs_log="$results/fileserver-argus-$n.log"
  mkdir -p "$dir"
  start_fileserver "$n" "$fs_log"
  log "N=$n argus: starting the server ($argus_home)"
  JAVA_OPTS="${JAVA_OPTS:-} -XX:NativeMemoryTracking=summary" \
    "$argus_home/scripts/start-node.sh" --no-demo --data "$dir" --http-port "$http_port" \
    --cluster-port "$cluster_port" --admin-password "$password" --max-cameras 1000 \
    >"$log_file" 2>&1 &
  local pid=$! i
  pids+=("$pid")
  # The first start may build with Maven: allow 10 minutes.
  for ((i = 0; i < 600; i++)); do
    curl -sf --max-time 2 "http://127.0.0.1:$http_port/api/v1/health" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log_file" >&2; die "Argus exited before answering (see $log_file)"; }
    sleep 1
  done
  [ "$i" -lt 600 ] || die "Argus did not answer on $http_port in 600 s"
  token=$(curl -sS --max-time 10 -H 'Content-Type: application/json' \
    --data "{\"username\":\"admin\",\"password\":\"$password\"}" \
    "http://127.0.0.1:$http_port/api/v1/login" | jq -r .token)
  [ -n "$token" ] && [ "$token" != null ] || die "login failed"
  for ((i = 0; i < n; i++)); do
    api POST /api/v1/cameras "{\"name\":\"bench-$i\",\"url\":\"rtsp://127.0.0.1:$rtsp_port/s$i\"}" \
      | jq -e .id >/dev/null || die "adding camera $i failed"
  done
  log "N=$n argus: $n cameras added; waiting until all record"
  # The file server sets sessions up one at a time (about a second each): allow 60 s + 3 s each.
  local up=0 deadline=$((SECONDS + 60 + 3 * n))
  while [ $SECONDS -lt $deadline ]; do
    up=$(api GET /api/v1/cameras | jq '[.[] | select(.status.state == "recording")] | length')
    [ "$up" -ge "$n" ] && break
    kill -0 "$pid" 2>/dev/null || die "Argus died while cameras were connecting (see $log_file)"
    sleep 2
  done
  log "N=$n argus: $up of $n cameras recording; measuring for ${window}s"
  sleep 5 # let the last sessions pass their first keyframe
  curl -sS --max-time 20 -H "Authorization: Bearer $token" "http://127.0.0.1:$http_port/metrics" >"$results/argus-$n.metrics-before"
  rec_pids=("$pid"); out_dir="$dir"
  measure_window
  curl -sS --max-time 20 -H "Authorization: Bearer $token" "http://127.0.0.1:$http_port/metrics" >"$results/argus-$n.metrics-after"
  local up_end drops bytes_metric heap nmt
  up_end=$(api GET /api/v1/cameras | tee "$results/argus-$n.cameras.json" | jq '[.[] | select(.status.state == "recording")] | length')
  drops=$(($(metric argus_recording_packets_dropped_total "$results/argus-$n.metrics-after") -
    $(metric argus_recording_packets_dropped_total "$results/argus-$n.metrics-before")))
  bytes_metric=$(($(metric argus_recording_bytes_total "$results/argus-$n.metrics-after") -
    $(metric argus_recording_bytes_total "$results/argus-$n.metrics-before")))
  # Memory after the CPU window: NMT, then heap after a full GC (the live set).
  jcmd "$pid" VM.native_memory summary scale=MB >"$results/argus-$n.nmt" 2>&1 || true
  nmt=$(sed -n 's/^Total: reserved=[0-9]*MB, committed=\([0-9]*\)MB.*/\1/p' "$results/argus-$n.nmt" | head -1)
  jcmd "$pid" GC.run >/dev/null 2>&1 || true
  jcmd "$pid" GC.heap_info >"$results/argus-$n.heap" 2>&1 || true
  heap=$(awk '/heap +total/ { gsub(/[K,]/, ""); for (i = 1; i <= NF; i++) { if ($i == "total") t = $(i + 1); if ($i == "used") u = $(i + 1) } }
              END { printf "%.0f %.0f", u / 1024, t / 1024 }' "$results/argus-$n.heap")
  local heap_used=${heap% *} heap_committed=${heap#* } rss_now native
  rss_now=$(proc_rss_mib "$pid")
  native=$(calc "$rss_now - $heap_committed" 0)
  log "N=$n argus: cpu ${cpu_pct}% rss ${rss_mib} MiB heap ${heap_used}/${heap_committed} MiB drops $drops; recording at the end: $up_end/$n; metric bytes $bytes_metric"
  printf '%s\targus\t%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$up_end" "$n" "$cpu_pct" \
    "$(calc "$cpu_pct / $n" 2)" "$rss_mib" "$pss_mib" "$heap_used" "$heap_committed" "$native" "${nmt:-?}" "$threads" \
    "$mb_written" "$pct_of_source" "$drops" "$cam_cpu" "$busy_pct" >>"$table"
  stop_pid "$pid" 30
  stop_pid "$fileserver_pid" 10
  local errors; errors=$(grep -ciE 'exception|error' "$log_file" || true)
  [ "$errors" -gt 0 ] && log "N=$n argus: $errors log lines mention an error or exception ($log_file)"
  [ "$keep" = 1 ] || rm -rf "$dir"
}

run_ffmpeg() {
  local n=$1 dir="$work/ffmpeg-$n" fs_log="$results/fileserver-ffmpeg-$n.log" i
  mkdir -p "$dir"
  start_fileserver "$n" "$fs_log"
  log "N=$n ffmpeg: starting $n ffmpeg processes"
  rec_pids=()
  for ((i = 0; i < n; i++)); do
    mkdir -p "$dir/$i"
    ffmpeg -nostdin -loglevel error -rtsp_transport tcp -timeout 10000000 -i "rtsp://127.0.0.1:$rtsp_port/s$i" \
      -c copy -f segment -segment_time 60 -reset_timestamps 1 "$dir/$i/%05d.ts" 2>"$dir/$i.log" &
    rec_pids+=($!)
    pids+=($!)
  done
  local deadline=$((SECONDS + 60 + 3 * n)) up=0 p
  while [ $SECONDS -lt $deadline ]; do
    up=0
    for ((i = 0; i < n; i++)); do
      [ -n "$(find "$dir/$i" -name '*.ts' -size +0 -print -quit)" ] && up=$((up + 1))
    done
    [ "$up" -ge "$n" ] && break
    sleep 2
  done
  log "N=$n ffmpeg: $up of $n writing; measuring for ${window}s"
  sleep 5
  out_dir="$dir"
  measure_window
  local alive=0
  for p in "${rec_pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
  log "N=$n ffmpeg: cpu ${cpu_pct}% rss ${rss_mib} MiB; running at the end: $alive/$n"
  printf '%s\tffmpeg\t%s/%s\t%s\t%s\t%s\t%s\t-\t-\t-\t-\t%s\t%s\t%s\t-\t%s\t%s\n' "$n" "$alive" "$n" "$cpu_pct" \
    "$(calc "$cpu_pct / $n" 2)" "$rss_mib" "$pss_mib" "$threads" "$mb_written" "$pct_of_source" "$cam_cpu" "$busy_pct" >>"$table"
  # Errors up to the end of the window (stopping ffmpeg adds its own lines).
  cat "$dir"/*.log >"$results/ffmpeg-$n.errors" 2>/dev/null || true
  [ -s "$results/ffmpeg-$n.errors" ] && log "N=$n ffmpeg: $(wc -l <"$results/ffmpeg-$n.errors") error lines ($results/ffmpeg-$n.errors)"
  for p in "${rec_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for ((i = 0; i < 100; i++)); do
    alive=0
    for p in "${rec_pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "${rec_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  stop_pid "$fileserver_pid" 10
  [ "$keep" = 1 ] || rm -rf "$dir"
}

log "results in $results"
for n in $counts; do
  [ "$only" = ffmpeg ] || run_argus "$n"
  [ "$only" = argus ] || run_ffmpeg "$n"
  # Larger N only while the last one kept up: every stream up and >= 95 % of the source written.
  if ! awk -F'\t' -v n="$n" '$1 == n { split($3, u, "/"); if (u[1] < u[2] || $14 < 95) bad = 1 } END { exit bad }' "$table"; then
    log "N=$n did not keep up on some side; not trying larger N"
    break
  fi
done

# The report: a markdown table with the Argus/ffmpeg ratio per N.
report="$results/report.md"
{
  echo "### $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
  echo
  echo "Command: \`$command_line\` (Argus at $(git -C "$argus_home" rev-parse --short HEAD 2>/dev/null || echo '?'), $(ffmpeg -version | head -1 | cut -d' ' -f1-3))."
  echo "Streams: $(basename "$stream_file"), ${stream_mbit} Mbit/s as MPEG-TS; window ${window} s after all streams were up."
  echo
  echo "| N | side | up | CPU % | CPU %/stream | Argus/ffmpeg | RSS MiB | PSS MiB | heap used/committed MiB | native MiB (RSS-heap) | NMT MiB | threads | MB written | % of source | drops | camera side CPU % | machine busy % |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' 'NR > 1 { row[$1 "," $2] = $0; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
    END {
      for (j = 1; j <= k; j++) for (s = 0; s < 2; s++) {
        side = s ? "ffmpeg" : "argus"; r = row[order[j] "," side]; if (r == "") continue
        split(r, f, "\t"); ratio = "-"
        if (side == "argus" && row[order[j] ",ffmpeg"] != "") {
          split(row[order[j] ",ffmpeg"], g, "\t"); if (g[5] > 0) ratio = sprintf("%.2f", f[5] / g[5])
        }
        heap = f[8] == "-" ? "-" : f[8] "/" f[9]
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
          f[1], f[2], f[3], f[4], f[5], ratio, f[6], f[7], heap, f[10], f[11], f[12], f[13], f[14], f[15], f[16], f[17]
      }
    }' "$table"
} >"$report"
echo
cat "$report"
if [ "$doc" = 1 ]; then
  perf="$bench_dir/../docs/PERFORMANCE.md"
  { echo; cat "$report"; } >>"$perf"
  log "appended to $perf"
fi
