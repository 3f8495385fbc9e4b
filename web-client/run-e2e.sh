#!/usr/bin/env bash
# Runs the editor's end-to-end tests against a private copy of the built distribution.
#
#   web-client/run-e2e.sh        after ./mvnw -B install (needs karaf-dist/target/assembly)
#
# Installs Debian's Chromium when it is missing and copies the assembly (E2E_ASSEMBLY, default
# karaf-dist/target/assembly) to a temporary folder with its own ports: E2E_HTTP_PORT (default
# 18281), E2E_SSH_PORT (18282), E2E_RMI_REGISTRY_PORT (18283) and E2E_RMI_SERVER_PORT (18284).
# Then it starts the copy, waits for GET /api/health to report UP (at most E2E_START_TIMEOUT
# seconds, default 240: one start on a busy 2-core machine took 101 s), runs `npm run e2e`, and
# stops the copy again whatever the result.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
assembly=${E2E_ASSEMBLY:-$root/karaf-dist/target/assembly}
http_port=${E2E_HTTP_PORT:-18281}
ssh_port=${E2E_SSH_PORT:-18282}
rmi_registry_port=${E2E_RMI_REGISTRY_PORT:-18283}
rmi_server_port=${E2E_RMI_SERVER_PORT:-18284}
start_timeout_seconds=${E2E_START_TIMEOUT:-240}

if [[ ! -x $assembly/bin/start ]]; then
  echo "run-e2e.sh: $assembly is missing; build it with ./mvnw -B install first" >&2
  exit 1
fi
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}

"$here/install-chromium.sh"
if [[ ! -d $here/node_modules/playwright-core ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

dist=$(mktemp -d /tmp/pixelcraft-e2e.XXXXXX)
cp -r "$assembly/." "$dist/"
sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $http_port/" "$dist/etc/custom.properties"
sed -i "s/^sshPort = .*/sshPort = $ssh_port/" "$dist/etc/org.apache.karaf.shell.cfg"
sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $rmi_registry_port/; s/^rmiServerPort = .*/rmiServerPort = $rmi_server_port/" \
  "$dist/etc/org.apache.karaf.management.cfg"

stop_dist() {
  "$dist/bin/stop" >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    "$dist/bin/status" >/dev/null 2>&1 || break
    sleep 1
  done
  # Karaf's shutdown can still write instance files for a moment after status reports it stopped.
  rm -rf "$dist" 2>/dev/null || { sleep 3; rm -rf "$dist" || true; }
}
trap stop_dist EXIT

"$dist/bin/start"
started=$(date +%s)
until curl -fsS "http://127.0.0.1:$http_port/api/health" 2>/dev/null | grep -q '"status":"UP"'; do
  if (( $(date +%s) - started > start_timeout_seconds )); then
    echo "run-e2e.sh: the distribution did not report UP within ${start_timeout_seconds}s; log:" >&2
    tail -50 "$dist/data/log/karaf.log" >&2 || true
    exit 1
  fi
  sleep 1
done
echo "run-e2e.sh: distribution UP on port $http_port after $(( $(date +%s) - started ))s"

cd "$here"
PIXELCRAFT_URL="http://127.0.0.1:$http_port" npm run e2e
