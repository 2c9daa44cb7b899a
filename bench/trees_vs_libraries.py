"""Times xgboost and lightgbm predictions on the example models, beside the native executors (trees-bench).

Usage: .venv/bin/python bench/trees_vs_libraries.py  (bench/trees.sh runs it and writes docs/performance.md)
Library side, per model: single-row time = median over 20 rounds of 1000 `inplace_predict`/`predict` calls on one
row each (Python call overhead included: that is what a server pays per request); batch time = median of 50 calls
on 1000 rows (overhead amortised over the rows). Threads: xgboost nthread=1, lightgbm num_threads=1, like the
native executors, which run one request on one thread.
"""

import json
import subprocess
import sys
import tempfile
import time

import lightgbm
import numpy as np
import xgboost

bench = sys.argv[1] if len(sys.argv) > 1 else ".build/release/trees-bench"


def median(values):
    return sorted(values)[len(values) // 2]


def time_calls(predict_one, predict_batch, rows):
    single = []
    for _ in range(20):
        start = time.perf_counter_ns()
        for row in rows[:1000]:
            predict_one(row[None, :])
        single.append((time.perf_counter_ns() - start) / 1000 / 1000)
    batch = []
    for _ in range(50):
        start = time.perf_counter_ns()
        predict_batch(rows[:1000])
        batch.append((time.perf_counter_ns() - start) / 1000)
    return median(single), median(batch)


def native(framework, model_file, rows):
    with tempfile.NamedTemporaryFile("w", suffix=".json") as handle:
        json.dump([[None if np.isnan(v) else float(v) for v in row] for row in rows], handle)
        handle.flush()
        out = subprocess.run([bench, framework, model_file, handle.name], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


rng = np.random.default_rng(11)
results = []

booster = xgboost.Booster(params={"nthread": 1}, model_file="examples/models/iris/model.json")
iris_rows = rng.uniform([4, 2, 1, 0], [8, 4.5, 7, 2.5], size=(1000, 4)).astype(np.float32)
xgb_single, xgb_batch = time_calls(lambda r: booster.inplace_predict(r), lambda r: booster.inplace_predict(r), iris_rows)
ours = native("xgboost", "examples/models/iris/model.json", iris_rows.astype(np.float64))
results.append(("XGBoost iris (10 rounds x 3 classes, depth 3)", "xgboost " + xgboost.__version__,
                xgb_single, xgb_batch, ours))

regressor = lightgbm.Booster(model_file="examples/models/diabetes/model.txt", params={"num_threads": 1})
diabetes_rows = rng.normal(0, 0.05, size=(1000, 10))
lgb_single, lgb_batch = time_calls(lambda r: regressor.predict(r, num_threads=1),
                                   lambda r: regressor.predict(r, num_threads=1), diabetes_rows)
ours = native("lightgbm", "examples/models/diabetes/model.txt", diabetes_rows)
results.append(("LightGBM diabetes (20 trees, 8 leaves)", "lightgbm " + lightgbm.__version__,
                lgb_single, lgb_batch, ours))

print(json.dumps([
    {"model": m, "library": lib, "library_single_us": s, "library_batch_1000_us": b,
     "native_single_us": o["single_row_us"], "native_batch_1000_us": o["batch_1000_us"]}
    for m, lib, s, b, o in results
]))
