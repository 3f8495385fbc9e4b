#!/usr/bin/env bash
# Builds PixelCraft and starts the distribution in the background on the embedded store.
# Waits until GET /api/health/ready answers UP (the store and HTTP serve requests; a failing
# SMTP server does not hold the start back), then prints the address, the full health status
# and, on the first start, the generated console password (shown once).
#
#   ./run.sh            build (skipping tests) and start
#   ./run.sh --no-build start the distribution already built in karaf-dist/target/assembly
#   ./run.sh --stop     stop a running distribution
set -euo pipefail

cd "$(dirname "$0")"
dist=karaf-dist/target/assembly
port=${PIXELCRAFT_HTTP_PORT:-8181}
deadline_seconds=${PIXELCRAFT_START_TIMEOUT:-60}

pick_java17() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] \
      && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "17'; then
    return
  fi
  for candidate in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk* /usr/lib/jvm/temurin-17*; do
    if [[ -x "$candidate/bin/java" ]]; then
      export JAVA_HOME=$candidate
      return
    fi
  done
  echo "run.sh: Java 17 not found; install openjdk-17-jdk or set JAVA_HOME (Karaf 4.4 does not start on Java 25)" >&2
  exit 1
}

pick_java17

case "${1:-}" in
  --stop)
    "$dist/bin/stop"
    exit 0
    ;;
  --no-build) ;;
  "") ./mvnw -B -q install -DskipTests ;;
  *) echo "run.sh: unknown option '$1'; use --no-build or --stop" >&2; exit 2 ;;
esac

if "$dist/bin/status" >/dev/null 2>&1; then
  echo "PixelCraft is already running; stop it with ./run.sh --stop" >&2
  exit 1
fi

first_start=false
grep -q '^admin *=' "$dist/etc/users.properties" 2>/dev/null || first_start=true

started=$(date +%s)
"$dist/bin/start"
until curl -fsS "http://127.0.0.1:$port/api/health/ready" 2>/dev/null | grep -q '"status":"UP"'; do
  if (( $(date +%s) - started > deadline_seconds )); then
    echo "PixelCraft did not report UP within ${deadline_seconds}s; see $dist/data/log/karaf.log" >&2
    curl -sS "http://127.0.0.1:$port/api/health/ready" >&2 || true
    exit 1
  fi
  sleep 0.5
done

echo "PixelCraft is UP at http://127.0.0.1:$port/ after $(( $(date +%s) - started ))s"
echo "Health: $(curl -sS "http://127.0.0.1:$port/api/health")"
password_file=$dist/data/pixelcraft/initial-admin-password
if [[ $first_start == true ]]; then
  for _ in $(seq 1 50); do [[ -f $password_file ]] && break; sleep 0.2; done
fi
if [[ -f $password_file ]]; then
  echo "Console: $dist/bin/client -u admin   (first start: password $(cat "$password_file"); shown once)"
  rm -f "$password_file"
fi
echo "Stop with: ./run.sh --stop"
