#!/usr/bin/env bash
# Two builds' training steps compared on a machine whose speed drifts: the per-phase profile of the branched VAE at
# batch 32 on one thread (LatentDash.Bench --profile --threads 1), the two checkouts run AT THE SAME TIME, one per
# core (taskset), the cores swapped every round, so both see the same load. Prints each round's phases and, at the
# end, the medians and the median of the paired ratios (after / before) per phase.
#   bash bench/train-paired.sh BEFORE_CHECKOUT AFTER_CHECKOUT [ROUNDS, default 8]
# Build the bench in both first: dotnet build -c Release bench/LatentDash.Bench (each checkout needs data/ with the
# real Fashion-MNIST, or the bench falls back to what it finds there).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_CHECKOUT AFTER_CHECKOUT [ROUNDS]" >&2; exit 2; }
before="$(cd "$1" && pwd)"; after="$(cd "$2" && pwd)"; rounds="${3:-8}"
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
phases="data zero-grad encoder head decoder loss backward to-host optimizer total"
# The ten figures of --profile (ms per step), in the order of $phases, on one line.
profile() {
  (cd "$1" && taskset -c "$2" dotnet bench/LatentDash.Bench/bin/Release/net10.0/LatentDash.Bench.dll \
      --train-only --architectures branched --batches 32 --repeats 1 --threads 1 --profile 2>&1) |
    tail -n 10 | awk '{ printf "%s ", ($NF == "images/s)") ? $(NF - 2) : $NF } END { print "" }'
}
echo "phases: $phases"
for r in $(seq 1 "$rounds"); do
  c=$((r % 2)); o=$((1 - c))
  profile "$before" "$c" > "$work/b" & profile "$after" "$o" > "$work/a"; wait
  echo "round $r before (cpu $c): $(cat "$work/b")"; echo "round $r after  (cpu $o): $(cat "$work/a")"
  cat "$work/b" >> "$work/before"; cat "$work/a" >> "$work/after"
done
paste -d' ' "$work/before" "$work/after" | awk -v names="$phases" '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { for (k = 1; k <= 10; k++) { b[k, NR] = $k; a[k, NR] = $(k + 10) } }
  END {
    split(names, name, " ")
    printf "%-10s %10s %10s %14s\n", "phase", "before ms", "after ms", "paired ratio"
    for (k = 1; k <= 10; k++) {
      for (i = 1; i <= NR; i++) { x[i] = b[k, i]; y[i] = a[k, i]; q[i] = b[k, i] > 0 ? a[k, i] / b[k, i] : 1 }
      mb = median(x, NR); ma = median(y, NR); mq = median(q, NR)
      printf "%-10s %10.3f %10.3f %14.3f\n", name[k], mb, ma, mq
    }
  }'
