#!/usr/bin/env bash
# Load benchmark (issue: web app). Usage: bench/load.sh [seconds] [connections]
# wrk on loopback against GET /v1/estimate, next to the constant /hello route of the same binary.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
connections=${2:-64}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
swift build -c release --product ratecard >&2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
work=$(mktemp -d)
RATECARD_DATABASE="$work/store.sqlite" RATECARD_LOG_LEVEL=warning .build/release/ratecard serve --port "$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 1; done
for path in "/hello" "/v1/estimate?country=PL&years=6&skills=Go,PostgreSQL&currency=EUR"; do
    echo "== $path ($seconds s, $connections connections, 1 thread) =="
    wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path" | grep -E "Requests/sec|Latency|99%|50%|Non-2xx|errors|requests in"
done
echo "== 120 varied profiles through /v1/estimate ($seconds s, $connections connections, 1 thread) =="
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/varied-profiles.lua "http://127.0.0.1:$port" | grep -E "Requests/sec|Latency|99%|50%|Non-2xx|errors|requests in"
