"""Writes N small tree models (alternately XGBoost JSON and LightGBM text), each trained on its own bootstrap
sample of scikit-learn's iris data, into DIR/m-NNNNN/ - the model population of bench/density.sh.

Every model takes the same input (4 features), so one V1 body serves them all.
usage: make_density_models.py DIR [N]
"""
import os
import sys

import lightgbm as lgb
import numpy as np
import xgboost as xgb
from sklearn.datasets import load_iris


def main() -> None:
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    x, y = load_iris(return_X_y=True)
    os.makedirs(out, exist_ok=True)
    for index in range(count):
        rng = np.random.default_rng(index)
        rows = rng.integers(0, len(x), len(x))
        name = os.path.join(out, f"m-{index:05d}")
        os.makedirs(name, exist_ok=True)
        if index % 2 == 0:
            booster = xgb.train(
                {"objective": "multi:softprob", "num_class": 3, "max_depth": 3, "nthread": 1, "seed": index},
                xgb.DMatrix(x[rows], label=y[rows]),
                num_boost_round=5,
            )
            booster.save_model(os.path.join(name, "model.json"))
        else:
            booster = lgb.train(
                {"objective": "multiclass", "num_class": 3, "num_leaves": 7, "min_data_in_leaf": 5,
                 "num_threads": 1, "verbose": -1, "seed": index},
                lgb.Dataset(x[rows], label=y[rows]),
                num_boost_round=5,
            )
            booster.save_model(os.path.join(name, "model.txt"))
        if (index + 1) % 1000 == 0:
            print(f"{index + 1} models", file=sys.stderr)


if __name__ == "__main__":
    main()
