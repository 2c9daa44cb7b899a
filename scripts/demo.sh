#!/usr/bin/env bash
# The main job on one machine: build kserve, start a KServe model server with example models on loopback,
# then list the models and predict with V1, V2 JSON and V2 binary tensors.
# (Until `kserve serve` lands, the server is KServe's own Python model server from the test peers.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

swift build -c release --static-swift-stdlib --product kserve >&2
kserve=".build/release/kserve"

port=${KSERVE_DEMO_PORT:-8080}
url="http://127.0.0.1:$port"
log=$(mktemp)
.venv/bin/python Tests/IntegrationTests/Peers/model_server.py --http_port "$port" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 150); do
    if "$kserve" models --url "$url" -q >/dev/null 2>&1; then break; fi
    if ! kill -0 "$server" 2>/dev/null; then cat "$log" >&2; exit 1; fi
    sleep 0.2
done

run() { printf '\n$ %s\n' "$*" >&2; "$@"; }
run "$kserve" version
run "$kserve" models --url "$url"
run "$kserve" models echo --url "$url"
run "$kserve" predict --url "$url" --model row-sum --input examples/row-sum-v1.json
run "$kserve" predict --url "$url" --model echo --input examples/echo-v2.json -o table
run "$kserve" predict --url "$url" --model echo --input examples/echo-v2.json --binary
