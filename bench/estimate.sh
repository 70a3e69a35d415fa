#!/usr/bin/env bash
# Estimation benchmark (issue: estimation engine). Usage: bench/estimate.sh
# Fits the model on the embedded default data (timed, 3 runs) beside statsmodels OLS on the same rows,
# measures in-process estimate latency, and times a 10,000-row batch.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ratecard >&2
swift build -c release --product ratecard-bench >&2
bin=.build/release/ratecard
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RATECARD_DATABASE="$work/bench.sqlite"
$bin sources >/dev/null 2>&1   # loads the embedded default data
if [[ ! -x bench/.venv/bin/python ]]; then python3 -m venv bench/.venv; fi
bench/.venv/bin/pip install -q pandas statsmodels numpy >&2
echo "== model fit (ratecard, 3 runs) =="
for run in 1 2 3; do
    start=$(date +%s.%N); $bin model fit >/dev/null; end=$(date +%s.%N)
    echo "ratecard model fit: $(echo "$end - $start" | bc) s (load from SQLite, ridge fit with ~330 columns, residual pools, snapshot)"
done
.build/release/ratecard-bench training-rows "$work/rows.csv" >/dev/null
echo "== statsmodels OLS on the same rows (3 runs) =="
for run in 1 2 3; do bench/.venv/bin/python bench/statsmodels_fit.py "$work/rows.csv"; done
echo "== estimate latency (in process) =="
.build/release/ratecard-bench estimate --iterations 200000
echo "== batch of 10,000 profiles =="
bench/.venv/bin/python - "$work/batch.csv" <<'PY'
import random, sys
random.seed(1)
countries = ["US", "DE", "PL", "UA", "IN", "BR", "GB", "FR", "NL", "ES", "RO", "MX", "AR", "CA", "AU", "Kosovo", "Portugal"]
skills = ["", "Go;PostgreSQL", "Java", "Python;AWS", "C#", "JavaScript;Node.js", "Rust"]
with open(sys.argv[1], "w") as f:
    f.write("id,country,years,skills,employment,currency\n")
    for i in range(10000):
        f.write(f"{i},{random.choice(countries)},{random.randint(0, 25)},{random.choice(skills)},{random.choice(['employee', 'freelancer', 'agency'])},{random.choice(['USD', 'EUR', 'GBP'])}\n")
PY
start=$(date +%s.%N); $bin estimate --batch "$work/batch.csv" --format csv > "$work/out.csv"; end=$(date +%s.%N)
echo "ratecard estimate --batch: 10,000 rows in $(echo "$end - $start" | bc) s including start-up and model load ($(($(wc -l < "$work/out.csv") - 1)) rows out)"
