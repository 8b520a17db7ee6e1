#!/usr/bin/env bash
# Runs every test project of LatentDash and ends with one line "N passed, N failed" (summed over the projects).
# Exits non-zero when a test fails or none ran.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# glibc returning freed memory to the system costs training a fifth of its speed (see README).
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296"

# Debian packages the tests use: Chromium for the end-to-end tests (browser downloads do not work here), PostgreSQL 15
# for the queue's multi-process tests, docker-compose for the compose file's test (`config` needs no Docker engine).
# As root the missing ones are installed; otherwise they are named.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
{ command -v pg_ctlcluster >/dev/null 2>&1 && [ -x /usr/lib/postgresql/15/bin/postgres ]; } || missing+=(postgresql)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]}: install Debian's packages (sudo apt-get install ${missing[*]})" >&2
  fi
fi

# The PostgreSQL the tests use (LATENTDASH_TEST_POSTGRES; set it beforehand to use another server): Debian's cluster
# 15/main on 127.0.0.1:5432, started here (no systemd), with a role and a database for the tests. Each test makes
# its own schema in it and drops it afterwards.
if [ -z "${LATENTDASH_TEST_POSTGRES:-}" ]; then
  export LATENTDASH_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=latentdash;Password=latentdash;Database=latentdash_test"
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "PostgreSQL 15 is missing: the PostgreSQL tests will fail" >&2
  elif [ "$(id -u)" = 0 ]; then
    pg_lsclusters -h 2>/dev/null | grep -q '^15 *main ' || pg_createcluster 15 main >/dev/null
    pg_ctlcluster 15 main status >/dev/null 2>&1 || pg_ctlcluster 15 main start
    # Idempotent: the role and the database are created once; the password is set every time.
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres) <<'SQL' || echo "could not prepare the test database" >&2
SELECT 'CREATE ROLE latentdash LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'latentdash')\gexec
ALTER ROLE latentdash LOGIN PASSWORD 'latentdash';
SELECT 'CREATE DATABASE latentdash_test OWNER latentdash' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'latentdash_test')\gexec
SQL
  elif ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "PostgreSQL 15/main is not running: start it (sudo pg_ctlcluster 15 main start) and create role latentdash" \
      "(password latentdash) owning database latentdash_test, or run test.sh as root" >&2
  fi
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet test LatentDash.sln -c Release --logger "trx" --results-directory "$results" "$@"
rc=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "$passed passed, $failed failed"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
