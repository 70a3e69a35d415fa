#!/usr/bin/env bash
# Renders the full HTML report on the embedded default data and screenshots it in headless
# Chromium (installed from Debian's packages when missing). Usage: scripts/screenshot-report.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
mkdir -p "$out"
out=$(cd "$out" && pwd)
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
swift build -c release --product ratecard >&2
export RATECARD_DATABASE=${RATECARD_DATABASE:-$(mktemp -d)/ratecard.sqlite}
.build/release/ratecard report full --country-set US,DE,PL,UA,IN,BR --format html --output "$out/report.html"
for size in 1000,6000 390,2400; do
    shot="$out/report-${size%,*}.png"
    rm -f "$shot"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --window-size=$size \
        --screenshot="$shot" "file://$out/report.html" >/dev/null 2>&1 || true
    [[ -s $shot ]] || { echo "screenshot-report: chromium wrote no $shot" >&2; exit 1; }
done
echo "screenshots in $out/: report-1000.png (desktop), report-390.png (phone width)"
