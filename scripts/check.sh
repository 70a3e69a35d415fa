#!/usr/bin/env bash
# The habits CI keeps: the tree is formatted as .swift-format says (Hummingbird's settings, 150
# columns), and no target imports a module it does not declare in Package.swift. Run it before a
# commit; `scripts/check.sh --fix` formats the tree in place instead of failing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--fix" ]]; then
    git ls-files -z '*.swift' | xargs -0 swift format format --parallel --in-place
    echo "check: formatted"
    exit 0
fi

# Format: swift-format (in the toolchain) must leave every tracked Swift file as it is.
unformatted=()
while IFS= read -r -d '' file; do
    if ! swift format format "$file" | cmp -s - "$file"; then unformatted+=("$file"); fi
done < <(git ls-files -z '*.swift')
if (( ${#unformatted[@]} > 0 )); then
    printf 'check: not formatted as .swift-format says (run scripts/check.sh --fix):\n' >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    exit 1
fi
echo "check: every Swift file is formatted"

# Imports, twice. scripts/check-imports.py reads every target's imports and fails on a module that
# Package.swift does not name for it, target or product. SwiftPM's own check then runs in the
# build: it covers this package's targets only, and only those it compiles.
python3 scripts/check-imports.py
if ! swift build --build-tests --explicit-target-dependency-import-check error 2>&1 | tee .check-build.log | grep -E "error:|Compiling|Build complete" | tail -3; then :; fi
if grep -q "imports another target" .check-build.log || ! grep -q "Build complete" .check-build.log; then
    grep -E "error:" .check-build.log | sort -u >&2
    echo "check: the build with the import check failed" >&2
    exit 1
fi
echo "check: every target declares what it imports"
