#!/usr/bin/env bash
# Runs every test: unit and in-JVM tests (surefire, `test` phase), then `package` builds the
# distribution, then the system tests run real server processes from it with a real RTSP test
# camera, and the web client in headless Chromium (failsafe, `integration-test`). Installs the
# Debian packages the test camera and the browser tests need when they are missing.
# -DskipSystemTests runs the first part only. No test can hang the run: JUnit's default timeout
# (src/test/resources/junit-platform.properties) and the forks' timeouts (pom.xml).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad gstreamer1.0-x chromium chromium-driver iproute2)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test packages: ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

exec mvn -B verify "$@"
