#!/usr/bin/env bash
# The main job on one machine: build kserve, start `kserve serve` (the embedded KServe: a Kubernetes-compatible
# control plane and the data plane in one process), deploy the example InferenceServices (an XGBoost classifier
# and a LightGBM regressor in examples/models), list them, predict by name, scale and delete them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-peers

swift build -c release --static-swift-stdlib --product kserve >&2
kserve="$PWD/.build/release/kserve"

port=${KSERVE_DEMO_PORT:-8080}
state=$(mktemp -d)
kubeconfig="$state/kubeconfig"
"$kserve" serve --port "$port" --state-dir "$state" --write-kubeconfig "$kubeconfig" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$state"' EXIT
for _ in $(seq 1 100); do
    if [ -s "$kubeconfig" ] && "$kserve" --kubeconfig "$kubeconfig" models -q >/dev/null 2>&1; then break; fi
    kill -0 "$server" 2>/dev/null || exit 1
    sleep 0.1
done

# Every client command reaches the server through the kubeconfig it wrote, as it would reach a cluster.
export KUBECONFIG="$kubeconfig"
run() { printf '\n$ %s\n' "$*" >&2; "$@"; }
run "$kserve" version
run "$kserve" deploy examples/iris.yaml examples/diabetes.yaml
run "$kserve" models
run "$kserve" models iris
run "$kserve" predict --model iris --input examples/iris-v1.json
run "$kserve" predict --model diabetes --input examples/diabetes-v2.json -o table
run "$kserve" scale iris --min 2
run "$kserve" models -o wide
run "$kserve" delete iris diabetes
run "$kserve" models
