#!/usr/bin/env bash
# How responsive the explorer stays while a queued model trains in the same process: slider -> new image latency in
# headless Chromium (bench/LatentDash.ExplorerBench, 200 steps) with no training, then with a branched VAE training on
# Fashion-MNIST at nice 10 (the default, Queue:TrainingNiceness) and at nice 0, alternating. Needs a built dashboard
# (bash run.sh once), at least one trained model (the explorer opens the first) and the fashion dataset under data/.
# Usage: bash bench/explorer-while-training.sh [rounds 2] [port 5097]
set -uo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}; port=${2:-5097}; url="http://127.0.0.1:$port"
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296"
dotnet build -c Release bench/LatentDash.ExplorerBench -v quiet -nologo >/dev/null
bench=bench/LatentDash.ExplorerBench/bin/Release/net10.0/LatentDash.ExplorerBench.dll

measure() {  # label, niceness, train (yes/no)
  Queue__TrainingNiceness=$2 bash build/with-allocator.sh dotnet src/LatentDash.Web/bin/Release/net10.0/LatentDash.Web.dll --urls "$url" >/dev/null 2>&1 &
  local web=$! id=""
  sleep 8
  if [ "$3" = yes ]; then
    id=$(curl -s -X POST "$url/api/trainings" -H 'Content-Type: application/json' \
      -d '{"run":"bench-while-training","dataset":"fashion","architectures":["branched"],"betas":[4],"latent_dims":[4],"epochs":5,"early_stopping":false}' \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["trainings"][0]["id"])')
    sleep 15 # past the dataset load, into steady training
  fi
  echo "== $1"
  dotnet "$bench" "$url" 200 2>&1 | grep -E "^(slider|marker)"
  if [ -n "$id" ]; then
    curl -s "$url/api/trainings/$id" | python3 -c 'import json,sys; p=json.load(sys.stdin)["progress"]; print("   training meanwhile: %.0f img/s" % p["images_per_second"])'
    curl -s -X POST "$url/api/trainings/$id/cancel" >/dev/null; sleep 2
  fi
  kill "$web"; wait "$web" 2>/dev/null
}

measure "no training" 10 no
for _ in $(seq "$rounds"); do
  measure "training at nice 10" 10 yes
  measure "training at nice 0" 0 yes
done
