#!/usr/bin/env bash
# Runs the same workload against the PixelCraft collaboration server (embedded Jetty 12, real
# engine, op log in mongo-java-server's H2 backend) and against Hocuspocus 2.x, one after the
# other on this machine, and writes one JSON line per run to results/<timestamp>.jsonl.
#
# Usage: benchmarks-collab/run.sh [editors per room] [rooms...]
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
module="$root/bundles/io.pixelcraft.collab"
java="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java"
clients=${1:-10}
shift || true
room_counts=("${@:-10 30 60}")
[ -d node_modules ] || npm install --no-audit --no-fund
(cd "$module" && "$root/mvnw" -B -o -q test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test)
classpath="$module/target/classes:$module/target/test-classes:$(cat "$module/target/bench-classpath.txt")"
mkdir -p results
out="results/$(date -u +%Y%m%dT%H%M%SZ).jsonl"

# Waits until a server logs that it listens, or fails when the server exits first.
await_listening() {
  local log=$1
  until grep -q listening "$log"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "server failed to start, see $log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

start_pixelcraft() {
  "$java" -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
      io.pixelcraft.collab.internal.BenchServer 18291 "$@" > results/pixelcraft-server.log 2>&1 &
  server_pid=$!
  await_listening results/pixelcraft-server.log
}

start_hocuspocus() {
  node hocuspocus-server.mjs 18290 > results/hocuspocus-server.log 2>&1 &
  server_pid=$!
  await_listening results/hocuspocus-server.log
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
}

for rooms in ${room_counts[@]}; do
  start_pixelcraft
  node harness.mjs --target pixelcraft --rooms "$rooms" --clients "$clients" --seconds 8 --warmup 4 | tee -a "$out"
  stop_server
  start_hocuspocus
  node harness.mjs --target hocuspocus --rooms "$rooms" --clients "$clients" --seconds 8 --warmup 4 | tee -a "$out"
  stop_server
done

# permessage-deflate: the server accepts it and the client offers it, at the smallest size.
start_pixelcraft deflate
node harness.mjs --target pixelcraft --rooms "${room_counts[0]}" --clients "$clients" --seconds 8 --warmup 4 --deflate | tee -a "$out"
stop_server
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out.txt"
echo "results in benchmarks-collab/$out"
