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
source bench/browser-rounds.sh
browser_rounds "$dll" "$experiments" "$data" 5099 "$rounds" "{base}$view" --view-opens "$opens" --selector "$selector"
