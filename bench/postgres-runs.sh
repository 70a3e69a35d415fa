#!/usr/bin/env bash
# The measurements of bench/postgres.sh; needs RATECARD_TEST_POSTGRES, RUNS and OEWS.
set -euo pipefail
BIN=.build/release/ratecard
SERVER="${RATECARD_TEST_POSTGRES%%\?*}"; SERVER="${SERVER%/*}"   # postgres://user@host:port
url() { echo "$SERVER/$1?sslmode=disable"; }
sql() { local db="$1"; shift; psql -X -q -v ON_ERROR_STOP=1 "postgresql://${SERVER#postgres://}/$db" "$@"; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
fresh() { sql postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }

rows=$(gzip -dc "$OEWS" | tail -n +2 | wc -l)
echo "== OEWS import: $OEWS ($rows rows), $RUNS runs each =="
header=$(gzip -dc "$OEWS" | head -1 || true)
columns=$(printf '%s' "$header" | tr -d '\r' | awk -F, '{for (i = 1; i <= NF; i++) printf "%s\"%s\" text", (i > 1 ? ", " : ""), $i}')
for run in $(seq "$RUNS"); do
  fresh bench_copy
  sql bench_copy -c "CREATE TABLE oews ($columns)"
  start=$(now)
  sql bench_copy -c "\\copy oews FROM PROGRAM 'gzip -dc $OEWS' WITH (FORMAT csv, HEADER true)"
  end=$(now)
  echo "psql \\copy run $run: $(elapsed "$start" "$end") s"
done
for run in $(seq "$RUNS"); do
  fresh bench_import
  "$BIN" migrate --database "$(url bench_import)" >/dev/null
  start=$(now)
  "$BIN" import --database "$(url bench_import)" "$OEWS" >/dev/null
  end=$(now)
  stored=$(sql bench_import -tA -c "SELECT count(*) FROM distribution")
  rejected=$(sql bench_import -tA -c "SELECT count(*) FROM rejected_row")
  echo "ratecard import run $run: $(elapsed "$start" "$end") s ($stored stored, $rejected rejected rows recorded)"
done

echo "== Regions × experience percentiles over 10,000,000 observations =="
fresh bench_report
"$BIN" migrate --database "$(url bench_report)" >/dev/null
start=$(now)
sql bench_report <<'SQL'
INSERT INTO source (file_name, content_sha256, byte_count, format, dataset, title, licence, attribution, is_default, rows_read,
  rows_accepted, rows_rejected, rows_flagged, rows_duplicate, rejected_by_reason, flagged_by_quality, imported_at)
VALUES ('synthetic', repeat('0', 64), 0, 'csv', 'synthetic', 'Synthetic benchmark rows', 'CC0', 'RateCard bench', false,
  10000000, 10000000, 0, 0, 0, '{}', '{}', '2026-11-29T00:00:00Z');
SELECT setseed(0.42);
INSERT INTO observation (source_id, line, observed_on, amount_minor, currency, currency_digits, period, basis, annual_usd_cents,
  hourly_usd_cents, fx_rate, fx_origin, country, years, skills, other_skills, role, employment, weight, quality)
SELECT 1, g, '2025-06-30', c * 2080, 'USD', 2, 'year', 'gross', c * 2080, c, 1, 'none',
  (ARRAY['US','DE','PL','UA','IN','BR','GB','NG','AU','JP','MX','EG'])[1 + g % 12], (g % 25)::float8, '', '', 'backend',
  'employee-full-time', 1, 'ok'
FROM (SELECT g, greatest(100, exp(ln(3000) + random() * 1.5 + random() * 1.5))::bigint AS c
      FROM generate_series(1, 10000000) AS g) AS s;
VACUUM ANALYZE observation;
SQL
end=$(now)
echo "loaded 10,000,000 rows in $(elapsed "$start" "$end") s"
for run in $(seq "$RUNS"); do
  start=$(now)
  /usr/bin/time -f "%M" -o /tmp/ratecard-bench-rss "$BIN" report percentiles --database "$(url bench_report)" --format csv > /tmp/ratecard-bench-report.csv
  end=$(now)
  echo "ratecard report percentiles run $run: $(elapsed "$start" "$end") s, peak RSS $(( $(cat /tmp/ratecard-bench-rss) / 1024 )) MiB, $(( $(wc -l < /tmp/ratecard-bench-report.csv) - 1 )) rows"
done
for run in $(seq "$RUNS"); do
  start=$(now)
  sql bench_report -tA -o /dev/null -c "SELECT country, (years >= 3)::int + (years >= 6)::int + (years >= 10)::int AS level,
      percentile_cont(ARRAY[0.1, 0.25, 0.5, 0.75, 0.9]) WITHIN GROUP (ORDER BY hourly_usd_cents), count(*)
    FROM observation GROUP BY 1, 2"
  end=$(now)
  echo "psql percentile_cont by country × level run $run: $(elapsed "$start" "$end") s"
done
echo "== the report's first rows =="
head -6 /tmp/ratecard-bench-report.csv
