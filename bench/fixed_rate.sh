#!/usr/bin/env bash
# `kserve bench --rate` against a wrk2-style reference, in one run, at fixed rates, against three servers:
#   nginx   nginx from Debian answering every POST with a static JSON body (the fastest answer there is);
#   serve   `kserve serve` with examples/models (V2 JSON infer of iris);
#   delay   bench/delay_server.py answering each request DELAY_MS (5) after it arrived: a service time that dwarfs
#           both generators' own overheads.
# Then a stall check: bench/delay_server.py answering at once but pausing 200 ms every second; both open-loop p99s
# must show the pause (about 190 ms: a fifth of the requests wait up to 200 ms).
#
# The reference: neither wrk2 nor vegeta is packaged by Debian or PyPI (and no other registry is reachable), so it is
# Debian's wrk 4.1 (built with LuaJIT) running bench/wrk_constant_rate.lua: a fixed schedule of intended send times
# per connection (staggered, one send every 1/RATE s in total), latency from the intended send time to the answer,
# measured in Lua with CLOCK_MONOTONIC, as wrk2 does. It needs one wrk thread per connection, so wrk runs CONNECTIONS
# threads; `kserve bench` gets the same connection count and --threads THREADS (below 5,000/s it drives them from
# one event loop either way).
#
# Each cell is the median of RUNS runs; the two tools alternate within a run so that both see the same machine.
# The 10% bar: |kserve - wrk| <= 10% of wrk, for p50 and for p99. Prints the markdown and replaces this script's
# section of docs/performance.md (WRITE_DOCS=0 leaves it alone). Not a test.
#
# For the delay server the table also gives the share of requests that reached the server more than 1 ms after
# their slot of a perfect schedule (bench/arrival_spacing.py on the server's arrival times): the two generators' send
# punctuality seen by one outside clock.
#
# Environment: RATES ("500 2000"), SERVERS ("nginx serve delay"), CONNECTIONS (32), THREADS (2), DURATION (measured
# seconds per run, 5), WARMUP (1), RUNS (3), DELAY_MS (5), KSERVE (a kserve binary; default: built here in release),
# WRITE_DOCS (1), NICE (unset: run servers and generators at this nice level, e.g. -15 on a machine shared with
# builds; needs root).
# Runtime with the defaults: about 4.5 minutes after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
rates=${RATES:-500 2000}
servers=${SERVERS:-nginx serve delay}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
duration=${DURATION:-5}
warmup=${WARMUP:-1}
runs=${RUNS:-3}
delay_ms=${DELAY_MS:-5}
write_docs=${WRITE_DOCS:-1}
prio=()
[ -n "${NICE:-}" ] && prio=(nice -n "$NICE")

. bench/common.sh
need wrk wrk
[ -x /usr/sbin/nginx ] || need nginx nginx-light
need curl curl
need python3 python3
if [[ "$(ldd "$(command -v wrk)")" != *luajit* ]]; then
    echo "fixed_rate.sh: this wrk is not built with LuaJIT; wrk_constant_rate.lua needs its ffi" >&2
    exit 1
fi

kserve=$(release_kserve)
bench_workdir

body='{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[[6.1,2.8,4.7,1.2]]}]}'
printf '%s' "$body" >"$work/input.json"
answer='{"model_name":"iris","outputs":[{"name":"output-0","datatype":"FP32","shape":[1,3],"data":[0.01,0.97,0.02]}]}'

# nginx: one worker, keep-alive without limit, the same answer to every request.
nginx_port=$(free_port)
write_nginx_conf "$work" "$nginx_port" "$answer"
"${prio[@]}" /usr/sbin/nginx -c "$work/nginx.conf" -p "$work"

serve_port=$(free_port)
"${prio[@]}" "$kserve" serve --port "$serve_port" --models-dir examples/models --eager 2>"$work/serve.log" &
pids+=($!)
delay_port=$(free_port)
"${prio[@]}" python3 bench/delay_server.py "$delay_port" --delay-ms "$delay_ms" >/dev/null &
pids+=($!)
stall_port=$(free_port)
"${prio[@]}" python3 bench/delay_server.py "$stall_port" --delay-ms 0 --stall-ms 200 --period-s 1 >/dev/null &
pids+=($!)
wait_ready "http://127.0.0.1:$serve_port/v2/health/ready"
for port in $nginx_port $serve_port $delay_port $stall_port; do
    wait_ready "http://127.0.0.1:$port/v2/health/ready"
    curl -sf -o /dev/null -d "$body" "http://127.0.0.1:$port/v2/models/iris/infer"
done

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# Server-side punctuality: the share of the measured requests that arrived more than 1 ms after their slot.
arrivals_reset() { curl -sf -o /dev/null "http://127.0.0.1:$delay_port/arrivals"; }
arrivals_late() { # RATE
    curl -sf "http://127.0.0.1:$delay_port/arrivals" | tail -n +"$((warmup * $1 + 1))" | head -n "$((duration * $1))" |
        python3 bench/arrival_spacing.py "$1" | sed -E 's/.*late_share=([^ ]+).*/\1/'
}

run_kserve() { # PORT RATE -> "achieved p50_us p99_us late"
    "${prio[@]}" "$kserve" bench --url "http://127.0.0.1:$1" -m iris -i "$work/input.json" --rate "$2" \
        --connections "$connections" --threads "$threads" -d "${duration}s" --warmup "${warmup}s" -o json \
        2>>"$work/kserve-bench.log" | python3 -c '
import json, sys
level = json.load(sys.stdin)["levels"][0]
total = level["total"]
assert total["errors"]["total"] == 0, total["errors"]
print(total["throughput"], total["latencyMicros"]["p50"], total["latencyMicros"]["p99"], level["lateSends"])'
}

run_wrk() { # PORT RATE -> "achieved p50_us p99_us late"
    local out line
    out=$("${prio[@]}" wrk -t"$connections" -c"$connections" -d"$((warmup + duration + 1))s" \
        -s bench/wrk_constant_rate.lua "http://127.0.0.1:$1/v2/models/iris/infer" -- \
        "$2" "$connections" "$warmup" "$duration" "$work/input.json")
    line=$(grep '^fixed-rate ' <<<"$out") || { echo "wrk: no result line: $out" >&2; exit 1; }
    if ! grep -q ' errors=0 ' <<<"$line"; then echo "wrk: error answers: $line" >&2; exit 1; fi
    echo "$line" >>"$work/wrk-lines.log"
    field() { sed -E "s/.* $1=([^ ]+).*/\\1/" <<<"$line"; }
    echo "$(field achieved) $(field p50_us) $(field p99_us) $(field late)"
}

summarize() { # FILE -> "achieved p50 p99 late arrival-late-share" medians, then the lowest and highest p99
    echo "$(cut -d' ' -f1 "$1" | median) $(cut -d' ' -f2 "$1" | median) $(cut -d' ' -f3 "$1" | median)" \
        "$(cut -d' ' -f4 "$1" | median) $(cut -d' ' -f5 "$1" | median)" \
        "$(cut -d' ' -f3 "$1" | sort -g | head -n1) $(cut -d' ' -f3 "$1" | sort -g | tail -n1)"
}

measure() { # TOOL SERVER RATE: one run, appended to its file
    local port
    port=$(port_of "$2")
    [ "$2" = delay ] && arrivals_reset
    local line
    line=$("run_$1" "$port" "$3")
    if [ "$2" = delay ]; then line="$line $(arrivals_late "$3")"; else line="$line -"; fi
    echo "$line" >>"$work/$2-$3-$1.txt"
}

port_of() {
    case $1 in
        nginx) echo "$nginx_port" ;;
        serve) echo "$serve_port" ;;
        delay) echo "$delay_port" ;;
        stall) echo "$stall_port" ;;
    esac
}

declare -A result
started=$(date +%s)
for server in $servers; do
    for rate in $rates; do
        : >"$work/$server-$rate-kserve.txt"
        : >"$work/$server-$rate-wrk.txt"
        for run in $(seq 1 "$runs"); do
            echo "$server at $rate/s, run $run/$runs" >&2
            # Alternate which tool goes first.
            if [ $((run % 2)) -eq 1 ]; then
                measure kserve "$server" "$rate"
                measure wrk "$server" "$rate"
            else
                measure wrk "$server" "$rate"
                measure kserve "$server" "$rate"
            fi
        done
        result[$server-$rate-kserve]=$(summarize "$work/$server-$rate-kserve.txt")
        result[$server-$rate-wrk]=$(summarize "$work/$server-$rate-wrk.txt")
    done
done
stall_rate=500
echo "stall at $stall_rate/s" >&2
measure kserve stall "$stall_rate"
measure wrk stall "$stall_rate"
result[stall-kserve]=$(cat "$work/stall-$stall_rate-kserve.txt")
result[stall-wrk]=$(cat "$work/stall-$stall_rate-wrk.txt")
elapsed=$(($(date +%s) - started))

ms() { awk -v v="$1" 'BEGIN { printf "%.3f", v / 1000 }'; }
off() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.0f%%", (a - b) / b * 100 }'; }
share() { if [ "$1" = - ]; then echo -; else awk -v v="$1" 'BEGIN { printf "%.1f%%", v * 100 }'; fi; }
within() { awk -v a="$1" -v b="$2" 'BEGIN { d = (a - b) / b; if (d < 0) d = -d; print (d <= 0.10) ? "yes" : "no" }'; }

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
os=$(. /etc/os-release && echo "$PRETTY_NAME")
load=$(cut -d' ' -f1-3 /proc/loadavg)
section=$(
    echo "### \`kserve bench --rate\` vs a wrk2-style reference ($(date -u +%Y-%m-%d))"
    echo
    echo "Machine: $(nproc) cores ($cpu), $os; load average at the end $load. \`bench/fixed_rate.sh\`" \
        "(\`RATES=\"$rates\" CONNECTIONS=$connections THREADS=$threads DURATION=$duration WARMUP=$warmup" \
        "RUNS=$runs NICE=${NICE:-}\`, ${elapsed} s): medians of $runs runs, the two tools alternating." \
        "Reference: Debian's wrk 4.1" \
        "with \`bench/wrk_constant_rate.lua\` (neither wrk2 nor vegeta can be installed here): a fixed schedule of" \
        "intended sends, latency from the intended send time (wrk2's method), $connections connections on" \
        "$connections threads. \`kserve bench --rate R --connections $connections --threads $threads\`. Servers:" \
        "nginx (static JSON answer), \`kserve serve\` (V2 JSON infer of iris), \`bench/delay_server.py\`" \
        "(answers ${delay_ms} ms after each request). Bar: p50 and p99 within 10% of the reference." | fmt -w 120
    echo
    echo "| server | rate/s | tool | achieved/s | p50 (ms) | p99 (ms) | p99 of the runs (ms) | late sends |" \
        "arrived >1 ms late | p50 vs wrk | p99 vs wrk | within 10% |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for server in $servers; do
        for rate in $rates; do
            read -r w_rps w50 w99 wlate warr wlo whi <<<"${result[$server-$rate-wrk]}"
            read -r k_rps k50 k99 klate karr klo khi <<<"${result[$server-$rate-kserve]}"
            verdict="p50 $(within "$k50" "$w50"), p99 $(within "$k99" "$w99")"
            printf '| %s | %s | wrk + wrk_constant_rate.lua | %.0f | %s | %s | %s-%s | %s | %s | | | |\n' \
                "$server" "$rate" "$w_rps" "$(ms "$w50")" "$(ms "$w99")" "$(ms "$wlo")" "$(ms "$whi")" "$wlate" \
                "$(share "$warr")"
            printf '| %s | %s | kserve bench --rate | %.0f | %s | %s | %s-%s | %s | %s | %s | %s | %s |\n' \
                "$server" "$rate" "$k_rps" "$(ms "$k50")" "$(ms "$k99")" "$(ms "$klo")" "$(ms "$khi")" "$klate" \
                "$(share "$karr")" "$(off "$k50" "$w50")" "$(off "$k99" "$w99")" "$verdict"
        done
    done
    met=()
    missed=()
    for server in $servers; do
        ok=1
        for rate in $rates; do
            read -r _ w50 w99 _ <<<"${result[$server-$rate-wrk]}"
            read -r _ k50 k99 _ <<<"${result[$server-$rate-kserve]}"
            [ "$(within "$k50" "$w50")$(within "$k99" "$w99")" = yesyes ] || ok=0
        done
        if [ "$ok" = 1 ]; then met+=("$server"); else missed+=("$server"); fi
    done
    echo
    echo "10% bar (p50 and p99, every rate) met for: ${met[*]:-none}; not met for: ${missed[*]:-none}."
    echo
    read -r _ w50 w99 _ <<<"${result[stall-wrk]}"
    read -r _ k50 k99 _ <<<"${result[stall-kserve]}"
    echo "Stall check, one run at $stall_rate/s against \`bench/delay_server.py --delay-ms 0 --stall-ms 200\`" \
        "(nothing answered during the first 200 ms of every second; expected p99 about 190 ms): wrk2-style p50" \
        "$(ms "$w50") ms, p99 $(ms "$w99") ms; \`kserve bench --rate\` p50 $(ms "$k50") ms, p99 $(ms "$k99") ms." |
        fmt -w 120
)
echo "$section"

if [ "$write_docs" = 1 ]; then
    SECTION="$section" python3 - docs/performance.md <<'EOF'
import os, re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
section = os.environ["SECTION"].rstrip("\n") + "\n"
heading = "### `kserve bench --rate` vs a wrk2-style reference"
start = text.find(heading)
if start < 0:
    text = text.rstrip("\n") + "\n\n" + section
else:
    following = text.find("\n### ", start + len(heading))
    text = text[:start] + section + ("" if following < 0 else text[following:])
open(path, "w", encoding="utf-8").write(text)
EOF
    echo "fixed_rate.sh: wrote its section of docs/performance.md" >&2
fi
