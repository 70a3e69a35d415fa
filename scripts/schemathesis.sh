#!/usr/bin/env bash
# Property-based API test: Schemathesis (PyPI) generates requests from the served /openapi.yaml
# and checks for 5xx responses and responses that violate the schema. Usage: scripts/schemathesis.sh [max examples]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${RATECARD_VENV:-.venv-ci}
[[ -x $venv/bin/schemathesis ]] || { python3 -m venv "$venv"; "$venv/bin/pip" install -q schemathesis; }
bin=${RATECARD_BIN:-.build/debug/ratecard}
[[ -x $bin ]] || swift build --product ratecard >&2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
work=$(mktemp -d)
RATECARD_DATABASE="$work/store.sqlite" "$bin" serve --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
    sleep 1
done
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.yaml" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples "${1:-40}" --generation-deterministic --workers 2
