#!/usr/bin/env bash
# Stops the servers started by scripts/start-cluster.sh (SIGTERM: clean shutdown).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for f in data/server-*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "stopped $(basename "$f" .pid)"
  fi
  rm -f "$f"
done
