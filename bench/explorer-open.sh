#!/usr/bin/env bash
# Where the time goes between navigation and the drawn splom: starts the dashboard (a built LatentDash.Web.dll) on a
# given experiments folder, opens a model's explorer URL in fresh browser contexts (bench/LatentDash.ExplorerBench
# --opens: the first open loads the model cold, the next ones find it in the model cache), stops the dashboard, and
# repeats. Pass another build's dll to compare two commits in one sitting (alternate them).
# (Web__MaxPoints=5000 in the environment draws fewer.)
# COLD_MODEL=1: each round serves a fresh copy of the model's run without its analysis/ folders, so the first open also
# encodes the validation images and fits the PCA (no latents cached on disk). WARM_WITH=<another model of that run>: the
# bench opens that one first, untimed, so the first timed open finds the process warm and only the model cold
# (WARM_OPENS=2: twice, so that with RETURNING=1 the browser has compiled plotly.js's code and kept it).
# RETURNING=1: all opens of a round in fresh pages of one browser profile on disk (a returning user: after the first,
# plotly.js and the page's scripts come from the browser's caches, compiled code included); with WARM_WITH, the timed
# opens all find the browser warm.
# PROFILE_DIR=<dir>: the opens use that browser profile and keep it, so that a later run finds the browser's caches as a
# returning user does after the dashboard restarted (fill it first with a run of two opens).
# CPU_PROFILE=1: each open also prints where the page's main thread spent its time (V8's sampling profiler): per script,
# and the functions with the most self time.
# Usage: bash bench/explorer-open.sh <LatentDash.Web.dll> <experiments> <data root> <run/model> [points 10000] [rounds 2] [opens 3]
set -uo pipefail
cd "$(dirname "$0")/.."
dll=$1; experiments=$2; data=$3; model=$4; points=${5:-10000}; rounds=${6:-2}; opens=${7:-3}
source bench/browser-rounds.sh
run=${model%%/*}
warm=()
if [ -n "${WARM_WITH:-}" ]; then warm=(--warm-first "{base}/?run=$run&model=$WARM_WITH" --warm-opens "${WARM_OPENS:-1}"); fi
if [ "${RETURNING:-0}" = 1 ]; then warm+=(--returning); fi
if [ -n "${PROFILE_DIR:-}" ]; then warm+=(--profile-dir "$PROFILE_DIR"); fi
if [ "${CPU_PROFILE:-0}" = 1 ]; then warm+=(--cpu-profile); fi
if [ "${COLD_MODEL:-0}" = 1 ]; then
  for round in $(seq "$rounds"); do
    copy=$(mktemp -d)
    cp -r "$experiments/$run" "$copy/$run"
    find "$copy/$run" -mindepth 2 -maxdepth 2 -type d -name analysis -exec rm -rf {} +
    browser_rounds "$dll" "$copy" "$data" 5098 1 "{base}/?run=$run&model=${model#*/}" --opens "$opens" --points "$points" "${warm[@]}"
    rm -rf "$copy"
  done
else
  browser_rounds "$dll" "$experiments" "$data" 5098 "$rounds" \
    "{base}/?run=$run&model=${model#*/}" --opens "$opens" --points "$points" "${warm[@]}"
fi
