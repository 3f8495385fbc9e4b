#!/usr/bin/env bash
# Runs the two-person end-to-end scenario against a private copy of the built distribution.
#
#   e2e/run.sh        after ./mvnw -B install (builds nothing itself)
#
# Copies karaf-dist/target/assembly (or E2E_ASSEMBLY) to e2e/target/dist, gives the copy its own ports
# (PIXELCRAFT_HTTP_PORT, default 18381; E2E_SSH_PORT 18382; E2E_RMI_REGISTRY_PORT 18383;
# E2E_RMI_SERVER_PORT 18384), starts it, waits for GET /api/health/ready to report UP, runs
# scenario.test.mjs with Node's test runner and stops the copy by its PID whatever the result.
# Screenshots go to e2e/target/screenshots/. Exits non-zero when a step fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
assembly=${E2E_ASSEMBLY:-$root/karaf-dist/target/assembly}
dist=$here/target/dist
http_port=${PIXELCRAFT_HTTP_PORT:-18381}
ssh_port=${E2E_SSH_PORT:-18382}
rmi_registry_port=${E2E_RMI_REGISTRY_PORT:-18383}
rmi_server_port=${E2E_RMI_SERVER_PORT:-18384}
start_timeout_seconds=${PIXELCRAFT_START_TIMEOUT:-120}
stop_timeout_seconds=60

if [[ ! -x $assembly/bin/start ]]; then
  echo "e2e/run.sh: $assembly is missing; build it with ./mvnw -B install first" >&2
  exit 1
fi
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}

"$root/web-client/install-chromium.sh"
if [[ ! -d $here/node_modules/playwright-core ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

if [[ -f $dist/instances/instance.properties ]] && "$dist/bin/status" >/dev/null 2>&1; then
  echo "e2e/run.sh: a copy is still running in $dist; stop it with $dist/bin/stop" >&2
  exit 1
fi
rm -rf "$dist" "$here/target/screenshots"
mkdir -p "$dist" "$here/target/screenshots"
cp -r "$assembly/." "$dist/"
# The same port rewrites as the integration tests' DistributionProcess.
sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $http_port/" "$dist/etc/custom.properties"
sed -i "s/^sshPort = .*/sshPort = $ssh_port/" "$dist/etc/org.apache.karaf.shell.cfg"
sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $rmi_registry_port/; s/^rmiServerPort = .*/rmiServerPort = $rmi_server_port/" \
  "$dist/etc/org.apache.karaf.management.cfg"
# Share links carry the public address, which defaults to port 8181.
echo "publicBaseUrl = http://127.0.0.1:$http_port" >"$dist/etc/io.pixelcraft.share.cfg"

karaf_pid() {
  sed -n 's/^item\.0\.pid *= *//p' "$dist/instances/instance.properties" 2>/dev/null | tr -d '[:space:]'
}

stop_dist() {
  local pid
  pid=$(karaf_pid)
  "$dist/bin/stop" >/dev/null 2>&1 || true
  if [[ -n $pid ]]; then
    for _ in $(seq 1 $((stop_timeout_seconds * 4))); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 0.25
    done
    echo "e2e/run.sh: Karaf (PID $pid) did not stop within ${stop_timeout_seconds}s; killing it" >&2
    kill -9 "$pid" 2>/dev/null || true
  fi
}
trap stop_dist EXIT

started=$(date +%s)
"$dist/bin/start"
until curl -fsS "http://127.0.0.1:$http_port/api/health/ready" 2>/dev/null | grep -q '"status":"UP"'; do
  if (( $(date +%s) - started > start_timeout_seconds )); then
    echo "e2e/run.sh: the distribution did not report UP within ${start_timeout_seconds}s; end of karaf.log:" >&2
    tail -50 "$dist/data/log/karaf.log" >&2 || true
    exit 1
  fi
  sleep 0.5
done
echo "e2e/run.sh: distribution UP on port $http_port after $(( $(date +%s) - started ))s (PID $(karaf_pid))"

cd "$here"
PIXELCRAFT_URL="http://127.0.0.1:$http_port" \
  PIXELCRAFT_HOME="$dist" \
  PIXELCRAFT_SSH_PORT="$ssh_port" \
  node --test --test-concurrency=1 --test-timeout=280000 scenario.test.mjs
