# Sourced by the browser benches (explorer-open.sh, view-open.sh): builds bench/LatentDash.ExplorerBench, then per round
# starts the dashboard (a built LatentDash.Web.dll) on its own index and cache over the given experiments and data,
# waits until it is ready, runs the bench with the given arguments ("{base}" in them becomes the dashboard's address),
# and stops the dashboard. SERVER_CPUS / BROWSER_CPUS (taskset CPU lists, e.g. 0 and 1) pin the dashboard and the
# bench's browser to separate cores, as when the browser runs on another machine than the dashboard. SETTLE=<seconds>
# waits that long after the dashboard is ready before the bench starts (a person opens the page a moment after the
# start, by which time the dashboard's warm-up has run). SERVER_LOG=<file> appends the dashboard's model loads to it.
# The dashboard starts as run.sh starts it, through build/with-allocator.sh (LATENTDASH_ALLOCATOR=glibc for glibc's).
# Usage: browser_rounds <LatentDash.Web.dll> <experiments> <data root> <port> <rounds> <bench arguments…>
browser_rounds() {
  local dll=$1 experiments=$2 data=$3 port=$4 rounds=$5
  shift 5
  export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296"
  dotnet build -c Release bench/LatentDash.ExplorerBench -v quiet -nologo >/dev/null
  local bench=bench/LatentDash.ExplorerBench/bin/Release/net10.0/LatentDash.ExplorerBench.dll
  local state web round
  local server=() client=()
  if [ -n "${SERVER_CPUS:-}" ]; then server=(taskset -c "$SERVER_CPUS"); fi
  if [ -n "${BROWSER_CPUS:-}" ]; then client=(taskset -c "$BROWSER_CPUS"); fi
  state=$(mktemp -d)
  for round in $(seq "$rounds"); do
    Storage__ExperimentsRoot="$experiments" Storage__DataRoot="$data" Storage__DatabasePath="$state/index-$round.db" \
      Storage__CacheRoot="$state/cache-$round" "${server[@]}" bash build/with-allocator.sh dotnet "$dll" --urls "http://127.0.0.1:$port" >"$state/web.log" 2>&1 &
    web=$!
    until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.5; done
    sleep "${SETTLE:-0}"
    echo "== round $round ($dll)"
    "${client[@]}" dotnet "$bench" "${@//\{base\}/http://127.0.0.1:$port}"
    kill "$web"; wait "$web" 2>/dev/null
    # The dashboard's own account of the round (e.g. "Loaded <model> for exploring in N ms").
    if [ -n "${SERVER_LOG:-}" ]; then grep -h "for exploring" -A0 "$state/web.log" | sed 's/^ *//' >>"$SERVER_LOG" || true; fi
  done
  rm -rf "$state"
}
