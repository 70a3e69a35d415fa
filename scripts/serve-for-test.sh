# Sourced by the test scripts: starts `ratecard serve` on a free loopback port with a throwaway
# store, waits until it is ready, and stops it on exit. Sets $port, $work and $server.
bin=${RATECARD_BIN:-.build/debug/ratecard}
[[ -x $bin ]] || swift build --product ratecard >&2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
work=$(mktemp -d)
RATECARD_DATABASE="$work/store.sqlite" "$bin" serve --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
    kill -0 $server 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 1
done
curl -fs "http://127.0.0.1:$port/ready" >/dev/null || { echo "the server did not become ready" >&2; cat "$work/server.log" >&2; exit 1; }
