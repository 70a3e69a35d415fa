#!/usr/bin/env bash
# Import benchmark (issue: foundation). Usage: bench/import.sh [runs]
# Builds ratecard in release, installs pandas and DuckDB into bench/.venv from PyPI, and imports
# the OEWS all-occupations file (236,799 rows) and the full Stack Overflow 2016 survey with each.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${RATECARD_SHARED_DATA:-../shared/data}
[[ -d $data ]] || { echo "bench: $data not found; set RATECARD_SHARED_DATA" >&2; exit 1; }
swift build -c release --product ratecard >&2
if [[ ! -x bench/.venv/bin/python ]]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q pandas duckdb
fi
bench/.venv/bin/python bench/import_compare.py --ratecard .build/release/ratecard --runs "${1:-3}" \
    "$data/oews/oews_2025_all_occupations_cross_industry_by_area.csv.gz" \
    "$data/so/so2016_stack_survey.csv.gz"
