#!/usr/bin/env bash
# Single-row and 1000-row prediction time of the native tree executors against the xgboost and lightgbm
# libraries on the example models, in one run. Appends a table to docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product trees-bench >&2
json=$(.venv/bin/python bench/trees_vs_libraries.py .build/release/trees-bench)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
python3 - "$json" "$cpu" "$(nproc)" "$(date -u +%Y-%m-%d)" >>docs/performance.md <<'PY'
import json, sys
rows, cpu, cores, day = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
print(f"\n### Tree executors vs the libraries ({day})\n")
print(f"Machine: {cpu}, {cores} cores. `bench/trees.sh`: one thread on both sides. Single row: median per call over")
print("20 rounds of 1000 one-row calls (Python's call overhead included on the library side, as a server pays it")
print("per request). Batch: median of 50 calls on 1000 rows (overhead amortised over the rows).\n")
print("| model | library | single row: library | single row: native | 1000 rows: library | 1000 rows: native |")
print("|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['model']} | {r['library']} | {r['library_single_us']:.1f} µs | {r['native_single_us']:.2f} µs "
          f"| {r['library_batch_1000_us']:.0f} µs | {r['native_batch_1000_us']:.0f} µs |")
PY
tail -8 docs/performance.md >&2
