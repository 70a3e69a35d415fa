#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer: the CSV reader, every import adapter (and gzip input), the
# column-mapping JSON, profile and self-report parsing, the ECB exchange-rate table, and the CSV of
# profiles that `ratecard estimate --batch` reads.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 600 s, every target)
#
# Builds the parsing modules with -sanitize=fuzzer,address -O (see Package.swift) in its own scratch path (.build/fuzz: the flags differ from
# a normal build, so sharing .build would rebuild everything twice). Corpora live in
# Fuzz/corpus/TARGET, seeded from the test fixtures; crashes are written to Fuzz/crashes/TARGET
# and make the script fail. The HTTP surface is fuzzed from its spec by scripts/schemathesis.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(CSVReaderFuzz ImportAdapterFuzz MappingFuzz ProfileFuzz ExchangeRateFileFuzz BatchFuzz)

export RATECARD_FUZZ=1
for target in "${targets[@]}"; do  # one product per build: swift build honours only the last --product
  swift build --scratch-path .build/fuzz --product "$target" 2>&1 | grep -E 'error:|complete' || true
done
bin=$(swift build --scratch-path .build/fuzz --show-bin-path)
fixtures=Tests/RateTestSupport/Fixtures

seed() {  # seed a target's corpus from real inputs once
  local target=$1 dir=Fuzz/corpus/$1
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir")" ] && return
  case $target in
    CSVReaderFuzz) for f in "$fixtures"/*.csv; do head -c 4096 "$f" > "$dir/$(basename "$f")"; done ;;
    ImportAdapterFuzz)
      # first byte: the layout (see ImportAdapterFuzz.swift); then a few real rows without the header
      i=0
      for f in so2016_extract_sample so2019_sample so2023_sample so2024_single_response_sample so2025_salary_subset_sample \
               oews_sample dou_harmonised_sample dou_2024_dec_raw_sample colombia_dev_2020_sample colombia_dev_2021_sample; do
        { printf "\\$(printf '%03o' $i)"; sed -n '2,6p' "$fixtures/$f.csv"; } > "$dir/$f"; i=$((i + 1))
      done ;;
    MappingFuzz) printf '%s' '{"columns":{"amount":"Salary","currency":"Currency","country":"Country"},"defaults":{"period":"year","date":"2024-06-30"},"delimiter":";"}' > "$dir/mapping.json" ;;
    ProfileFuzz) printf 'PL\nWarsaw\nDE\n6\nsenior\nGo,PostgreSQL\nbackend\nfreelancer\nEUR\n2026-06-30' > "$dir/profile" ;;
    ExchangeRateFileFuzz) head -c 8192 "$fixtures/eurofxref_hist_sample.csv" > "$dir/eurofxref.csv" ;;
    BatchFuzz) printf '%s\n' 'id,country,city,business_country,years,level,skills,role,employment,currency,as_of' \
                 'a,PL,Warsaw,DE,6,senior,Go;PostgreSQL,backend,employee,EUR,2026-06-30' 'b,US,,,3,,Python,,freelancer,USD,' \
                 'c,UA,Kyiv,US,,lead,"Java,Kotlin",,agency,UAH,' > "$dir/batch.csv" ;;
  esac
}

# Leak checks off: Foundation's Data(contentsOf:) leaks one 4 KiB buffer when it reads an empty
# file (FoundationEssentials.readBytesFromFile, seen by MappingFuzz on its first input), which would
# end every run of a file-reading target as a "crash" that is not RateCard's. AddressSanitizer's
# memory-error checks stay on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
status=0
for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "Fuzz/crashes/$target"
  echo "== $target: $seconds s"
  if ! "$bin/$target" "Fuzz/corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="Fuzz/crashes/$target/" -print_final_stats=1 > "Fuzz/$target.log" 2>&1; then
    echo "   FOUND A CRASH: see Fuzz/$target.log and Fuzz/crashes/$target/"; status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "Fuzz/$target.log" | grep -o '[0-9]*$' || echo "?")
  echo "   executions: $runs; corpus: $(ls "Fuzz/corpus/$target" | wc -l) inputs; crashes: $(ls "Fuzz/crashes/$target" | wc -l)"
done
exit $status
