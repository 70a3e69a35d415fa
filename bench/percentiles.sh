#!/usr/bin/env bash
# Percentile report benchmark (issue: comparison reports). Usage: bench/percentiles.sh [rows...]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ratecard >&2
swift build -c release --product ratecard-bench >&2
if [[ ! -x bench/.venv/bin/python ]]; then python3 -m venv bench/.venv; fi
bench/.venv/bin/pip install -q numpy pandas duckdb >&2
bench/.venv/bin/python bench/percentiles.py --ratecard-bench .build/release/ratecard-bench --rows "${@:-1000000 10000000}"
