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
source bench/browser-rounds.sh
browser_rounds "$dll" "$experiments" "$data" 5098 "$rounds" \
  "{base}/?run=${model%%/*}&model=${model#*/}" --opens "$opens" --points "$points"
