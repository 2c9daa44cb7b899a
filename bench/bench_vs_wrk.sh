#!/usr/bin/env bash
# `kserve bench` side by side with wrk and hey, in one run, against two fast servers: nginx answering every POST
# with a static JSON body, and `kserve serve` with examples/models (V2 JSON inference of iris). Closed loop, same
# concurrency and duration for every tool: requests/s, p50, p99 (medians of RUNS runs). The fixed-rate comparison
# (open loop against a wrk2-style reference) is bench/fixed_rate.sh.
#
# Prints a markdown table for docs/performance.md. Not a test. Environment: CONCURRENCY (16), DURATION (10 s),
# RUNS (3), THREADS (2: wrk -t and kserve bench --threads), KSERVE (a kserve binary; default: built here in release).
set -euo pipefail
cd "$(dirname "$0")/.."
concurrency=${CONCURRENCY:-16}
duration=${DURATION:-10}
runs=${RUNS:-3}
threads=${THREADS:-2}

. bench/common.sh
need wrk wrk
need hey hey
[ -x /usr/sbin/nginx ] || need nginx nginx-light
need curl curl
need python3 python3

kserve=$(release_kserve)
bench_workdir


body='{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[[6.1,2.8,4.7,1.2]]}]}'
echo "$body" >"$work/input.json"
answer='{"model_name":"iris","outputs":[{"name":"output-0","datatype":"FP32","shape":[1,3],"data":[0.01,0.97,0.02]}]}'

# nginx: one worker, keep-alive without limit, the same answer to every request.
nginx_port=$(free_port)
write_nginx_conf "$work" "$nginx_port" "$answer"
/usr/sbin/nginx -c "$work/nginx.conf" -p "$work"

serve_port=$(free_port)
"$kserve" serve --port "$serve_port" --models-dir examples/models --eager 2>"$work/serve.log" &
pids+=($!)
wait_ready "http://127.0.0.1:$serve_port/v2/health/ready"
curl -sf -o /dev/null -d "$body" "http://127.0.0.1:$serve_port/v2/models/iris/infer"
curl -sf -o /dev/null -d "$body" "http://127.0.0.1:$nginx_port/v2/models/iris/infer"

cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$body'
EOF

# Converters to microseconds.
to_us() { # "1.23ms" | "850.00us" | "1.2s" -> microseconds
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); print v + 0 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); print v * 1000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000000 }
        else print v }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

run_kserve() { # URL [extra...] -> "rps p50_us p99_us"
    local url=$1
    shift
    "$kserve" bench --url "$url" -m iris -i "$work/input.json" --threads "$threads" -d "${duration}s" \
        --warmup 1s -o json "$@" 2>/dev/null | python3 -c '
import json, sys
level = json.load(sys.stdin)["levels"][0]
total = level["total"]
assert total["errors"]["total"] == 0, total["errors"]
print(total["throughput"], total["latencyMicros"]["p50"], total["latencyMicros"]["p99"])'
}

run_wrk() { # URL LUA [lua args...] -> "rps p50_us p99_us"
    local url=$1 lua=$2
    shift 2
    local out
    out=$(wrk -t"$threads" -c"$concurrency" -d"${duration}s" --latency -s "$lua" "$url/v2/models/iris/infer" -- "$@")
    if grep -q "Non-2xx" <<<"$out"; then echo "wrk: non-2xx answers" >&2; exit 1; fi
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_us "$(awk '$1 == "50%" {print $2}' <<<"$out")")" \
        "$(to_us "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
}

run_hey() { # URL -> "rps p50_us p99_us"
    local out
    out=$(hey -c "$concurrency" -z "${duration}s" -m POST -T application/json -d "$body" "$1/v2/models/iris/infer")
    local statuses
    statuses=$(awk '/Status code distribution/ { on = 1; next } on && /\[[0-9]+\]/ { print $1 }' <<<"$out")
    if [ "$statuses" != "[200]" ]; then echo "hey: answers other than 200: $statuses" >&2; fi
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
        "$(awk '$1 == "50%" {print $3 * 1000000}' <<<"$out")" "$(awk '$1 == "99%" {print $3 * 1000000}' <<<"$out")"
}

summarize() { # FILE -> "rps p50 p99" medians
    echo "$(cut -d' ' -f1 "$1" | median) $(cut -d' ' -f2 "$1" | median) $(cut -d' ' -f3 "$1" | median)"
}

declare -A result
for server in nginx serve; do
    port=$nginx_port
    [ "$server" = serve ] && port=$serve_port
    url="http://127.0.0.1:$port"
    for tool in kserve wrk hey; do : >"$work/$server-$tool.txt"; done
    for run in $(seq 1 "$runs"); do
        echo "closed loop, $server, run $run/$runs" >&2
        run_kserve "$url" -c "$concurrency" >>"$work/$server-kserve.txt"
        run_wrk "$url" "$work/post.lua" >>"$work/$server-wrk.txt"
        run_hey "$url" >>"$work/$server-hey.txt"
    done
    for tool in kserve wrk hey; do result[$server-$tool]=$(summarize "$work/$server-$tool.txt"); done
done

fmt() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
ms() { awk -v v="$1" 'BEGIN { printf "%.3f", v / 1000 }'; }
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')):" \
    "closed loop at concurrency $concurrency for ${duration} s, $threads generator threads, medians of $runs runs."
echo
echo "| server | tool | requests/s | p50 (ms) | p99 (ms) | vs wrk |"
echo "|---|---|---:|---:|---:|---:|"
for server in nginx serve; do
    read -r wrk_rps _ _ <<<"${result[$server-wrk]}"
    for tool in kserve wrk hey; do
        read -r rps p50 p99 <<<"${result[$server-$tool]}"
        name=$tool
        [ "$tool" = kserve ] && name="kserve bench"
        share=$(awk -v a="$rps" -v b="$wrk_rps" 'BEGIN { printf "%.0f%%", a / b * 100 }')
        echo "| $server | $name | $(fmt "$rps") | $(ms "$p50") | $(ms "$p99") | $share |"
    done
done
