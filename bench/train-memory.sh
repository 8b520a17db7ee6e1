#!/usr/bin/env bash
# The dashboard's resident memory around one training job: starts the built dashboard of this checkout (or of the
# checkout given as --root) on a free port with a temporary experiments folder and LiteDB file and the real
# Fashion-MNIST under data/, queues one branched model (1 epoch, batch --batch, default 256) through POST
# /api/trainings, and prints VmRSS before the job, at its peak, and --settle seconds (default 15) after it finished.
# Starts it as run.sh does (build/with-allocator.sh: mimalloc, LATENTDASH_ALLOCATOR=glibc for glibc with its tunables);
# the job at nice 0 (memory does not depend on it; a shared machine finishes sooner).
# Build first: dotnet build -c Release src/LatentDash.Web
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"; batch=256; settle=15
allocator="$root/build/with-allocator.sh" # this checkout's: the dashboard starts as run.sh starts it
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$(cd "$2" && pwd)"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296"
work="$(mktemp -d)"; port=$(( 20000 + RANDOM % 20000 )); url="http://127.0.0.1:$port"
rss() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
cd "$root"
Queue__TrainingNiceness=0 Storage__ExperimentsRoot="$work/experiments" Storage__DatabasePath="$work/latentdash.db" Storage__CacheRoot="$work/cache" Storage__DataRoot="$root/data" \
  bash "$allocator" dotnet src/LatentDash.Web/bin/Release/net10.0/LatentDash.Web.dll --urls "$url" > "$work/web.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do curl -sf "$url/readyz" > /dev/null 2>&1 && break; sleep 0.5; done
sleep 5
before=$(rss $pid)
body="{\"run\":\"memory\",\"dataset\":\"fashion\",\"architectures\":[\"branched\"],\"betas\":[4],\"latent_dims\":[4],\"epochs\":1,\"batch_size\":$batch,\"early_stopping\":false}"
id=$(curl -sf -H 'Content-Type: application/json' -d "$body" "$url/api/trainings" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
peak=$before; status=queued; started=$SECONDS
while [ "$status" = queued ] || [ "$status" = running ]; do
  sleep 1
  now=$(rss $pid); [ "$now" -gt "$peak" ] && peak=$now
  status=$(curl -sf "$url/api/trainings/$id" | grep -o '"status":"[^"]*"' | head -1 | cut -d'"' -f4 | tr 'A-Z' 'a-z')
done
seconds=$(( SECONDS - started ))
validation=$(curl -sf "$url/api/trainings/$id" | grep -o '"validation_loss":[^,]*' | head -1 || true)
sleep "$settle"
after=$(rss $pid)
echo "training $id: $status in ${seconds} s (batch $batch); dashboard RSS MB: before $before, peak $peak, ${settle} s after $after; $validation"
