#!/usr/bin/env bash
# Sets up and runs the LatentDash dashboard: builds, fetches Fashion-MNIST on first use, trains a small demo sweep
# when experiments/ holds no model yet, then serves the explorer on http://127.0.0.1:5000 (LATENTDASH_URLS to change).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# glibc returning freed memory to the system costs training about a fifth of its speed.
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296"

dotnet build -c Release src/LatentDash.Web -v quiet -nologo
if ! find experiments -mindepth 3 -maxdepth 3 -name params.json 2>/dev/null | grep -q .; then
  echo "No trained models yet: training a demo sweep (each architecture, beta 4, latent dim 4, 1 epoch on Fashion-MNIST; a few minutes on 2 cores)."
  dotnet src/LatentDash.Jobs/bin/Release/net10.0/latentdash.dll sweep --run demo --dataset fashion --beta 4 --latent-dim 4 --epochs 1
fi
echo "LatentDash on ${LATENTDASH_URLS:-http://127.0.0.1:5000}"
exec dotnet src/LatentDash.Web/bin/Release/net10.0/LatentDash.Web.dll --urls "${LATENTDASH_URLS:-http://127.0.0.1:5000}"
