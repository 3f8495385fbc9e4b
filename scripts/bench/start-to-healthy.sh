#!/usr/bin/env bash
# Measures how long the built distribution takes from bin/start until GET /api/health reports UP.
#   cold: a freshly unpacked archive (first start: features resolved, bundle cache filled)
#   warm: a restart of the same folder (bundle cache reused)
# Prints each run and the median of each kind. Uses loopback ports only.
#
#   scripts/bench/start-to-healthy.sh [runs]     (default 5; build the distribution first)
set -euo pipefail

cd "$(dirname "$0")/../.."
runs=${1:-5}
archive=$(ls karaf-dist/target/pixelcraft-karaf-dist-*.tar.gz)
port=${PIXELCRAFT_BENCH_PORT:-18281}
work=$(mktemp -d /tmp/pixelcraft-bench.XXXXXX)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}

now() { date +%s.%N; }

unpack() {
  rm -rf "$work/dist" && mkdir -p "$work/dist"
  tar -xzf "$archive" -C "$work/dist" --strip-components=1
  sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $port/" "$work/dist/etc/custom.properties"
}

start_and_time() {
  local begin
  begin=$(now)
  "$work/dist/bin/start"
  until curl -fsS "http://127.0.0.1:$port/api/health" 2>/dev/null | grep -q '"status":"UP"'; do
    sleep 0.1
  done
  awk -v end="$(now)" -v begin="$begin" 'BEGIN { printf "%.1f\n", end - begin }'
}

stop_and_wait() {
  local pid
  pid=$(sed -n 's/^item.0.pid = //p' "$work/dist/instances/instance.properties")
  "$work/dist/bin/stop"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  echo "start-to-healthy.sh: port $port already answers; stop that server or set PIXELCRAFT_BENCH_PORT" >&2
  exit 1
fi

cold=() warm=()
for i in $(seq 1 "$runs"); do
  unpack
  cold+=("$(start_and_time)")
  stop_and_wait
  warm+=("$(start_and_time)")
  stop_and_wait
  echo "run $i: cold ${cold[-1]} s, warm ${warm[-1]} s"
done
echo "median cold: $(printf '%s\n' "${cold[@]}" | median) s"
echo "median warm: $(printf '%s\n' "${warm[@]}" | median) s"
rm -rf "$work"
