#!/usr/bin/env bash
# Starts N servers of one System on this machine, in the background:
# server i (1..N) listens on HTTP 7001+10(i-1) and cluster port 7002+10(i-1), keeps its data in
# data/server-i/ and logs to data/server-i.log. Every server gets the whole seed list, so any of
# them can restart and rejoin the others. Stop them with scripts/stop-cluster.sh.
# Extra flags after N are passed to every server (e.g. --admin-password pw --no-demo). Without
# --admin-password one is generated and printed: servers 2..N join server-1 with it once, which
# hands them the System's cluster TLS key (see docs/ARCHITECTURE.md, "Adding a server").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
n="${1:-3}"; shift || true
case "$n" in (*[!0-9]*|'') echo "usage: scripts/start-cluster.sh N [flags for every server]" >&2; exit 2 ;; esac

seeds=""
for i in $(seq 1 "$n"); do seeds="${seeds:+$seeds,}127.0.0.1:$((7002 + 10 * (i - 1)))"; done

fresh=1
[ -d data/server-1 ] && fresh=0
password=""
prev=""
for a in "$@"; do [ "$prev" = "--admin-password" ] && password="$a"; prev="$a"; done
extra=()
if [ -z "$password" ]; then
  password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
  extra=(--admin-password "$password")
fi

# Build once up front, so the servers don't all build at the same time.
bash scripts/start-node.sh --build-only
mkdir -p data
for i in $(seq 1 "$n"); do
  http=$((7001 + 10 * (i - 1))); cluster=$((http + 1))
  join=()
  [ "$i" -gt 1 ] && join=(--join-url "http://127.0.0.1:7001")
  nohup bash scripts/start-node.sh --name "server-$i" --http-port "$http" --cluster-port "$cluster" \
    --data "data/server-$i" --seeds "$seeds" "${join[@]}" "${extra[@]}" "$@" > "data/server-$i.log" 2>&1 &
  echo $! > "data/server-$i.pid"
  echo "server-$i: http://127.0.0.1:$http  (cluster port $cluster, log data/server-$i.log)"
done
for i in $(seq 1 "$n"); do
  http=$((7001 + 10 * (i - 1)))
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$http/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$http/api/v1/health" >/dev/null 2>&1 || echo "server-$i did not answer yet; see data/server-$i.log" >&2
done
if [ "${#extra[@]}" -gt 0 ] && [ "$fresh" = 1 ]; then
  echo "System up. Log in as admin with the password: $password"
elif [ "${#extra[@]}" -gt 0 ]; then
  echo "System up (it existed before: the admin password is the one it was created with)."
else
  echo "System up. Log in as admin with the password you gave."
fi
