#!/usr/bin/env bash
# Starts one Argus server in the foreground from the distribution (target/argus-<version>/),
# building it first when it is missing or older than the sources (needs only JDK 17 and Maven).
# Ctrl-C or SIGTERM stops it cleanly. Every flag is the distribution's bin/argus flag: --help.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

build_only=0
args=()
for a in "$@"; do
  if [ "$a" = "--build-only" ]; then build_only=1; else args+=("$a"); fi
done

version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
dist="target/argus-$version"
stamp="$dist/VERSION"
if [ ! -f "$stamp" ] || [ -n "$(find src/main src/dist src/assembly conf pom.xml -newer "$stamp" -print -quit)" ]; then
  echo "Building the Argus distribution $dist (first start or sources changed)..." >&2
  mvn -q -B -DskipTests package >&2
  touch "$stamp"
fi
[ "$build_only" = 1 ] && exit 0

exec "$dist/bin/argus" ${args[@]+"${args[@]}"}
