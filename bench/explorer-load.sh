#!/usr/bin/env bash
# Load on the explorer while a model trains: N explorer sessions (default 20) spread over M models (default 10), each
# opened on a model + sample URL and stepping its first slider at 10 Hz for 60 s, while one model trains in the same
# dashboard. Prints p50/p95/p99 slider -> image latency, the steps sent per session per second, errors, the dashboard's
# RSS before / peak / after, its CPU and the machine's load average during the drive, and the training's throughput
# alone and meanwhile (bench/LatentDash.LoadBench). Two phases, each on a freshly started dashboard: sessions that speak
# the Blazor Server protocol themselves (no browser: the server's figure; --driver browser uses Chromium pages with
# plotly.js stubbed instead), then fewer Chromium pages with the real splom drawn (the browser's figure).
# Everything lives in a temporary folder (experiments, LiteDB, a copy of the committed MNIST fixture, cache): the M
# models are trained there first with the CLI (1 epoch each, no network), and the folder is removed at the end unless
# --dir names one to keep and reuse.
# Usage: bash bench/explorer-load.sh [--sessions 20] [--models 10] [--seconds 60] [--driver protocol|browser]
#        [--real-pages 5 (0: skip)] [--cache-size N (Web:ModelCacheSize, default the dashboard's; --models to hold all)]
#        [--dataset-dir PATH (a dataset folder, manifest + IDX files, instead of the MNIST fixture)] [--dir PATH]
#        [--no-training (no model trains meanwhile: the server CPU per step is then the steps' own)]
set -uo pipefail
cd "$(dirname "$0")/.."
sessions=20; models=10; seconds=60; driver=protocol; real_pages=5; cache_size=""; dir=""; dataset_dir=""; training=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --sessions|--pages) sessions=$2; shift 2 ;;
    --driver) driver=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --real-pages) real_pages=$2; shift 2 ;;
    --cache-size) cache_size=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --dataset-dir) dataset_dir=$2; shift 2 ;;
    --no-training) training=no; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ "$models" -lt 1 ] || [ "$models" -gt 20 ]; then echo "--models must be in 1..20" >&2; exit 2; fi

# Exception details in the error messages the sessions collect (a bench dashboard, not a public one).
export DetailedErrors=true
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296"
web_dll=src/LatentDash.Web/bin/Release/net10.0/LatentDash.Web.dll
cli_dll=src/LatentDash.Jobs/bin/Release/net10.0/latentdash.dll
bench_dll=bench/LatentDash.LoadBench/bin/Release/net10.0/LatentDash.LoadBench.dll
[ -f "$web_dll" ] || dotnet build -c Release src/LatentDash.Web -v quiet -nologo >/dev/null || exit 1
dotnet build -c Release bench/LatentDash.LoadBench -v quiet -nologo >/dev/null || exit 1

keep=yes
if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/latentdash-load.XXXXXX); keep=no; fi
mkdir -p "$dir/data" "$dir/experiments" "$dir/cache"
dir=$(cd "$dir" && pwd)
# The committed MNIST fixture (200 validation images per latent space) unless --dataset-dir names a folder to copy.
dataset_dir=${dataset_dir:-tests/fixtures/data/mnist}
dataset=$(basename "$dataset_dir")
[ -d "$dir/data/$dataset" ] || cp -r "$dataset_dir" "$dir/data/"
export Storage__DataRoot="$dir/data" Storage__ExperimentsRoot="$dir/experiments" Storage__DatabasePath="$dir/latentdash.db" Storage__CacheRoot="$dir/cache"
[ -n "$cache_size" ] && export Web__ModelCacheSize="$cache_size"

web=""
cleanup() {
  if [ -n "$web" ] && kill -0 "$web" 2>/dev/null; then
    kill "$web"; for _ in $(seq 20); do kill -0 "$web" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$web" 2>/dev/null; wait "$web" 2>/dev/null
  fi
  web=""
}
trap 'cleanup; [ "$keep" = no ] && rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

complete_models() { for m in "$dir"/experiments/load/*/; do [ -f "$m/summary.json" ] && basename "$m"; done 2>/dev/null | sort | head -n "$models"; }

# M small models, once: beta-vae and branched at latent dims 2 and 4, as many betas as it takes.
if [ "$(complete_models | wc -l)" -lt "$models" ]; then
  betas=$(echo 1 2 4 8 16 | cut -d' ' -f1-$(( (models + 3) / 4 )) | tr ' ' ,)
  start=$(date +%s)
  dotnet "$cli_dll" sweep --run load --dataset "$dataset" --architecture beta-vae,branched --beta "$betas" --latent-dim 2,4 \
    --epochs 1 --batch-size 64 >"$dir/sweep.log" 2>&1 || { echo "training the models failed: see $dir/sweep.log" >&2; keep=yes; exit 1; }
  echo "trained $(find "$dir/experiments/load" -name summary.json | wc -l) model(s) on $dataset in $(( $(date +%s) - start )) s; $models used"
fi
model_list=$(complete_models | sed 's|^|load/|' | paste -sd, -)

phase() {  # label, pages, extra bench arguments…
  local label=$1 n=$2; shift 2
  local port url id
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  url="http://127.0.0.1:$port"
  bash build/with-allocator.sh dotnet "$web_dll" --urls "$url" >"$dir/dashboard-$label.log" 2>&1 &
  web=$!
  for _ in $(seq 120); do curl -sf -o /dev/null "$url/" && break; sleep 0.5; done
  local training_args=()
  if [ "$training" = yes ]; then
    id=$(curl -s -X POST "$url/api/trainings" -H 'Content-Type: application/json' \
      -d '{"run":"load-training","dataset":"'"$dataset"'","architectures":["branched"],"betas":[4],"latent_dims":[4],"epochs":500,"early_stopping":false}' \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["trainings"][0]["id"])') || { echo "could not queue the training" >&2; cleanup; return 1; }
    for _ in $(seq 60); do  # into steady training
      curl -s "$url/api/trainings/$id" | python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(0 if r["status"]=="running" and (r.get("progress") or {}).get("images_per_second",0)>0 else 1)' && break
      sleep 1
    done
    training_args=(--training "$id")
  fi
  echo "== $label (training: $training, dashboard pid $web, cache size ${cache_size:-default}, models: $(echo "$model_list" | tr , '\n' | wc -l); load average $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet "$bench_dll" --url "$url" --sessions "$n" --models "$model_list" --dataset "$dataset" --seconds "$seconds" \
    --server-pid "$web" "${training_args[@]}" "$@"
  [ "$training" = yes ] && curl -s -o /dev/null -X POST "$url/api/trainings/$id/cancel"
  cleanup
}

phase "$driver" "$sessions" --driver "$driver"
if [ "$real_pages" -gt 0 ]; then phase "real-splom" "$real_pages" --driver browser --real-splom; fi
