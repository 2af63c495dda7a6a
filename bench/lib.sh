# Shared helpers for the benchmark scripts (sourced, not run).
# shellcheck shell=bash

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_dir="$bench_dir/cache"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Installs Debian's ffmpeg and GStreamer RTSP server pieces when missing.
ensure_deps() {
  local missing=()
  command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  /usr/bin/python3 -c 'import gi; gi.require_version("GstRtspServer", "1.0"); from gi.repository import GstRtspServer' 2>/dev/null \
    || missing+=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-x)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2 \
    || die "could not install ${missing[*]}"
}

# Prints the path of the cached test stream, making it once: H.264 1280x720, 25 fps, ~2 Mbit/s
# CBR-ish, a keyframe every 2 s, no B-frames (like most cameras), 30 s, MPEG-TS. Noise on a moving
# pattern keeps the encoder from compressing it to nothing.
test_stream() {
  local f="$cache_dir/test-720p25-2M-gop50.ts"
  if [ ! -s "$f" ]; then
    mkdir -p "$cache_dir"
    log "encoding the test stream once: $f"
    nice -n 10 ffmpeg -nostdin -loglevel error -y \
      -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=30,noise=alls=12:allf=t+u" \
      -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p \
      -b:v 2M -maxrate 2M -bufsize 4M -g 50 -keyint_min 50 -sc_threshold 0 -bf 0 \
      -f mpegts "$f.tmp" && mv "$f.tmp" "$f" || die "could not encode the test stream"
  fi
  echo "$f"
}

# CPU seconds (user+system, children not included) summed over processes, from /proc.
# Processes that are gone count 0.
proc_cpu_seconds() {
  local files=() p
  for p in "$@"; do [ -r "/proc/$p/stat" ] && files+=("/proc/$p/stat"); done
  [ ${#files[@]} -eq 0 ] && { echo 0; return; }
  cat "${files[@]}" 2>/dev/null | awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); s += $12 + $13 } END { printf "%.2f\n", s / t }'
}

# Resident set size summed over processes, in MiB.
proc_rss_mib() {
  local files=() p
  for p in "$@"; do [ -r "/proc/$p/status" ] && files+=("/proc/$p/status"); done
  [ ${#files[@]} -eq 0 ] && { echo 0; return; }
  cat "${files[@]}" 2>/dev/null | awk '/^VmRSS:/ { s += $2 } END { printf "%.1f\n", s / 1024 }'
}

# Proportional set size summed over processes, in MiB: shared library pages are split between the
# processes that map them, so N ffmpeg processes are not charged N times for libavcodec.
proc_pss_mib() {
  local files=() p
  for p in "$@"; do [ -r "/proc/$p/smaps_rollup" ] && files+=("/proc/$p/smaps_rollup"); done
  [ ${#files[@]} -eq 0 ] && { echo 0; return; }
  cat "${files[@]}" 2>/dev/null | awk '/^Pss:/ { s += $2 } END { printf "%.1f\n", s / 1024 }'
}

# Threads summed over processes.
proc_threads() {
  local p
  for p in "$@"; do cat "/proc/$p/status" 2>/dev/null; done | awk '/^Threads:/ { s += $2 } END { print s + 0 }'
}

# Waits (bounded) until a TCP port accepts connections.
wait_port() {
  local port=$1 secs=$2 i
  for ((i = 0; i < secs * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
