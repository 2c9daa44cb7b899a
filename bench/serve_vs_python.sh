#!/usr/bin/env bash
# V2 JSON inference of a small XGBoost model (examples/models/iris), wrk at concurrency 16 for 10 s, against
# `kserve serve` and against the KServe Python model server serving the same model as KServe's xgbserver does
# (Tests/IntegrationTests/Peers/xgb_server.py), in one run. Appends the figures to docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. bench/common.sh
need wrk wrk
kserve=$(release_kserve)
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}
model=examples/models/iris/model.json
body='{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[[6.1,2.8,4.7,1.2]]}]}'
lua=$(mktemp --suffix=.lua)
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'$body'" >"$lua"
logs=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$lua" "$logs"' EXIT

measure() { # NAME URL -> "rps p50 p99" (wrk's own latency distribution)
    local out
    curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "$2/v2/models/iris/infer"
    out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$lua" "$2/v2/models/iris/infer")
    echo "$out" >"$logs/$1.txt"
    local rps p50 p99 non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    if [ -n "$non2xx" ]; then echo "$1: $non2xx non-2xx answers" >&2; exit 1; fi
    echo "$rps $p50 $p99"
}

"$kserve" serve --model "iris=$model" --port 18181 -q &
pids+=($!)
wait_ready http://127.0.0.1:18181/v2/health/ready
read -r ours_rps ours_p50 ours_p99 < <(measure kserve http://127.0.0.1:18181)
kill "${pids[0]}"

.venv/bin/python Tests/IntegrationTests/Peers/xgb_server.py --http_port 18182 --model_name iris \
    --model_file "$model" >"$logs/python.log" 2>&1 &
pids+=($!)
wait_ready http://127.0.0.1:18182/v2/health/ready
read -r py_rps py_p50 py_p99 < <(measure python http://127.0.0.1:18182)

ratio=$(python3 -c "print(f'{$ours_rps / $py_rps:.1f}')")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
    printf '\n### `kserve serve` vs the KServe Python model server: V2 JSON infer, small XGBoost model (%s)\n\n' \
        "$(date -u +%Y-%m-%d)"
    printf 'Machine: %s, %s cores. `bench/serve_vs_python.sh`: wrk 2 threads, %s connections, %s s each, one\n' \
        "$cpu" "$(nproc)" "$connections" "$duration"
    printf 'row of iris (4 features, 3-class softprob, 10 rounds). Python peer: kserve 0.21.0 `ModelServer`, one\n'
    printf 'worker, `xgboost.Booster.predict` as in KServe'"'"'s xgbserver. Latencies are wrk'"'"'s percentiles.\n\n'
    printf '| server | requests/s | p50 | p99 |\n|---|---|---|---|\n'
    printf '| kserve serve | %s | %s | %s |\n' "$ours_rps" "$ours_p50" "$ours_p99"
    printf '| KServe Python model server | %s | %s | %s |\n' "$py_rps" "$py_p50" "$py_p99"
    printf '\nRatio: %sx the requests/s.\n' "$ratio"
} >>docs/performance.md
echo "kserve: $ours_rps rps (p50 $ours_p50, p99 $ours_p99); python: $py_rps rps (p50 $py_p50, p99 $py_p99); ${ratio}x" >&2
