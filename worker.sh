#!/usr/bin/env bash
# Builds the command line and runs a training worker on the shared PostgreSQL queue (README, "Beyond one machine"),
# with the allocator the dashboard trains on (build/with-allocator.sh): its arguments are the worker command's.
#   bash worker.sh --postgres "Host=db;Username=latentdash;Password=…;Database=latentdash" --experiments /shared/experiments
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release src/LatentDash.Jobs -v quiet -nologo
exec bash build/with-allocator.sh dotnet src/LatentDash.Jobs/bin/Release/net10.0/latentdash.dll worker "$@"
