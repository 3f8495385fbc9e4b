#!/usr/bin/env bash
# Thumbnail, memory and throughput benchmarks of the imaging bundle; prints Markdown tables.
#
# Usage: bench/imaging-bench.sh [BASE_URL]
#   Run from bundles/io.pixelcraft.imaging after `mvnw install` of the module. With BASE_URL (for
#   example http://127.0.0.1:18205) and PIXELCRAFT_COOKIES / PIXELCRAFT_CSRF set to a signed-in
#   session (curl cookie jar and the CSRF token), it also measures upload and download of a
#   50 MB image through a running PixelCraft.
#
# Installs libvips-tools and imagemagick with apt-get when vipsthumbnail or /usr/bin/convert is
# missing. PixelCraft runs warm, in one JVM (15 warm-up runs, then the median of RUNS);
# vipsthumbnail and ImageMagick are timed per process start, as a thumbnail job would run them.
set -euo pipefail

RUNS=${RUNS:-7}
WORK=${WORK:-/tmp/imaging-bench}
BASE_URL=${1:-}
MODULE_DIR=$(cd "$(dirname "$0")/.." && pwd)
REPO_DIR=$(cd "$MODULE_DIR/../.." && pwd)
CORPUS="$REPO_DIR/../shared/corpus"
JAVA=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
# The Debian binary, not any wrapper earlier on the PATH.
CONVERT=/usr/bin/convert

if ! command -v vipsthumbnail >/dev/null || [ ! -x "$CONVERT" ]; then
  apt-get install -y -q libvips-tools imagemagick >/dev/null
fi
mkdir -p "$WORK"

(cd "$REPO_DIR" && ./mvnw -B -o -q test-compile dependency:build-classpath \
    -f "$MODULE_DIR/pom.xml" -Dmdep.outputFile="$WORK/classpath.txt")
CLASSPATH="$MODULE_DIR/target/test-classes:$MODULE_DIR/target/classes:$(cat "$WORK/classpath.txt")"
bench() { "$JAVA" -cp "$CLASSPATH" "$@" io.pixelcraft.imaging.internal.ThumbnailBench; }
bench_run() { local heap=$1; shift; "$JAVA" -Xmx"$heap" -cp "$CLASSPATH" io.pixelcraft.imaging.internal.ThumbnailBench "$@"; }

[ -f "$WORK/12mp.jpg" ] || bench_run 2g generate "$WORK/12mp.jpg" 4000 3000
[ -f "$WORK/100mp.jpg" ] || bench_run 3g generate "$WORK/100mp.jpg" 12000 8334

FILES=("$CORPUS/exif-orientation-examples/Landscape_1.jpg" "$CORPUS/Pillow/junk_jpeg_header.jpg"
       "$CORPUS/Pillow/icc_profile_big.jpg" "$WORK/12mp.jpg" "$WORK/100mp.jpg")

# Median wall time in milliseconds of RUNS runs of a command.
median_ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

echo "## Thumbnails (256 px, JPEG), median of $RUNS runs, milliseconds"
echo
echo "| file | size | PixelCraft (warm) | vipsthumbnail | ImageMagick convert -thumbnail | vips / PixelCraft | ImageMagick / PixelCraft |"
echo "|---|---|---|---|---|---|---|"
declare -A OURS
while IFS=$'\t' read -r name ms; do OURS[$name]=$ms; done < <(bench_run 1g thumb "$RUNS" "${FILES[@]}")
for file in "${FILES[@]}"; do
  name=$(basename "$file")
  size=$(vipsheader -f width "$file")x$(vipsheader -f height "$file")
  vips=$(median_ms vipsthumbnail "$file" --size 256 -o "$WORK/vips-thumb.jpg[Q=88]")
  magick=$(median_ms "$CONVERT" "$file" -thumbnail 256x256 -quality 88 "$WORK/magick-thumb.jpg")
  ours=${OURS[$name]}
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$size" "$ours" "$vips" "$magick" \
    "$(awk -v a="$vips" -v b="$ours" 'BEGIN{printf "%.2f", a/b}')" \
    "$(awk -v a="$magick" -v b="$ours" 'BEGIN{printf "%.2f", a/b}')"
done

echo
echo "## ICC profile conversion: 256 px preview, median of $RUNS runs, milliseconds"
echo
bench_run 1g thumb-first "$RUNS" "$CORPUS/Pillow/icc_profile_big.jpg" | cut -f2 | sed 's/^/- PixelCraft, first seen: /'
bench_run 1g thumb-reader "$RUNS" "$CORPUS/Pillow/icc_profile_big.jpg" \
  | cut -f2 | sed 's/^/- PixelCraft without the cache (TwelveMonkeys converts on every read): /'
# convert -thumbnail above drops the profile without converting, but this run converts like PixelCraft.
SRGB_ICC=/usr/share/color/icc/ghostscript/srgb.icc
if [ -f "$SRGB_ICC" ]; then
  echo "- ImageMagick with the conversion to sRGB: $(median_ms "$CONVERT" "$CORPUS/Pillow/icc_profile_big.jpg" \
      -profile "$SRGB_ICC" -thumbnail 256x256 -quality 88 "$WORK/magick-icc.jpg")"
fi

echo
echo "## Peak heap while making the 256 px preview of the 100 MP JPEG"
echo
for heap in 256m 128m 64m; do
  if result=$(bench_run "$heap" peak "$WORK/100mp.jpg" 2>&1); then
    echo "- -Xmx$heap: succeeded, $(echo "$result" | cut -f2) MiB peak heap used"
  else
    echo "- -Xmx$heap: failed ($(echo "$result" | grep -m1 -oE 'OutOfMemoryError[^\n]*' || echo error))"
  fi
done

echo
echo "## Disk and HTTP throughput, 50 MB"
echo
dd if=/dev/zero of="$WORK/dd.bin" bs=1M count=50 conv=fdatasync 2>&1 | tail -1 | sed 's/^/- raw disk write (dd, fdatasync): /'
rm -f "$WORK/dd.bin"
if [ -n "$BASE_URL" ]; then
  # A fresh incompressible PNG each run, so the upload never hits the deduplication.
  bench_run 2g png-noise "$WORK/noise.png" 4080 4080
  bytes=$(stat -c %s "$WORK/noise.png")
  # --fail: an error response must stop the script, not be timed as a transfer.
  up=$(curl -s --fail -o "$WORK/upload.json" -w '%{time_total}' -b "$PIXELCRAFT_COOKIES" \
      -H "X-CSRF-Token: $PIXELCRAFT_CSRF" -H 'Content-Type: image/png' --data-binary @"$WORK/noise.png" \
      "$BASE_URL/api/images")
  id=$(sed -E 's/.*"id":"([0-9a-f]+)".*/\1/' "$WORK/upload.json")
  down=$(curl -s --fail -o "$WORK/download.png" -w '%{time_total}' -b "$PIXELCRAFT_COOKIES" "$BASE_URL/images/$id")
  cmp -s "$WORK/download.png" "$WORK/noise.png" || { echo "downloaded bytes differ from the upload" >&2; exit 1; }
  awk -v b="$bytes" -v t="$up" 'BEGIN{printf "- upload of a %d-byte PNG (detect, validate, store in GridFS): %.2f s, %.1f MB/s\n", b, t, b/t/1e6}'
  awk -v b="$bytes" -v t="$down" 'BEGIN{printf "- download of the same image from GridFS: %.2f s, %.1f MB/s\n", t, b/t/1e6}'
fi
