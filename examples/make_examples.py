"""Writes the example models that `scripts/demo.sh` serves, and example inputs for them.

Run with the test peers' venv: .venv/bin/python examples/make_examples.py
  examples/models/iris/model.json       XGBoost multi:softprob on scikit-learn's iris (4 features, 3 classes)
  examples/models/diabetes/model.txt    LightGBM regression on scikit-learn's diabetes (10 features)
  examples/iris-v1.json, examples/iris-v2.json, examples/diabetes-v2.json
"""

import json
import pathlib

import lightgbm
import numpy as np
import xgboost
from sklearn.datasets import load_diabetes, load_iris

root = pathlib.Path(__file__).resolve().parent
models = root / "models"
(models / "iris").mkdir(parents=True, exist_ok=True)
(models / "diabetes").mkdir(parents=True, exist_ok=True)

iris = load_iris()
booster = xgboost.train(
    {"objective": "multi:softprob", "num_class": 3, "max_depth": 3, "eta": 0.3, "seed": 7},
    xgboost.DMatrix(iris.data, label=iris.target),
    num_boost_round=10,
)
booster.save_model(str(models / "iris" / "model.json"))

diabetes = load_diabetes()
regressor = lightgbm.train(
    {"objective": "regression", "num_leaves": 8, "learning_rate": 0.1, "verbose": -1, "seed": 7},
    lightgbm.Dataset(diabetes.data, label=diabetes.target),
    num_boost_round=20,
)
regressor.save_model(str(models / "diabetes" / "model.txt"))

rows = iris.data[[0, 60, 120]].tolist()
(root / "iris-v1.json").write_text(json.dumps({"instances": rows}) + "\n")
(root / "iris-v2.json").write_text(json.dumps({
    "id": "iris-1",
    "inputs": [{"name": "input-0", "shape": [3, 4], "datatype": "FP32", "data": rows}],
}) + "\n")
diabetes_rows = np.round(diabetes.data[:2], 6).tolist()
(root / "diabetes-v2.json").write_text(json.dumps({
    "inputs": [{"name": "input-0", "shape": [2, 10], "datatype": "FP64", "data": diabetes_rows}],
}) + "\n")
