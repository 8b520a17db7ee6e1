#!/usr/bin/env bash
# Runs a command (the dashboard, a training worker) with the memory allocator its training steps are fastest on:
# mimalloc where build/mimalloc.sh finds or fetches it (a step about 8 % shorter than on glibc's), else glibc's with
# the settings below (glibc returning freed memory to the system costs training about a fifth of its speed; under
# mimalloc they have no effect). LATENTDASH_ALLOCATOR=glibc keeps glibc's by choice.
#   bash build/with-allocator.sh dotnet src/LatentDash.Jobs/bin/Release/net10.0/latentdash.dll worker ...
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: bash build/with-allocator.sh <command> [arguments]" >&2; exit 2; }
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296}"
allocator="${LATENTDASH_ALLOCATOR:-mimalloc}"
case "$allocator" in
  mimalloc)
    if lib=$(bash "$(dirname "$0")/mimalloc.sh") && [ -n "$lib" ]; then
      export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
      echo "Memory allocator: mimalloc ($lib)" >&2
    else
      echo "Memory allocator: glibc (mimalloc could not be had here)" >&2
    fi ;;
  glibc) echo "Memory allocator: glibc (LATENTDASH_ALLOCATOR=glibc)" >&2 ;;
  *) echo "LATENTDASH_ALLOCATOR must be mimalloc or glibc, not '$allocator'" >&2; exit 2 ;;
esac
exec "$@"
