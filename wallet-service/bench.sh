#!/usr/bin/env bash
# Funding-plan benchmark (HOLD_FOR_PLAN + POST_HOLD against the real PostgreSQL), then, in the same minute,
# pgbench tpcb-like at the same client count on the same PostgreSQL server (scratch database pgbench_scratch).
# Usage: wallet-service/bench.sh [clients=8] [seconds=20]
set -euo pipefail
CLIENTS=${1:-8}
SECONDS_=${2:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGHOST=${FAMILYAID_PG_HOST:-127.0.0.1}
PGPORT=${FAMILYAID_PG_PORT:-5432}
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | tail -1)

cd "$ROOT"
./mvnw -B -q verify -pl wallet-service -Dtest=FundingPlanBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench=true -Dbench.clients="$CLIENTS" -Dbench.seconds="$SECONDS_" 2>&1 \
  | sed -n '/==== funding-plan benchmark/,/^=====/p'

psql -h "$PGHOST" -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'pgbench_scratch'" \
  | grep -q 1 || psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "CREATE DATABASE pgbench_scratch"
"$PGBENCH" -h "$PGHOST" -p "$PGPORT" -U postgres -i -q -s 10 pgbench_scratch >/dev/null 2>&1
echo "==================== pgbench tpcb-like, same server, same client count ===================="
"$PGBENCH" -h "$PGHOST" -p "$PGPORT" -U postgres -b tpcb-like -c "$CLIENTS" -j 2 -T "$SECONDS_" pgbench_scratch 2>&1 \
  | grep -E 'number of clients|scaling factor|latency average|tps ='
