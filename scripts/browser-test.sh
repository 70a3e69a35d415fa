#!/usr/bin/env bash
# Browser test: starts `ratecard serve` on a free loopback port with a throwaway store, drives
# headless Chromium (Debian's package, installed when missing) through the estimate, compare,
# cost, team, data and submit pages, checks what each page shows, and saves screenshots. Usage: scripts/browser-test.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if ! command -v chromium >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
source scripts/serve-for-test.sh
failures=0
checks=0
check() {  # name, path, text expected in the rendered page
    local name=$1 path=$2 expected=$3
    checks=$((checks + 1))
    timeout 120 chromium --headless --no-sandbox --disable-gpu --window-size=1000,1600 --screenshot="$out/$name.png" "http://127.0.0.1:$port$path" >/dev/null 2>&1 || true
    timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom "http://127.0.0.1:$port$path" 2>/dev/null >"$work/$name.html" || true
    if [[ -s $out/$name.png ]] && grep -q "$expected" "$work/$name.html"; then
        echo "ok   $name ($path)"
    else
        echo "FAIL $name ($path): expected '$expected'"; failures=$((failures + 1))
    fi
}
check estimate "/?country=Poland&years=6&skills=Go,PostgreSQL&currency=EUR" "Evidence:"
check estimate-years "/?country=Poland&years=6&skills=Go,PostgreSQL&currency=EUR" "<strong>Data:</strong> observations 20"
check estimate-hire-types "/?country=Poland&years=6&employment=agency" "Employee, freelancer or agency"
check estimate-error "/?country=Atlantis&years=6" "role=\"alert\""
check estimate-years-error "/?country=Poland&years=-3" "<strong>years:</strong> years of experience cannot be negative"
check compare "/compare?country=Ukraine&years=5" "Pay by experience"
check compare-trends "/compare?country=Poland" "Median pay over time: Poland"
check estimate-freelancer-b2b "/?country=Poland&years=6&employment=freelancer&currency=EUR" "B2B contracts in Poland"
check cost "/cost?country=Germany&years=6&skills=Go" "Total cost of hire"
check cost-oecd "/cost?country=Czechia&years=6&business_country=US" "OECD, at the average wage"
check team "/team?members=1+senior+backend+Go%2CPostgreSQL%0D%0A3+mid+backend%0D%0A1+mid+qa&country_1=DE&employment_1=employee&country_2=PL&employment_2=agency&country_3=AR&employment_3=freelancer&currency=EUR" "Team cost: 5 people in 3 scenarios"
check data "/data" "Sources and licences"
check submit "/submit" "Send for moderation"
echo "browser-test: $((checks - failures)) of $checks passed, $failures failed; screenshots in $out"
exit $((failures > 0))
