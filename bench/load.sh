#!/usr/bin/env bash
# Load benchmark (issue: web app). Usage: bench/load.sh [seconds] [connections]
# wrk on loopback against GET /v1/estimate, next to the constant /hello route of the same binary.
# Runs the server as shipped (estimate cache on) and again with `--estimate-cache 0`, so the
# figures show what the cache buys and what computing every answer costs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
connections=${2:-64}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
swift build -c release --product ratecard >&2
work=$(mktemp -d)
server=""
stop() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; server=""; }
trap 'stop; rm -rf "$work"' EXIT
start() { # extra serve options...
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    RATECARD_DATABASE="$work/store.sqlite" RATECARD_LOG_LEVEL=warning .build/release/ratecard serve --port "$port" --benchmark-route "$@" >>"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && return; sleep 1; done
    echo "server did not become ready:" >&2; cat "$work/server.log" >&2; exit 1
}
run() { # title, then wrk arguments after the URL base
    local title=$1; shift
    echo "== $title ($seconds s, $connections connections, 1 thread) =="
    wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@" | grep -E "Requests/sec|Latency|99%|50%|Non-2xx|errors|requests in"
    echo "server RSS after the run: $(( $(ps -o rss= -p "$server") / 1024 )) MiB"
}
estimate="/v1/estimate?country=PL&years=6&skills=Go,PostgreSQL&currency=EUR"
# Load the default data and fit once, so both servers start from the same stored model and their
# memory figures do not include the import.
RATECARD_DATABASE="$work/store.sqlite" RATECARD_LOG_LEVEL=warning .build/release/ratecard estimate --country PL --years 6 >/dev/null 2>&1

echo "#### server as shipped (estimate cache on)"
start
run "/hello" "http://127.0.0.1:$port/hello"
run "$estimate" "http://127.0.0.1:$port$estimate"
run "120 varied profiles (bench/varied-profiles.lua)" -s bench/varied-profiles.lua "http://127.0.0.1:$port"
run "every query new (bench/unique-profiles.lua): all misses" -s bench/unique-profiles.lua "http://127.0.0.1:$port"
curl -s "http://127.0.0.1:$port/metrics" | grep '^ratecard_estimate_cache_lookups_total' || true
stop

echo "#### --estimate-cache 0 (every answer computed)"
start --estimate-cache 0
run "/hello (the peer, on this server)" "http://127.0.0.1:$port/hello"
run "$estimate" "http://127.0.0.1:$port$estimate"
run "120 varied profiles (bench/varied-profiles.lua)" -s bench/varied-profiles.lua "http://127.0.0.1:$port"
stop
