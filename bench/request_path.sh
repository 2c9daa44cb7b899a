#!/usr/bin/env bash
# The inference request path against an earlier commit: V2 JSON infer of the README's iris example, wrk with 2
# threads and 16 connections, on a release build of BASE and a release build of the working tree, one after the
# other, RUNS times (the order alternates from run to run). Prints each run and the medians; with WRITE_DOCS=1
# (the default) replaces the "Request path" section of docs/performance.md (move the old one to History first).
#
#   bench/request_path.sh                           # BASE=22d4f4e (before the module re-cut), RUNS=5, DURATION=10
#   BASE=HEAD~3 RUNS=7 DURATION=15 bench/request_path.sh
#
# BASE is built in .build-bench/BASE-SHA (a git worktree with its own .build), kept for the next run. Run it on an
# otherwise idle machine: a build or test run beside it halves both figures.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-peers
. bench/common.sh
need wrk wrk
base_ref=${BASE:-22d4f4e}
runs=${RUNS:-5}
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}
write_docs=${WRITE_DOCS:-1}
base_sha=$(git rev-parse --short=12 "$base_ref")
head_sha=$(git rev-parse --short=12 HEAD)
dirty=$([ -n "$(git status --porcelain --untracked-files=no)" ] && echo "+changes" || true)

# The base: its own worktree and build directory, built once.
base_dir=".build-bench/base-$base_sha"
if [ ! -x "$base_dir/.build/release/kserve" ]; then
    rm -rf "$base_dir"
    git worktree prune
    git worktree add --detach "$base_dir" "$base_sha" >&2
    (cd "$base_dir" && swift build -c release --product kserve >&2)
fi
base_bin="$base_dir/.build/release/kserve"
head_bin=$(release_kserve)
[ -x "$head_bin" ] || { echo "request_path.sh: no kserve binary at $head_bin" >&2; exit 1; }

bench_workdir
model=examples/models/iris/model.json
body='{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[[6.1,2.8,4.7,1.2]]}]}'
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'$body'" \
    >"$work/post.lua"

# measure NAME BINARY -> "rps p50 p99" with the latencies in ms, from wrk's own distribution.
measure() {
    local port out rps p50 p99 non2xx
    port=$(free_port)
    "$2" serve --model "iris=$model" --port "$port" --ephemeral -q &
    local pid=$!
    pids+=("$pid")
    wait_ready "http://127.0.0.1:$port/v2/health/ready" || exit 1
    curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/v2/models/iris/infer"
    out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" \
        "http://127.0.0.1:$port/v2/models/iris/infer")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    if [ -n "$non2xx" ]; then echo "$1: $non2xx non-2xx answers" >&2; exit 1; fi
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
# to_ms 812.00us|1.23ms|1.01s -> milliseconds
to_ms() {
    python3 -c "
import re,sys
m=re.fullmatch(r'([0-9.]+)(us|ms|s)', sys.argv[1])
print(f'{float(m.group(1)) * {\"us\": 0.001, \"ms\": 1, \"s\": 1000}[m.group(2)]:.3f}')" "$1"
}

: >"$work/base.txt"
: >"$work/head.txt"
for run in $(seq 1 "$runs"); do
    if [ $((run % 2)) -eq 1 ]; then order="base head"; else order="head base"; fi
    for side in $order; do
        bin=$base_bin
        [ "$side" = head ] && bin=$head_bin
        result=$(measure "$side" "$bin")
        echo "$result" >>"$work/$side.txt"
        echo "run $run $side: $result (requests/s, p50 ms, p99 ms)" >&2
    done
done

summary=$(python3 - "$work/base.txt" "$work/head.txt" <<'PY'
import statistics, sys
def load(path):
    rows = [list(map(float, line.split())) for line in open(path) if line.strip()]
    return [statistics.median(column) for column in zip(*rows)], rows
(base, base_rows), (head, head_rows) = load(sys.argv[1]), load(sys.argv[2])
print(f"{base[0]:.0f} {base[1]:.3f} {base[2]:.3f} {head[0]:.0f} {head[1]:.3f} {head[2]:.3f} "
      f"{head[0] / base[0] - 1:+.1%} {head[2] / base[2] - 1:+.1%} "
      f"{min(r[0] for r in base_rows):.0f}-{max(r[0] for r in base_rows):.0f} "
      f"{min(r[0] for r in head_rows):.0f}-{max(r[0] for r in head_rows):.0f} "
      f"{min(r[2] for r in base_rows):.3f}-{max(r[2] for r in base_rows):.3f} "
      f"{min(r[2] for r in head_rows):.3f}-{max(r[2] for r in head_rows):.3f}")
PY
)
read -r b_rps b_p50 b_p99 h_rps h_p50 h_p99 d_rps d_p99 b_range h_range b_p99r h_p99r <<<"$summary"
echo "base $base_sha: $b_rps rps, p50 $b_p50 ms, p99 $b_p99 ms; head $head_sha$dirty: $h_rps rps, p50 $h_p50 ms," \
    "p99 $h_p99 ms; requests/s $d_rps, p99 $d_p99" >&2

[ "$write_docs" = 1 ] || exit 0
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
section=$(
    printf '### Request path: this tree against %s, V2 JSON infer of iris (%s)\n\n' "$base_sha" "$(date -u +%Y-%m-%d)"
    printf 'Machine: %s, %s cores. Command: `BASE=%s RUNS=%s DURATION=%s bench/request_path.sh` at %s%s:\n' \
        "$cpu" "$(nproc)" "$base_ref" "$runs" "$duration" "$head_sha" "$dirty"
    printf 'release builds of both, `kserve serve --model iris=...`, wrk 2 threads, %s connections, %s s per run,\n' \
        "$connections" "$duration"
    printf 'the two alternating (the order flips every run); medians of %s runs, ranges across runs.\n\n' "$runs"
    printf '| build | requests/s | range | p50 ms | p99 ms | p99 range |\n|---|---|---|---|---|---|\n'
    printf '| %s (base) | %s | %s | %s | %s | %s |\n' "$base_sha" "$b_rps" "$b_range" "$b_p50" "$b_p99" "$b_p99r"
    printf '| %s%s | %s | %s | %s | %s | %s |\n' "$head_sha" "$dirty" "$h_rps" "$h_range" "$h_p50" "$h_p99" "$h_p99r"
    printf '\nChange: requests/s %s, p99 %s.\n' "$d_rps" "$d_p99"
)
python3 - docs/performance.md "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pattern = re.compile(r"### Request path: .*?(?=\n### |\n## )", re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: section.rstrip() + "\n", text, count=1)
else:
    text = text.replace("\n## History", "\n" + section.rstrip() + "\n\n## History", 1)
open(path, "w").write(text)
PY
