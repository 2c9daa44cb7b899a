#!/usr/bin/env python3
"""Trains small XGBoost models on data sets shipped with scikit-learn and writes test fixtures.

For every case it writes `xgboost/<name>.json` (the model, saved by XGBoost as JSON) and
`xgboost/<name>.expected.json`: the input rows and what `Booster.predict(DMatrix(rows))` returns for them, computed
by a Booster loaded back from the written file. Input rows are float64 written as strings in Python's `repr` form
("nan" for missing); predictions are float32 bit patterns as 8 hex digits, so a test compares bits, not values.

Also written: `old_base_score_*.json` (a model whose base_score was rewritten in the scalar form XGBoost <= 3.0
saved), `nonfinite_values.json` (NaN and infinite numbers, which XGBoost writes as NaN and Infinity) and
`float_midpoint.json` (a threshold whose text a text -> double -> float conversion misreads); XGBoost itself loads
each and predicts the expected values. And `ubjson.ubj`, a UBJSON model file.

Usage, with the project's venv (xgboost, scikit-learn and numpy only):
    .venv/bin/python Tests/TreesTests/Fixtures/make_xgboost_fixtures.py            # rewrite the fixtures
    .venv/bin/python Tests/TreesTests/Fixtures/make_xgboost_fixtures.py --live DIR --seed N
The second form trains fresh models on random data into DIR (for the live interop test) and prints their names.
Output is deterministic for one set of library versions.
"""

import argparse
import json
import os
import struct
import sys

import numpy as np
import sklearn
import xgboost as xgb
from sklearn import datasets

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xgboost")

COMMON = {"max_depth": 3, "eta": 0.3, "nthread": 1, "seed": 7, "tree_method": "hist"}


def with_nan(x, fraction, rng):
    x = x.copy()
    x[rng.random(x.shape) < fraction] = np.nan
    return x


def breast_cancer():
    x, y = datasets.load_breast_cancer(return_X_y=True)
    return x[:, :12], y  # the first twelve features keep the fixtures small


def categorical_diabetes(rng):
    """Diabetes with sex (2 categories, one-hot splits) and binned bmi and bp (12 and 9, partition splits)."""
    x, y = datasets.load_diabetes(return_X_y=True)
    sex = (x[:, 1] > 0).astype(float)
    bmi = np.digitize(x[:, 2], np.quantile(x[:, 2], np.linspace(0, 1, 13)[1:-1])).astype(float)
    bp = np.digitize(x[:, 3], np.quantile(x[:, 3], np.linspace(0, 1, 10)[1:-1])).astype(float)
    x = np.column_stack([x[:, [0, 4, 5, 8]], sex, bmi, bp])
    x[rng.random(x.shape[0]) < 0.1, 5] = np.nan
    return x, y, ["q", "q", "q", "q", "c", "c", "c"]


def cases(rng):
    """(name, X, y, params, rounds, feature_types or None, feature_names or None)."""
    xd, yd = datasets.load_diabetes(return_X_y=True)
    xb, yb = breast_cancer()
    xi, yi = datasets.load_iris(return_X_y=True)
    xw, yw = datasets.load_wine(return_X_y=True)
    xg, yg = datasets.load_digits(return_X_y=True)
    xc, yc, types = categorical_diabetes(rng)
    diabetes_names = list(datasets.load_diabetes().feature_names)
    unit = (yd - yd.min()) / (yd.max() - yd.min())
    return [
        ("reg_squarederror", xd, yd, {"objective": "reg:squarederror"}, 6, None, diabetes_names),
        ("reg_squarederror_exact", with_nan(xd, 0.1, rng), yd,
         {"objective": "reg:squarederror", "tree_method": "exact", "max_depth": 4}, 5, None, None),
        ("reg_absoluteerror", xd, yd, {"objective": "reg:absoluteerror"}, 5, None, None),
        ("reg_logistic", with_nan(xd, 0.1, rng), unit, {"objective": "reg:logistic"}, 5, None, None),
        ("count_poisson", with_nan(xd, 0.1, rng), np.floor(yd / 10), {"objective": "count:poisson", "max_depth": 4}, 5,
         None, None),
        ("reg_gamma", xd, yd, {"objective": "reg:gamma"}, 5, None, None),
        ("reg_tweedie", with_nan(xd, 0.1, rng), yd,
         {"objective": "reg:tweedie", "tweedie_variance_power": 1.3}, 5, None, None),
        ("binary_logistic", with_nan(xb, 0.1, rng), yb, {"objective": "binary:logistic", "max_depth": 5}, 6, None,
         None),
        ("binary_logitraw", xb, yb, {"objective": "binary:logitraw"}, 5, None, None),
        ("multi_softprob", with_nan(xi, 0.1, rng), yi, {"objective": "multi:softprob", "num_class": 3}, 4, None,
         None),
        ("multi_softmax", with_nan(xw, 0.1, rng), yw, {"objective": "multi:softmax", "num_class": 3, "max_depth": 4}, 4,
         None, None),
        ("multi_softprob_digits", xg, yg, {"objective": "multi:softprob", "num_class": 10, "max_depth": 4}, 2, None,
         None),
        ("rf_regression", xd, yd, {"objective": "reg:squarederror", "num_parallel_tree": 4, "subsample": 0.7,
                                   "colsample_bynode": 0.7, "eta": 1.0}, 2, None, None),
        ("dart_binary", with_nan(xb, 0.1, rng), yb, {"booster": "dart", "objective": "binary:logistic",
                                                     "rate_drop": 0.5, "skip_drop": 0.0, "max_depth": 4}, 8, None,
         None),
        ("dart_multi_softprob", xw, yw, {"booster": "dart", "objective": "multi:softprob", "num_class": 3,
                                         "rate_drop": 0.4, "skip_drop": 0.0, "normalize_type": "forest"}, 4, None,
         None),
        ("categorical", xc, yc, {"objective": "reg:squarederror", "max_cat_to_onehot": 4}, 5, types, None),
    ]


def f32_hex(value):
    return struct.pack(">f", float(value)).hex()


def text(value):
    return repr(float(value))


def splits(model_path, trees=3):
    """(feature, threshold) of the numeric splits in the first trees of a saved JSON model."""
    with open(model_path) as handle:
        learner = json.load(handle)["learner"]
    booster = learner["gradient_booster"]
    model = booster["gbtree"]["model"] if booster["name"] == "dart" else booster["model"]
    found = []
    for tree in model["trees"][:trees]:
        for node, left in enumerate(tree["left_children"]):
            if left != -1 and tree["split_type"][node] == 0:
                found.append((tree["split_indices"][node], tree["split_conditions"][node]))
    return found


def input_rows(x, model_path, categorical, rng, count=16):
    """Data rows, the same rows with NaN, rows exactly on thresholds (and on float64 values that round to them),
    and edge rows."""
    n, width = x.shape
    picked = x[rng.choice(n, size=count, replace=False)].copy()
    missing = with_nan(picked[: count // 2], 0.3, rng)
    ties = []
    for i, (feature, threshold) in enumerate(splits(model_path)[:10]):
        row = picked[i % len(picked)].copy()
        t = float(np.float32(threshold))
        row[feature] = t if i % 2 == 0 else np.nextafter(t, np.inf if i % 4 == 1 else -np.inf)
        ties.append(row)
    edge = [np.full(width, np.nan), np.zeros(width), np.full(width, -0.0),
            np.array([[1e-45, -1e-45, 1e-39, 3.0e38, -3.0e38][i % 5] for i in range(width)])]
    rows = [*picked, *missing, *ties, *edge]
    if categorical:
        odd = [-1.0, 2.7, -0.5, 1e6, 16777216.0, 16777215.0, 31.0, 32.0, 3.999, np.nan, 0.0, -0.0]
        for k in range(len(odd)):
            row = picked[k % len(picked)].copy()
            for j, feature in enumerate(categorical):
                row[feature] = odd[(k + 5 * j) % len(odd)]
            rows.append(row)
    return np.ascontiguousarray(np.array(rows, dtype=np.float64))


def write_expected(directory, name, model_file, rows, feature_types):
    """Predicts `rows` with a Booster read back from `model_file` and writes `<name>.expected.json`."""
    booster = xgb.Booster(model_file=os.path.join(directory, model_file))
    matrix = xgb.DMatrix(rows, feature_names=booster.feature_names, feature_types=feature_types,
                         enable_categorical=feature_types is not None)
    predicted = np.asarray(booster.predict(matrix), dtype=np.float32)
    per_row = 1 if predicted.ndim == 1 else predicted.shape[1]
    config = json.loads(booster.save_config())["learner"]
    document = {
        "model": model_file,
        "xgboost": xgb.__version__,
        "objective": config["objective"]["name"],
        "feature_count": booster.num_features(),
        "feature_names": booster.feature_names,
        "outputs_per_row": per_row,
        "rows": [[text(v) for v in row] for row in rows],
        "predictions": [f32_hex(v) for v in predicted.reshape(-1)],
    }
    with open(os.path.join(directory, name + ".expected.json"), "w") as handle:
        json.dump(document, handle, indent=None, separators=(",", ":"))
        handle.write("\n")


def train(directory, name, x, y, params, rounds, feature_types, feature_names, rng, rows=None):
    matrix = xgb.DMatrix(x, y, feature_types=feature_types, feature_names=feature_names,
                         enable_categorical=feature_types is not None)
    booster = xgb.train({**COMMON, **params}, matrix, num_boost_round=rounds)
    path = os.path.join(directory, name + ".json")
    booster.save_model(path)
    categorical = [i for i, t in enumerate(feature_types or []) if t == "c"]
    if rows is None:
        rows = input_rows(x, path, categorical, rng)
    write_expected(directory, name, name + ".json", rows, feature_types)
    return path, rows


def rewrite_base_score(directory, source, name, scalar):
    """Copies a model with base_score in the scalar form XGBoost <= 3.0 wrote (e.g. "5E-1")."""
    with open(os.path.join(directory, source + ".json")) as handle:
        document = json.load(handle)
    document["learner"]["learner_model_param"]["base_score"] = scalar
    with open(os.path.join(directory, name + ".json"), "w") as handle:
        json.dump(document, handle, separators=(",", ":"))


def write_nonfinite(directory, source, name):
    """Copies a model with NaN and infinite numbers where XGBoost itself reads and writes them ("NaN", "Infinity"):
    a NaN threshold at a default-left split, infinite leaves, NaN statistics."""
    with open(os.path.join(directory, source + ".json")) as handle:
        document = json.load(handle)
    trees = document["learner"]["gradient_booster"]["model"]["trees"]
    trees[0]["split_conditions"][0] = float("nan")
    trees[0]["default_left"][0] = 1
    trees[0]["loss_changes"][0] = float("nan")
    trees[0]["sum_hessian"][0] = float("inf")
    for tree, value in ((trees[1], float("inf")), (trees[2], float("-inf"))):
        leaf = tree["left_children"].index(-1)
        tree["split_conditions"][leaf] = value
        tree["base_weights"][leaf] = value
    with open(os.path.join(directory, name + ".json"), "w") as handle:
        json.dump(document, handle, separators=(",", ":"))


# The shortest text of the float 0x1.5c87fap-84 is 7.038531e-26, and the double nearest that text is exactly the
# midpoint between this float and the next one up: text -> double -> float rounds to the wrong neighbour (to even),
# while XGBoost reads the text straight to the float.
MIDPOINT_TEXT_FLOAT = float.fromhex("0x1.5c87fap-84")
MIDPOINT_OTHER_FLOAT = float.fromhex("0x1.5c87fcp-84")


def write_float_midpoint(directory, source, name, rows):
    """Copies a model with the root threshold of its first tree set to 7.038531e-26 and rows on both floats."""
    with open(os.path.join(directory, source + ".json")) as handle:
        document = json.load(handle)
    tree = document["learner"]["gradient_booster"]["model"]["trees"][0]
    tree["split_conditions"][0] = 7.038531e-26
    with open(os.path.join(directory, name + ".json"), "w") as handle:
        json.dump(document, handle, separators=(",", ":"))
    feature = tree["split_indices"][0]
    probes = [MIDPOINT_TEXT_FLOAT, MIDPOINT_OTHER_FLOAT, 7.038531e-26, 0.0, -MIDPOINT_TEXT_FLOAT, 1e-25]
    picked = []
    for i, probe in enumerate(probes * 2):
        row = rows[i % len(rows)].copy()
        row[feature] = probe
        picked.append(row)
    reread = xgb.Booster(model_file=os.path.join(directory, name + ".json"))
    # XGBoost writes back what it read: the other float would print as 7.0385313E-26.
    saved = reread.save_raw("json").decode()
    assert '"split_conditions":[7.038531E-26,' in saved, "XGBoost read the threshold as another float"
    return np.array(picked)


def fixtures():
    os.makedirs(FIXTURES, exist_ok=True)
    for entry in os.listdir(FIXTURES):
        if entry.endswith((".json", ".ubj")):
            os.remove(os.path.join(FIXTURES, entry))
    rng = np.random.default_rng(20260302)
    rows_of = {}
    for name, x, y, params, rounds, types, names in cases(rng):
        _, rows_of[name] = train(FIXTURES, name, x, y, params, rounds, types, names, rng)
    # The scalar base_score of older XGBoost: one binary model (its own value) and one softprob model (broadcast).
    rewrite_base_score(FIXTURES, "binary_logistic", "old_base_score_binary", "6.274165E-1")
    write_expected(FIXTURES, "old_base_score_binary", "old_base_score_binary.json", rows_of["binary_logistic"], None)
    rewrite_base_score(FIXTURES, "multi_softprob", "old_base_score_softprob", "5E-1")
    write_expected(FIXTURES, "old_base_score_softprob", "old_base_score_softprob.json", rows_of["multi_softprob"],
                   None)
    midpoint_rows = write_float_midpoint(FIXTURES, "reg_squarederror", "float_midpoint", rows_of["reg_squarederror"])
    write_expected(FIXTURES, "float_midpoint", "float_midpoint.json", midpoint_rows, None)
    write_nonfinite(FIXTURES, "reg_squarederror_exact", "nonfinite_values")
    write_expected(FIXTURES, "nonfinite_values", "nonfinite_values.json", rows_of["reg_squarederror_exact"], None)
    xi, yi = datasets.load_iris(return_X_y=True)
    tiny = xgb.train({**COMMON, "max_depth": 1}, xgb.DMatrix(xi, yi), num_boost_round=1)
    tiny.save_model(os.path.join(FIXTURES, "ubjson.ubj"))
    files = os.listdir(FIXTURES)
    total = sum(os.path.getsize(os.path.join(FIXTURES, f)) for f in files)
    print(f"xgboost {xgb.__version__}, scikit-learn {sklearn.__version__}, numpy {np.__version__}: "
          f"{len(files)} files, {total} bytes in {FIXTURES}", file=sys.stderr)


def live(directory, seed):
    """Fresh models on random data, one per objective (plus dart and categorical), for the interop test."""
    rng = np.random.default_rng(seed)
    n, width = 300, 6
    x = rng.normal(size=(n, width)) * rng.choice([0.01, 1.0, 100.0], size=width)
    x[rng.random(x.shape) < 0.1] = np.nan
    signal = np.nan_to_num(x[:, 0] / np.nanstd(x[:, 0]) + x[:, 1] / np.nanstd(x[:, 1]))
    positive = np.exp(signal / 2) * 10
    classes = np.digitize(signal, [-0.7, 0.7])
    binary = (signal > 0).astype(float)
    unit = 1 / (1 + np.exp(-signal))
    xc = x.copy()
    xc[:, 2] = rng.integers(0, 12, size=n)
    xc[:, 3] = rng.integers(0, 3, size=n)
    xc[rng.random(n) < 0.1, 2] = np.nan
    yc = signal + np.where(xc[:, 2] % 3 == 0, 2.0, 0.0)
    live_cases = [
        ("live_reg_squarederror", x, signal, {"objective": "reg:squarederror"}, None),
        ("live_reg_absoluteerror", x, signal, {"objective": "reg:absoluteerror"}, None),
        ("live_reg_logistic", x, unit, {"objective": "reg:logistic"}, None),
        ("live_binary_logistic", x, binary, {"objective": "binary:logistic"}, None),
        ("live_binary_logitraw", x, binary, {"objective": "binary:logitraw"}, None),
        ("live_multi_softprob", x, classes, {"objective": "multi:softprob", "num_class": 3}, None),
        ("live_multi_softmax", x, classes, {"objective": "multi:softmax", "num_class": 3}, None),
        ("live_count_poisson", x, np.floor(positive), {"objective": "count:poisson"}, None),
        ("live_reg_gamma", x, positive, {"objective": "reg:gamma"}, None),
        ("live_reg_tweedie", x, positive, {"objective": "reg:tweedie"}, None),
        ("live_dart", x, binary, {"booster": "dart", "objective": "binary:logistic", "rate_drop": 0.5,
                                  "skip_drop": 0.0}, None),
        ("live_categorical", xc, yc, {"objective": "reg:squarederror", "max_cat_to_onehot": 2},
         ["q", "q", "c", "c", "q", "q"]),
    ]
    params = {"seed": int(seed % 2**31), "max_depth": int(rng.integers(2, 7)), "eta": float(rng.uniform(0.1, 0.6))}
    for name, xs, y, extra, types in live_cases:
        rounds = int(rng.integers(3, 12))
        train(directory, name, xs, y, {**params, **extra}, rounds, types, None, rng)
        print(name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", metavar="DIR", help="train fresh models on random data into DIR")
    parser.add_argument("--seed", type=int, default=1, help="random seed for --live")
    arguments = parser.parse_args()
    if arguments.live:
        os.makedirs(arguments.live, exist_ok=True)
        live(arguments.live, arguments.seed)
    else:
        fixtures()


if __name__ == "__main__":
    main()
