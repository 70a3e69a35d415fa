#!/usr/bin/env bash
# Property-based API test: Schemathesis (PyPI) generates requests from the served /openapi.yaml
# and checks for 5xx responses and responses that violate the schema. Usage: scripts/schemathesis.sh [max examples]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${RATECARD_VENV:-.venv-ci}
[[ -x $venv/bin/schemathesis ]] || { python3 -m venv "$venv"; "$venv/bin/pip" install -q schemathesis; }
source scripts/serve-for-test.sh
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.yaml" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples "${1:-40}" --generation-deterministic --workers 2
