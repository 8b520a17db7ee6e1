#!/usr/bin/env bash
# How long a view takes to open: starts the dashboard (a built LatentDash.Web.dll) on a given experiments folder, opens
# the view's address in fresh pages of one browser context (bench/LatentDash.ExplorerBench --view-opens: the first with a
# cold browser cache, the next warm) until the selector shows, stops the dashboard, and repeats. Pass another build's dll
# to compare two commits in one sitting (alternate them).
# Usage: bash bench/view-open.sh <LatentDash.Web.dll> <experiments> <data root> '<path?query>' '<selector>' [rounds 3] [opens 6]
# e.g.   bash bench/view-open.sh src/LatentDash.Web/bin/Release/net10.0/LatentDash.Web.dll experiments data \
#          '/curves?dataset=fashion&run=demo&model=<model>' '#curve-kl .main-svg'
set -uo pipefail
cd "$(dirname "$0")/.."
dll=$1; experiments=$2; data=$3; view=$4; selector=$5; rounds=${6:-3}; opens=${7:-6}
port=5099
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
  dotnet "$bench" "http://127.0.0.1:$port$view" --view-opens "$opens" --selector "$selector"
  kill "$web"; wait "$web" 2>/dev/null
done
rm -rf "$state"
