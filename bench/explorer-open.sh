#!/usr/bin/env bash
# Where the time goes between navigation and the drawn splom: starts the dashboard (a built LatentDash.Web.dll) on a
# given experiments folder, opens a model's explorer URL in fresh browser contexts (bench/LatentDash.ExplorerBench
# --opens: the first open loads the model cold, the next ones find it in the model cache), stops the dashboard, and
# repeats. Pass another build's dll to compare two commits in one sitting (alternate them).
# (Web__MaxPoints=5000 in the environment draws fewer.)
# Usage: bash bench/explorer-open.sh <LatentDash.Web.dll> <experiments> <data root> <run/model> [points 10000] [rounds 2] [opens 3]
set -uo pipefail
cd "$(dirname "$0")/.."
dll=$1; experiments=$2; data=$3; model=$4; points=${5:-10000}; rounds=${6:-2}; opens=${7:-3}
port=5098; url="http://127.0.0.1:$port/?run=${model%%/*}&model=${model#*/}"
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296"
dotnet build -c Release bench/LatentDash.ExplorerBench -v quiet -nologo >/dev/null
bench=bench/LatentDash.ExplorerBench/bin/Release/net10.0/LatentDash.ExplorerBench.dll
state=$(mktemp -d)
for round in $(seq "$rounds"); do
  Storage__ExperimentsRoot="$experiments" Storage__DataRoot="$data" Storage__DatabasePath="$state/index-$round.db" \
    Storage__CacheRoot="$state/cache-$round" dotnet "$dll" --urls "http://127.0.0.1:$port" >"$state/web.log" 2>&1 &
  web=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.5; done
  echo "== round $round ($dll)"
  dotnet "$bench" "$url" --opens "$opens" --points "$points"
  kill "$web"; wait "$web" 2>/dev/null
done
rm -rf "$state"
