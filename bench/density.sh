#!/usr/bin/env bash
# Density: many small models in one `kserve serve` process (multi-model serving).
#  1. Registers MODELS (default 10,000) small tree models (bench/make_density_models.py: half XGBoost, half
#     LightGBM, 5 rounds x 3 classes each) from one directory; start-up time and memory with none loaded.
#  2. Loads every one through the repository API: load latency (the server's load-duration histogram), memory
#     per loaded model (the executors' accounted bytes, and the process's RSS growth).
#  3. Restarts with a memory budget that holds BUDGET_SHARE of them and drives zipf-distributed V1 traffic across
#     all models at a fixed RATE with `kserve bench` (open loop: latencies from the intended send times):
#     evictions, loads, p50/p99.
# Appends the figures to docs/performance.md. KSERVE names an existing kserve binary (default: a release build).
set -euo pipefail
cd "$(dirname "$0")/.."
models=${MODELS:-10000}
rate=${RATE:-500}
duration=${DURATION:-60}
zipf=${ZIPF:-1.1}
budget_share=${BUDGET_SHARE:-0.1}
dir=${DENSITY_DIR:-/tmp/kserve-density-$models}
port=18191
scripts/setup.sh
. bench/common.sh
kserve=$(release_kserve)
if [ "$(find "$dir" -maxdepth 1 -name 'm-*' 2>/dev/null | wc -l)" -ne "$models" ]; then
    rm -rf "$dir"
    .venv/bin/python bench/make_density_models.py "$dir" "$models"
fi
body=$(mktemp --suffix=.json)
echo '{"instances": [[6.1, 2.8, 4.7, 1.2]]}' >"$body"
out=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$body" "$out"' EXIT

now_ms() { date +%s%3N; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
metric() { # NAME -> value of an unlabelled sample
    curl -sf "http://127.0.0.1:$port/metrics" | awk -v n="$1" '$1 == n {print $2}'
}
start_server() { # extra serve flags... -> sets pid and startup_ms
    local began
    began=$(now_ms)
    "$kserve" serve --models-dir "$dir" --port "$port" -q "$@" >>"$out/serve.log" 2>&1 &
    pid=$!
    wait_ready "http://127.0.0.1:$port/v2/health/ready"
    startup_ms=$(($(now_ms) - began))
}
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

# 1 + 2: every model loaded, no budget.
start_server
registered=$(metric kserve_models_registered)
rss_empty=$(rss_kib "$pid")
began=$(now_ms)
seq -f 'm-%05g' 0 $((models - 1)) | xargs -P 4 -I{} \
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/v2/repository/models/{}/load"
load_all_ms=$(($(now_ms) - began))
loaded=$(metric kserve_models_loaded)
resident=$(metric kserve_models_resident_bytes)
rss_full=$(rss_kib "$pid")
curl -sf "http://127.0.0.1:$port/metrics" | grep '^kserve_model_load_duration_seconds' >"$out/loads.txt"
stop_server

# 3: a budget for a share of the models, zipf traffic at a fixed rate.
budget=$(python3 -c "print(int($resident * $budget_share))")
start_server --memory "$budget"
"$kserve" bench --url "http://127.0.0.1:$port" --models 'm-*' --distribution "zipf:$zipf" --rate "$rate" \
    --arrival poisson --duration "${duration}s" --warmup 5s --protocol v1 --input "$body" -o json >"$out/bench.json"
evictions=$(metric kserve_model_evictions_total)
loads=$(metric kserve_model_loads_total)
loaded_after=$(metric kserve_models_loaded)
rss_budget=$(rss_kib "$pid")
stop_server

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
python3 - "$out" "$cpu" "$(nproc)" "$(date -u +%Y-%m-%d)" "$models" "$registered" "$startup_ms" "$rss_empty" \
    "$load_all_ms" "$loaded" "$resident" "$rss_full" "$budget" "$rate" "$duration" "$zipf" "$evictions" "$loads" \
    "$loaded_after" "$rss_budget" >>docs/performance.md <<'PY'
import json, sys
(out, cpu, cores, day, models, registered, startup_ms, rss_empty, load_all_ms, loaded, resident, rss_full, budget,
 rate, duration, zipf, evictions, loads, loaded_after, rss_budget) = sys.argv[1:]
buckets, total, count = [], 0.0, 0
for line in open(f"{out}/loads.txt"):
    name, value = line.rsplit(" ", 1)
    if "_bucket" in name:
        le = name.split('le="')[1].split('"')[0]
        buckets.append((float("inf") if le == "+Inf" else float(le), float(value)))
    elif name.endswith("_sum"):
        total = float(value)
    elif name.endswith("_count"):
        count = int(float(value))
def quantile(q):  # upper bound of the bucket holding the quantile
    for bound, cumulative in buckets:
        if cumulative >= q * count:
            return bound
    return float("inf")
report = json.load(open(f"{out}/bench.json"))
level = report["levels"][-1]
t = level["total"]
lat = t["latencyMicros"]
loaded, resident = int(float(loaded)), int(float(resident))
per_model_accounted = resident / max(loaded, 1)
per_model_rss = (int(rss_full) - int(rss_empty)) * 1024 / max(loaded, 1)
print(f"\n### Density: {int(models):,} models in one `kserve serve` ({day})\n")
print(f"Machine: {cpu}, {cores} cores. `bench/density.sh`: {int(models):,} small tree models (half XGBoost JSON, half")
print("LightGBM text; 5 rounds x 3 classes, each trained on its own bootstrap of iris) in one `--models-dir`.\n")
print("| measure | value |\n|---|---|")
print(f"| models registered; start-up to ready | {int(float(registered)):,}; {int(startup_ms)} ms |")
print(f"| RSS with none loaded | {int(rss_empty) / 1024:.1f} MiB |")
print(f"| all loaded through the repository API (4 clients) | {loaded:,} in {int(load_all_ms) / 1000:.1f} s |")
print(f"| load latency (server histogram): mean; p50; p99 bucket | {total / max(count, 1) * 1e3:.2f} ms; "
      f"<= {quantile(0.5) * 1e3:g} ms; <= {quantile(0.99) * 1e3:g} ms |")
print(f"| memory per loaded model: accounted (flattened trees) | {per_model_accounted / 1024:.1f} KiB |")
print(f"| memory per loaded model: process RSS growth | {per_model_rss / 1024:.1f} KiB |")
print(f"| RSS with all loaded | {int(rss_full) / 1024:.1f} MiB |")
print(f"\nThen `--memory {int(budget):,}` bytes (a tenth of all models' accounted bytes), `kserve bench --models 'm-*'")
print(f"--distribution zipf:{zipf} --rate {rate} --arrival poisson --duration {duration}s --protocol v1` (open loop,")
print("latency from each request's intended send time):\n")
print("| measure | value |\n|---|---|")
print(f"| requests; errors; throughput | {t['requests']:,}; {t['errors']['total']}; "
      f"{t['throughput']:.0f}/s |")
print(f"| latency p50; p99; max | {lat['p50'] / 1000:.2f} ms; {lat['p99'] / 1000:.2f} ms; {lat['max'] / 1000:.2f} ms |")
print(f"| late sends; dropped sends | {level.get('lateSends', 0)}; {level.get('droppedSends', 0)} |")
print(f"| models loaded at the end; loads; evictions | {int(float(loaded_after)):,}; {int(float(loads)):,}; "
      f"{int(float(evictions)):,} |")
print(f"| RSS at the end | {int(rss_budget) / 1024:.1f} MiB |")
PY
tail -25 docs/performance.md >&2
