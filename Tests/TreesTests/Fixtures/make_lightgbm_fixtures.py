#!/usr/bin/env python3
"""Trains small LightGBM models on data sets shipped with scikit-learn and writes test fixtures.

For every case it writes `lightgbm/<name>.txt` (the model, saved by LightGBM) and `lightgbm/<name>.expected.json`:
the input rows and what `Booster.predict` returns for them, read back from the saved file. Every float is written
as a string in Python's `repr` form (shortest text that parses back to the same double, plus "nan"/"inf"/"-inf"),
so that a test can compare bit patterns.

Run with the project's venv: `.venv/bin/python Tests/TreesTests/Fixtures/make_lightgbm_fixtures.py`.
Needs lightgbm, scikit-learn and numpy only. Output is deterministic for one set of library versions.
"""

import json
import os
import sys

import lightgbm as lgb
import numpy as np
import sklearn
from sklearn import datasets

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lightgbm")

# LightGBM drops input values with |x| <= kZeroThreshold (1e-35f widened to double) before predicting.
K_ZERO = float(np.float32(1e-35))

COMMON = {
    "verbose": -1,
    "num_threads": 1,
    "deterministic": True,
    "force_col_wise": True,
    "seed": 7,
    "num_leaves": 6,
    "min_data_in_leaf": 5,
    "learning_rate": 0.3,
}


def diabetes():
    return datasets.load_diabetes(return_X_y=True)


def breast_cancer():
    x, y = datasets.load_breast_cancer(return_X_y=True)
    return x[:, :12], y  # the first twelve features keep the fixtures small


def scaled(y):
    return (y - y.min()) / (y.max() - y.min())


def with_nan(x, fraction, rng):
    x = x.copy()
    x[rng.random(x.shape) < fraction] = np.nan
    return x


def with_zeros_and_nan(x, rng):
    x = x.copy()
    x[rng.random(x.shape) < 0.15] = 0.0
    x[rng.random(x.shape) < 0.10] = np.nan
    return x


def categorical_digits():
    """Digits with pixel columns as numeric features and three categorical columns (few and many categories)."""
    x, y = datasets.load_digits(return_X_y=True)
    numeric = x[:, [20, 21, 26, 28, 36, 42, 43]]
    many = x[:, 29]  # 0..16: bitset splits
    wide = x[:, 34] * 3 + (x[:, 44] > 8)  # 0..49: bitsets spanning two 32-bit words
    few = (x[:, 19] > 4).astype(float) + (x[:, 19] > 12)  # 0..2: one-hot style splits
    return np.column_stack([numeric, many, wide, few]), (y % 2 == 0).astype(float)


def categorical_diabetes(rng):
    """Diabetes with sex and a binned age as categorical features, some categories missing in training."""
    x, y = diabetes()
    sex = (x[:, 1] > 0).astype(float)
    age_bin = np.digitize(x[:, 0], np.quantile(x[:, 0], np.linspace(0, 1, 9)[1:-1])).astype(float)
    x = np.column_stack([x[:, 2:], sex, age_bin])
    x[rng.random(x.shape[0]) < 0.1, -1] = np.nan
    return x, y


def three_classes(y):
    return (y > 100).astype(float) + (y > 200)


def cases(rng):
    """(name, X, y, params, rounds, categorical feature indices)."""
    xd, yd = diabetes()
    xb, yb = breast_cancer()
    xi, yi = datasets.load_iris(return_X_y=True)
    xw, yw = datasets.load_wine(return_X_y=True)
    xc, yc = categorical_digits()
    xcd, ycd = categorical_diabetes(rng)
    return [
        ("regression", xd, yd, {"objective": "regression"}, 8, []),
        ("regression_nan", with_nan(xd, 0.15, rng), yd, {"objective": "regression"}, 8, []),
        ("regression_sqrt", xd, yd, {"objective": "regression", "reg_sqrt": True}, 6, []),
        ("regression_l1", xd, yd, {"objective": "regression_l1"}, 6, []),
        ("regression_l1_sqrt", xd, yd, {"objective": "regression_l1", "reg_sqrt": True}, 6, []),
        ("huber", xd, yd, {"objective": "huber", "alpha": 30.0}, 6, []),
        ("fair", xd, yd, {"objective": "fair", "fair_c": 2.0}, 6, []),
        ("quantile", xd, yd, {"objective": "quantile", "alpha": 0.7}, 6, []),
        ("mape", xd, yd, {"objective": "mape"}, 6, []),
        ("poisson", xd, yd, {"objective": "poisson"}, 6, []),
        ("gamma", xd, yd, {"objective": "gamma"}, 6, []),
        ("tweedie", xd, yd, {"objective": "tweedie", "tweedie_variance_power": 1.4}, 6, []),
        ("cross_entropy", xd, scaled(yd), {"objective": "cross_entropy"}, 6, []),
        ("cross_entropy_lambda", xd, scaled(yd), {"objective": "cross_entropy_lambda"}, 6, []),
        ("binary", xb, yb, {"objective": "binary"}, 8, []),
        ("binary_nan", with_nan(xb, 0.1, rng), yb, {"objective": "binary"}, 8, []),
        ("binary_sigmoid", xb, yb, {"objective": "binary", "sigmoid": 0.7}, 6, []),
        ("multiclass", xi, yi, {"objective": "multiclass", "num_class": 3}, 5, []),
        ("multiclass_wine_nan", with_nan(xw, 0.1, rng), yw, {"objective": "multiclass", "num_class": 3}, 4, []),
        ("multiclassova", xw, yw, {"objective": "multiclassova", "num_class": 3}, 4, []),
        ("multiclassova_sigmoid", xi, yi, {"objective": "multiclassova", "num_class": 3, "sigmoid": 1.7}, 4, []),
        (
            "zero_as_missing",
            with_zeros_and_nan(xd, rng),
            yd,
            {"objective": "regression", "zero_as_missing": True},
            8,
            [],
        ),
        (
            "categorical_binary",
            xc,
            yc,
            {"objective": "binary", "min_data_per_group": 5, "cat_smooth": 1.0, "max_cat_to_onehot": 4},
            8,
            [7, 8, 9],
        ),
        (
            "categorical_regression_nan",
            xcd,
            ycd,
            {"objective": "regression", "min_data_per_group": 5, "cat_smooth": 1.0, "cat_l2": 1.0},
            8,
            [8, 9],
        ),
        (
            "rf_binary",
            xb,
            yb,
            {"objective": "binary", "boosting": "rf", "bagging_freq": 1, "bagging_fraction": 0.7,
             "feature_fraction": 0.8},
            5,
            [],
        ),
        (
            "rf_multiclass",
            xi,
            yi,
            {"objective": "multiclass", "num_class": 3, "boosting": "rf", "bagging_freq": 1,
             "bagging_fraction": 0.6},
            4,
            [],
        ),
        ("linear_tree", with_nan(xd, 0.05, rng), yd, {"objective": "regression", "linear_tree": True}, 5, []),
        ("single_leaf", xd, yd, {"objective": "regression", "min_data_in_leaf": 400}, 3, []),
        ("lambdarank", xd, np.minimum(yd // 80, 3), {"objective": "lambdarank"}, 4, []),
    ]


def numeric_splits(booster):
    """(feature, threshold) of the numeric splits of the first two trees."""
    found = []

    def walk(node):
        if "split_index" not in node:
            return
        if node["decision_type"] == "<=":
            found.append((node["split_feature"], float(node["threshold"])))
        walk(node["left_child"])
        walk(node["right_child"])

    for tree in booster.dump_model()["tree_info"][:2]:
        walk(tree["tree_structure"])
    return found


def input_rows(x, booster, categorical, rng):
    """Rows to predict: data rows, the same rows with NaN, rows that sit exactly on thresholds, and edge values."""
    n, width = x.shape
    picked = x[rng.choice(n, size=16, replace=False)].copy()
    with_missing = with_nan(picked[:8], 0.25, rng)
    on_threshold = []
    for i, (feature, threshold) in enumerate(numeric_splits(booster)[:8]):
        row = picked[i % len(picked)].copy()
        row[feature] = threshold
        on_threshold.append(row)
    edge = [
        np.full(width, np.nan),
        np.zeros(width),
        np.array([[K_ZERO, -K_ZERO, 5e-36, -5e-36, -0.0, 1e-300][i % 6] for i in range(width)]),
        np.array([[1e300, -1e300, np.inf, -np.inf][i % 4] for i in range(width)]),
    ]
    rows = [*picked, *with_missing, *on_threshold, *edge]
    if categorical:
        for values in ([-1.0, 2.7, -0.5, 100.0], [31.0, 32.0, 33.0, np.nan], [47.0, 48.0, 3.0, 64.0]):
            row = picked[0].copy()
            for j, feature in enumerate(categorical):
                row[feature] = values[(j + len(rows)) % len(values)]
            rows.append(row)
    return np.ascontiguousarray(np.array(rows, dtype=np.float64))


def text(value):
    return repr(float(value))


def write_case(name, model_path, rows, extra):
    loaded = lgb.Booster(model_file=model_path)
    predicted = np.asarray(loaded.predict(rows), dtype=np.float64)
    per_row = 1 if predicted.ndim == 1 else predicted.shape[1]
    document = {
        "model": os.path.basename(model_path),
        "lightgbm": lgb.__version__,
        "feature_count": loaded.num_feature(),
        "feature_names": loaded.feature_name(),
        "outputs_per_row": per_row,
        "rows": [[text(v) for v in row] for row in rows],
        "predictions": [text(v) for v in predicted.reshape(-1)],
        **extra,
    }
    with open(os.path.join(OUT, name + ".expected.json"), "w") as handle:
        json.dump(document, handle, indent=None, separators=(",", ":"))
        handle.write("\n")


def train_case(name, x, y, params, rounds, categorical, rng):
    dataset = lgb.Dataset(x, y, categorical_feature=categorical or "auto", free_raw_data=False)
    if params["objective"] == "lambdarank":
        dataset.set_group([len(y) // 2, len(y) - len(y) // 2])
    booster = lgb.train({**COMMON, **params}, dataset, num_boost_round=rounds)
    path = os.path.join(OUT, name + ".txt")
    booster.save_model(path)
    rows = input_rows(x, booster, categorical, rng)
    write_case(name, path, rows, {"objective": params["objective"]})


# A hand-written model that pins the edge rules: every decision type, thresholds at +-kZeroThreshold, a
# categorical bitset over two words, a single-leaf tree and the default-left flag on None-missing splits.
HAND_WRITTEN = """tree
version=v4
num_class=1
num_tree_per_iteration=1
label_index=0
max_feature_idx=2
objective=regression
feature_names=a b c
feature_infos=[-1:1] [-1:1] 0:3:33:40
tree_sizes={sizes}

{trees}end of trees

pandas_categorical:null
"""


def hand_tree(index, threshold, decision_type):
    """A two-leaf tree on feature index % 2 with distinct power-of-two leaves, so every path shows in the sum."""
    return (
        f"Tree={index}\nnum_leaves=2\nnum_cat=0\nsplit_feature={index % 2}\nsplit_gain=1\n"
        f"threshold={threshold}\ndecision_type={decision_type}\nleft_child=-1\nright_child=-2\n"
        f"leaf_value={2 ** index} {-(2 ** index) * 3}\nleaf_weight=1 1\nleaf_count=1 1\ninternal_value=0\n"
        "internal_weight=0\ninternal_count=2\nis_linear=0\nshrinkage=1\n\n\n"
    )


def write_hand_written():
    # 30 numeric trees: five thresholds (around +-kZeroThreshold, 0 and two plain values) by six decision types
    # (None, Zero and NaN missing types, each with and without the default-left bit).
    thresholds = [repr(-K_ZERO), repr(K_ZERO), "-5e-36", "0", "0.5"]
    decision_types = [0, 2, 4, 6, 8, 10]
    blocks = [
        hand_tree(i, threshold, decision_type)
        for i, (threshold, decision_type) in enumerate((t, d) for t in thresholds for d in decision_types)
    ]
    # Node 0 tests bitset 1 (two words: {3, 7, 11, 35}); its left child tests bitset 0 ({1, 3}).
    blocks.append(
        f"Tree={len(blocks)}\nnum_leaves=3\nnum_cat=2\nsplit_feature=2 2\nsplit_gain=1 1\nthreshold=1 0\n"
        "decision_type=9 1\nleft_child=1 -1\nright_child=-3 -2\nleaf_value=0.125 0.25 0.5\n"
        "leaf_weight=1 1 1\nleaf_count=1 1 1\ninternal_value=0 0\ninternal_weight=0 0\ninternal_count=3 2\n"
        "cat_boundaries=0 1 3\ncat_threshold=10 2184 8\nis_linear=0\nshrinkage=1\n\n\n"
    )
    blocks.append(
        f"Tree={len(blocks)}\nnum_leaves=1\nnum_cat=0\nsplit_feature=\nsplit_gain=\nthreshold=\ndecision_type=\n"
        "left_child=\nright_child=\nleaf_value=0.0625\nleaf_weight=\nleaf_count=\ninternal_value=\n"
        "internal_weight=\ninternal_count=\nis_linear=0\nshrinkage=1\n\n\n"
    )
    sizes = " ".join(str(len(b)) for b in blocks)
    model = HAND_WRITTEN.format(sizes=sizes, trees="".join(blocks))
    path = os.path.join(OUT, "hand_written_edges.txt")
    with open(path, "w") as handle:
        handle.write(model)
    values = [-K_ZERO, K_ZERO, -5e-36, 5e-36, -0.0, 0.0, np.nan, -1e-30, 0.5, -0.25, 1.0, -1.0]
    categories = [0.0, 1.0, 3.0, 7.0, 11.0, 33.0, 35.0, 36.0, -1.0, -0.5, 2.9, np.nan, 2.0**31, 2.0**32 + 3,
                  -2.0**31 - 1, 1e20, np.inf, 64.0, 95.0, 3.99]
    rows = [[a, b, c] for a in values for b in values[:4] for c in categories[:2]]
    rows += [[values[i % len(values)], values[(i * 5) % len(values)], c] for i, c in enumerate(categories)]
    rows = np.ascontiguousarray(np.array(rows, dtype=np.float64))
    write_case("hand_written_edges", path, rows, {"objective": "regression"})


def main():
    os.makedirs(OUT, exist_ok=True)
    for entry in os.listdir(OUT):
        if entry.endswith((".txt", ".json")):
            os.remove(os.path.join(OUT, entry))
    rng = np.random.default_rng(20260301)
    for name, x, y, params, rounds, categorical in cases(rng):
        train_case(name, x, y, params, rounds, categorical, rng)
    write_hand_written()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"lightgbm {lgb.__version__}, scikit-learn {sklearn.__version__}, numpy {np.__version__}: "
          f"{len(os.listdir(OUT))} files, {total} bytes in {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
