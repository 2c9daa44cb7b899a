#!/usr/bin/env bash
# The ONNX executor against onnxruntime, in one run:
#  1. latency in process, batch 1 and batch 32, of the MLP and CNN fixtures (Tests/IntegrationTests/Fixtures/onnx):
#     onnx-bench (release build) against onnxruntime with one intra-op and one inter-op thread, alternating rounds
#     (bench/onnx_vs_onnxruntime.py); medians and p90 of every call, and our time op by op where we are slower than
#     1.2x onnxruntime;
#  2. requests/s of V2 JSON infer (one MLP row) at 16 connections, wrk, against `kserve serve` and against
#     onnxruntime behind the KServe Python model server (bench/onnx_server.py, one worker), alternating rounds.
# Writes the "ONNX executor" section of docs/performance.md (the previous one moves to History); WRITE_DOCS=0 prints
# it instead. SMOKE=1: a short run (2 rounds, 2 s of wrk) that checks the script works, docs untouched. ONNX_BENCH
# and KSERVE name the binaries to measure (default: release builds made here).
# The machine should be quiet: it waits for a 1-minute load average under LOAD_MAX (1.5) and gives up after 3
# minutes (FORCE=1 runs anyway).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. bench/common.sh
need wrk wrk

smoke=${SMOKE:-0}
rounds=${ROUNDS:-10}
serve_rounds=${SERVE_ROUNDS:-3}
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}
write_docs=${WRITE_DOCS:-1}
if [ "$smoke" = 1 ]; then
    rounds=2 serve_rounds=1 duration=2 write_docs=0
fi
fixtures=Tests/IntegrationTests/Fixtures/onnx
model=$fixtures/mlp.onnx

# ONNX_BENCH and KSERVE name binaries to measure instead of release builds made here.
if [ -n "${ONNX_BENCH:-}" ]; then
    onnx_bench=$ONNX_BENCH
else
    swift build -c release --product onnx-bench >&2
    onnx_bench=.build/release/onnx-bench
fi
kserve=$(release_kserve)

load() { cut -d' ' -f1 /proc/loadavg; }
quiet() { python3 -c "import sys; sys.exit(0 if $(load) < ${LOAD_MAX:-1.5} else 1)"; }
if [ "${FORCE:-0}" != 1 ] && [ "$smoke" != 1 ]; then
    for _ in $(seq 1 36); do quiet && break; sleep 5; done
    quiet || { echo "onnx.sh: load average $(load) >= ${LOAD_MAX:-1.5}: other work is running (FORCE=1 runs anyway)" >&2; exit 1; }
fi
load_before=$(load)

bench_workdir
latency=$work/latency.json
echo "onnx.sh: latency, $rounds rounds per model and batch" >&2
.venv/bin/python bench/onnx_vs_onnxruntime.py "$onnx_bench" "$fixtures" --rounds "$rounds" >"$latency"

# Requests/s: both servers up, wrk against each in turn, SERVE_ROUNDS times.
.venv/bin/python - "$work/body.json" <<'PY'
import json, sys
import numpy as np
row = np.random.default_rng(5).random(784, dtype=np.float32)
body = {"inputs": [{"name": "input", "shape": [1, 784], "datatype": "FP32", "data": [float(v) for v in row]}]}
open(sys.argv[1], "w").write(json.dumps(body))
PY
cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open("$work/body.json", "r")
wrk.body = file:read("*a")
file:close()
EOF
ours_port=$(free_port)
"$kserve" serve --model "mlp=$model" --port "$ours_port" -q 2>"$work/kserve.log" &
pids+=($!)
peer_port=$(free_port)
.venv/bin/python bench/onnx_server.py --http_port "$peer_port" --model_name mlp --model_file "$model" --workers 1 \
    >"$work/python.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$ours_port/v2/health/ready"
wait_ready "http://127.0.0.1:$peer_port/v2/health/ready"

measure() { # NAME PORT -> one line "rps p50 p99" (wrk's own latency distribution)
    local url=http://127.0.0.1:$2/v2/models/mlp/infer out
    curl -sf -o /dev/null -H 'Content-Type: application/json' --data-binary "@$work/body.json" "$url" ||
        { echo "onnx.sh: $1 does not answer the MLP request" >&2; return 1; }
    out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" "$url")
    echo "$out" >>"$work/$1.wrk.txt"
    if grep -q 'Non-2xx' <<<"$out"; then echo "onnx.sh: $1: $(grep Non-2xx <<<"$out")" >&2; return 1; fi
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out")"
}
: >"$work/serve.txt"
for round in $(seq 1 "$serve_rounds"); do
    echo "onnx.sh: requests/s, round $round of $serve_rounds" >&2
    if [ $((round % 2)) = 1 ]; then order="ours python"; else order="python ours"; fi
    for side in $order; do
        if [ "$side" = ours ]; then port=$ours_port; else port=$peer_port; fi
        echo "$side $(measure "$side" "$port")" >>"$work/serve.txt"
    done
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
.venv/bin/python bench/onnx_report.py "$latency" "$work/serve.txt" \
    --machine "$cpu, $(nproc) cores" --load "$load_before" --rounds "$rounds" --serve-rounds "$serve_rounds" \
    --duration "$duration" --connections "$connections" --write "$write_docs" --docs docs/performance.md
