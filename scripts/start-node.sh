#!/usr/bin/env bash
# Starts one Argus server in the foreground. Ctrl-C or SIGTERM stops it cleanly.
# Builds what is missing first (needs only JDK 17 and Maven). Run with --help for the flags.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

usage() {
  cat <<'USAGE'
Usage: scripts/start-node.sh [flags]
Every flag has an environment variable twin; flags win over the environment, which wins over
conf/application.conf.

  --http-port N         HTTP API and web client port            ARGUS_HTTP_PORT     (7001)
  --cluster-port N      Pekko cluster (remoting) port           ARGUS_CLUSTER_PORT  (7002)
  --host ADDR           address to bind and advertise           ARGUS_HOST          (127.0.0.1)
  --seeds h:p,h:p       cluster ports of servers to join        ARGUS_SEEDS         (itself: new System)
  --data DIR            this server's data folder               ARGUS_DATA          (data/<name>)
  --name NAME           this server's name                      ARGUS_NAME          (<host>-<http port>)
  --admin-password PW   admin password for a new System         ARGUS_ADMIN_PASSWORD (generated, printed once)
  --max-cameras N       cameras this server may record          ARGUS_MAX_CAMERAS   (64)
  --chunk-duration D    length of one chunk file, e.g. 60s      ARGUS_CHUNK_DURATION (60s)
  --discovery-port N    UDP port of the LAN beacon              ARGUS_DISCOVERY_PORT (7010)
  --no-discovery        do not announce or look for Systems on the LAN  ARGUS_DISCOVERY=false
  --join-url URL[,URL]  first start in an existing System: HTTP URL of one of its servers, to
                        receive the System's cluster key (and its servers as seeds when --seeds
                        is not given) with an administrator's password  ARGUS_JOIN_URL
  --join-user NAME      administrator to join as                ARGUS_JOIN_USER     (admin)
  --join-password PW    that administrator's password           ARGUS_JOIN_PASSWORD (--admin-password)
  --no-cluster-tls      plain TCP on the cluster port (a new System, or one created with it);
                        default: TLS with the System's own key  ARGUS_CLUSTER_TLS=false
  --no-demo             no built-in demo:// camera in a new System  ARGUS_DEMO=false
  --config FILE         another HOCON file layered over conf/application.conf
  --build-only          build if needed, then exit
  --help                this text
USAGE
}

extra_config=""
build_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --http-port) export ARGUS_HTTP_PORT="$2"; shift 2 ;;
    --cluster-port) export ARGUS_CLUSTER_PORT="$2"; shift 2 ;;
    --host) export ARGUS_HOST="$2"; shift 2 ;;
    --seeds) export ARGUS_SEEDS="$2"; shift 2 ;;
    --data) export ARGUS_DATA="$2"; shift 2 ;;
    --name) export ARGUS_NAME="$2"; shift 2 ;;
    --admin-password) export ARGUS_ADMIN_PASSWORD="$2"; shift 2 ;;
    --max-cameras) export ARGUS_MAX_CAMERAS="$2"; shift 2 ;;
    --chunk-duration) export ARGUS_CHUNK_DURATION="$2"; shift 2 ;;
    --no-demo) export ARGUS_DEMO=false; shift ;;
    --discovery-port) export ARGUS_DISCOVERY_PORT="$2"; shift 2 ;;
    --no-discovery) export ARGUS_DISCOVERY=false; shift ;;
    --cluster-tls) export ARGUS_CLUSTER_TLS=true; shift ;;
    --no-cluster-tls) export ARGUS_CLUSTER_TLS=false; shift ;;
    --join-url) export ARGUS_JOIN_URL="$2"; shift 2 ;;
    --join-user) export ARGUS_JOIN_USER="$2"; shift 2 ;;
    --join-password) export ARGUS_JOIN_PASSWORD="$2"; shift 2 ;;
    --config) extra_config="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "unknown flag: $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Build when classes are missing or older than the sources or the pom. (ARGUS_CLASSPATH, set by
# the system tests, names an already built classpath instead.)
stamp=target/classpath.txt
if [ -z "${ARGUS_CLASSPATH:-}" ]; then
  if [ ! -f "$stamp" ] || [ -n "$(find src/main conf pom.xml -newer "$stamp" -print -quit)" ]; then
    echo "Building Argus (first start or sources changed)..." >&2
    mvn -q -B -DskipTests compile dependency:build-classpath -Dmdep.outputFile="$stamp" >&2
    touch "$stamp"
  fi
  ARGUS_CLASSPATH="target/classes:$(cat "$stamp")"
fi
[ "$build_only" = 1 ] && exit 0

java_opts=(
  -Dconfig.file="$here/conf/application.conf"
  # LMDB (the System database's durable store) needs these on Java 17.
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -XX:+UseG1GC -XX:MaxRAMPercentage=25
)
[ -n "$extra_config" ] && java_opts+=(-Dargus.extra-config="$extra_config")

exec java "${java_opts[@]}" ${JAVA_OPTS:-} -cp "$ARGUS_CLASSPATH" io.argusvms.node.Main
