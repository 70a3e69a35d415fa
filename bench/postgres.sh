#!/usr/bin/env bash
# PostgreSQL benchmark (issue: PostgreSQL backend). One command:
#   bench/postgres.sh [runs]
# Starts a throwaway, durable (fsync on) PostgreSQL cluster (scripts/with-postgres.sh), then runs
# bench/postgres-runs.sh against it:
#   1. the 236,799-row OEWS file through `ratecard import`, into a fresh database per run, next to
#      `psql \copy` of the same file into a plain table of text columns (the limit);
#   2. 10,000,000 synthetic observations: `ratecard report percentiles` (regions × experience,
#      aggregated in SQL) next to one percentile_cont query in psql over the same rows.
set -euo pipefail
cd "$(dirname "$0")/.."
export RUNS="${1:-3}"
export OEWS="${RATECARD_BENCH_OEWS:-../shared/data/oews/oews_2025_all_occupations_cross_industry_by_area.csv.gz}"
[[ -f "$OEWS" ]] || { echo "bench: $OEWS is missing (set RATECARD_BENCH_OEWS)" >&2; exit 1; }
swift build -c release --product ratecard >&2
RATECARD_PG_DURABLE=1 exec scripts/with-postgres.sh bash bench/postgres-runs.sh
