#!/usr/bin/env bash
# The main job on one machine: build kserve, run `kserve serve` with the example models (an XGBoost classifier
# and a LightGBM regressor in examples/models), then list them and predict over V1, V2 JSON and V2 binary tensors.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-peers

swift build -c release --static-swift-stdlib --product kserve >&2
kserve=".build/release/kserve"

port=${KSERVE_DEMO_PORT:-8080}
url="http://127.0.0.1:$port"
"$kserve" serve --models-dir examples/models --port "$port" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    if "$kserve" models --url "$url" -q >/dev/null 2>&1; then break; fi
    kill -0 "$server" 2>/dev/null || exit 1
    sleep 0.1
done

run() { printf '\n$ %s\n' "$*" >&2; "$@"; }
run "$kserve" version
run "$kserve" models --url "$url"
run "$kserve" models iris --url "$url"
run "$kserve" predict --url "$url" --model iris --input examples/iris-v1.json
run "$kserve" predict --url "$url" --model iris --input examples/iris-v2.json -o table
run "$kserve" predict --url "$url" --model iris --input examples/iris-v2.json --binary
run "$kserve" predict --url "$url" --model diabetes --input examples/diabetes-v2.json
run "$kserve" models --url "$url"
