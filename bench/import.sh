#!/usr/bin/env bash
# Import benchmark (issue: foundation). Usage: bench/import.sh [runs]
# Builds ratecard in release, installs pandas and DuckDB into bench/.venv from PyPI, and imports
# the OEWS all-occupations file (236,799 rows), the full Stack Overflow 2016 survey, the 2019, 2024
# and 2025 Stack Overflow files, a sysarmy wave, levels.fyi and justjoin.it's offers with each; then
# times the first load of the embedded default data into an empty store (what a new user's first
# command does). pandas and DuckDB read sysarmy's file from its header line (they cannot skip its
# banner by themselves), so they do less work there than RateCard.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${RATECARD_SHARED_DATA:-../shared/data}
[[ -d $data ]] || { echo "bench: $data not found; set RATECARD_SHARED_DATA" >&2; exit 1; }
# RATECARD_SCRATCH names another build folder (e.g. .build-release) to keep the debug one intact.
scratch_path=${RATECARD_SCRATCH:-.build}
swift build -c release --scratch-path "$scratch_path" --product ratecard >&2
if [[ ! -x bench/.venv/bin/python ]]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q pandas duckdb
fi
bench/.venv/bin/python bench/import_compare.py --ratecard "$scratch_path/release/ratecard" --runs "${1:-3}" \
    "$data/oews/oews_2025_all_occupations_cross_industry_by_area.csv.gz" \
    "$data/so/so2016_stack_survey.csv.gz" \
    "$data/so/so2019_survey_subset.csv.gz" \
    "$data/so/so2024_single_response.csv.gz" \
    "$data/so/so2025_salary_subset.csv.gz" \
    "$data/latam/sysarmy/sysarmy_2025.1_argentina.csv.gz" \
    "$data/levelsfyi/Levels_Fyi_Salary_Data.csv.gz" \
    "$data/poland/justjoinit_offers_2021_08.csv"
# First load: `ratecard sources` on an empty store loads the default data, then lists it.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for run in $(seq "${1:-3}"); do
    rm -f "$scratch"/first.sqlite*
    started=$(date +%s.%N)
    "$scratch_path/release/ratecard" sources --database "$scratch/first.sqlite" >/dev/null 2>&1
    echo "first load of the embedded default data, run $run: $(echo "$(date +%s.%N) - $started" | bc) s"
done
