#!/usr/bin/env bash
# Derives the bundled B2B-against-employment evidence (Sources/RateData/Resources/reference/
# contract-offers.json) from justjoin.it's offers in ../shared/data/poland. The raw offers carry no
# licence that allows shipping them; only these derived figures ship, with their source named.
# Usage: scripts/fit-contract-offers.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/poland}
swift build --product ratecard >/dev/null
.build/debug/ratecard market offers "$data/justjoinit_offers_2021_08.csv" \
    --output Sources/RateData/Resources/reference/contract-offers.json
