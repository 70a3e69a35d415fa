#!/usr/bin/env bash
# Refits the bundled market-rate model (Sources/RateData/Resources/reference/market-rates.json)
# from the agency listings and Freelancer.com profiles in ../shared/data/rates. The raw rows carry
# no licence that allows shipping them; only these derived parameters ship, with their sources
# named. Usage: scripts/fit-market-rates.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/rates}
swift build --product ratecard >/dev/null
.build/debug/ratecard market fit \
    "$data/agency_listings_clutch_2024-04.csv" \
    "$data/agency_listings_clutch_goodfirms_2025-10.csv" \
    "$data/freelancer_com_profiles_2025-04.csv.gz" \
    --output Sources/RateData/Resources/reference/market-rates.json
