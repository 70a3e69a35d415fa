#!/usr/bin/env bash
# PostgreSQL benchmark (issue: PostgreSQL backend). One command:
#   bench/postgres.sh [runs]
# Starts a throwaway, durable (fsync on) PostgreSQL cluster, then
#   1. imports the 236,799-row OEWS file with `ratecard import` into a fresh database per run,
#      next to `psql \copy` of the same file into a plain table of text columns (the limit);
#   2. loads 10,000,000 synthetic observations and times `ratecard report percentiles` (regions ×
#      experience, aggregated in SQL), next to one percentile_cont query in psql over the same rows.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
OEWS="${RATECARD_BENCH_OEWS:-../shared/data/oews/oews_2025_all_occupations_cross_industry_by_area.csv.gz}"
[[ -f "$OEWS" ]] || { echo "bench: $OEWS is missing (set RATECARD_BENCH_OEWS)" >&2; exit 1; }
swift build -c release --product ratecard >&2
export RATECARD_PG_DURABLE=1 RUNS OEWS
exec scripts/with-postgres.sh bash -c '
set -euo pipefail
BIN=.build/release/ratecard
BASE="${RATECARD_TEST_POSTGRES%%\?*}"; BASE="${BASE%/*}"
psql_on() { psql -X -q -v ON_ERROR_STOP=1 "postgresql://ratecard@${BASE#postgres://}/$1" "${@:2}"; }
now() { date +%s.%N; }
secs() { python3 -c "print(f\"{$2 - $1:.2f}\")"; }
rows=$(gzip -dc "$OEWS" | tail -n +2 | wc -l)
echo "== OEWS import: $OEWS ($rows rows), $RUNS runs each =="
header=$(gzip -dc "$OEWS" | head -1)
columns=$(echo "$header" | tr -d "\r" | awk -F, "{for (i = 1; i <= NF; i++) printf \"%s\\\"%s\\\" text\", (i > 1 ? \", \" : \"\"), \$i}")
for run in $(seq "$RUNS"); do
  psql_on postgres -c "DROP DATABASE IF EXISTS bench_copy" -c "CREATE DATABASE bench_copy"
  psql_on bench_copy -c "CREATE TABLE oews ($columns)"
  start=$(now)
  psql_on bench_copy -c "\\copy oews FROM PROGRAM '\''gzip -dc $OEWS'\'' WITH (FORMAT csv, HEADER true)"
  end=$(now)
  echo "psql \\copy run $run: $(secs $start $end) s"
done
for run in $(seq "$RUNS"); do
  psql_on postgres -c "DROP DATABASE IF EXISTS bench_import" -c "CREATE DATABASE bench_import"
  $BIN migrate --database "$BASE/bench_import?sslmode=disable" >/dev/null
  start=$(now)
  $BIN import --database "$BASE/bench_import?sslmode=disable" "$OEWS" >/dev/null
  end=$(now)
  stored=$(psql_on bench_import -tA -c "SELECT count(*) FROM distribution")
  rejected=$(psql_on bench_import -tA -c "SELECT count(*) FROM rejected_row")
  echo "ratecard import run $run: $(secs $start $end) s ($stored stored, $rejected rejected rows recorded)"
done

echo "== Regions × experience percentiles over 10,000,000 observations =="
psql_on postgres -c "DROP DATABASE IF EXISTS bench_report" -c "CREATE DATABASE bench_report"
$BIN migrate --database "$BASE/bench_report?sslmode=disable" >/dev/null
start=$(now)
psql_on bench_report <<SQL
INSERT INTO source (file_name, content_sha256, byte_count, format, dataset, title, licence, attribution, is_default, rows_read, rows_accepted,
  rows_rejected, rows_flagged, rows_duplicate, rejected_by_reason, flagged_by_quality, imported_at)
VALUES ('"'"'synthetic'"'"', repeat('"'"'0'"'"', 64), 0, '"'"'csv'"'"', '"'"'synthetic'"'"', '"'"'Synthetic benchmark rows'"'"', '"'"'CC0'"'"', '"'"'RateCard bench'"'"', false,
  10000000, 10000000, 0, 0, 0, '"'"'{}'"'"', '"'"'{}'"'"', '"'"'2026-11-29T00:00:00Z'"'"');
SELECT setseed(0.42);
INSERT INTO observation (source_id, line, observed_on, amount_minor, currency, currency_digits, period, basis, annual_usd_cents, hourly_usd_cents,
  fx_rate, fx_origin, country, years, skills, other_skills, role, employment, weight, quality)
SELECT 1, g, '"'"'2025-06-30'"'"', c * 2080, '"'"'USD'"'"', 2, '"'"'year'"'"', '"'"'gross'"'"', c * 2080, c, 1, '"'"'none'"'"',
  (ARRAY['"'"'US'"'"','"'"'DE'"'"','"'"'PL'"'"','"'"'UA'"'"','"'"'IN'"'"','"'"'BR'"'"','"'"'GB'"'"','"'"'NG'"'"','"'"'AU'"'"','"'"'JP'"'"','"'"'MX'"'"','"'"'EG'"'"'])[1 + g % 12],
  (g % 25)::float8, '"'"''"'"', '"'"''"'"', '"'"'backend'"'"', '"'"'employee-full-time'"'"', 1, '"'"'ok'"'"'
FROM (SELECT g, greatest(100, exp(ln(3000) + random() * 1.5 + random() * 1.5))::bigint AS c FROM generate_series(1, 10000000) AS g) AS s;
ANALYZE observation;
SQL
end=$(now)
echo "loaded 10,000,000 rows in $(secs $start $end) s"
for run in $(seq "$RUNS"); do
  start=$(now)
  /usr/bin/time -f "%M" -o /tmp/ratecard-bench-rss $BIN report percentiles --database "$BASE/bench_report?sslmode=disable" --format csv > /tmp/ratecard-bench-report.csv
  end=$(now)
  echo "ratecard report percentiles run $run: $(secs $start $end) s, peak RSS $(( $(cat /tmp/ratecard-bench-rss) / 1024 )) MiB, $(( $(wc -l < /tmp/ratecard-bench-report.csv) - 1 )) groups"
done
for run in $(seq "$RUNS"); do
  start=$(now)
  psql_on bench_report -tA -c "SELECT country, (years >= 3)::int + (years >= 6)::int + (years >= 10)::int AS level,
      percentile_cont(ARRAY[0.1, 0.25, 0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY hourly_usd_cents), count(*)
    FROM observation GROUP BY 1, 2" > /dev/null
  end=$(now)
  echo "psql percentile_cont by country × level run $run: $(secs $start $end) s"
done
head -5 /tmp/ratecard-bench-report.csv
'
