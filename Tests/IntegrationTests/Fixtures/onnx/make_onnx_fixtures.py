"""Writes the ONNX agreement fixtures: NAME.onnx models and NAME.case.json inputs with onnxruntime's answers.

Usage: .venv/bin/python Tests/IntegrationTests/Fixtures/onnx/make_onnx_fixtures.py [OUT_DIR]
(OUT_DIR defaults to this script's directory, where the committed fixtures live.)

Everything is deterministic (fixed seeds, single-threaded training): running it again with the pinned packages of
Tests/IntegrationTests/Peers/requirements.txt rewrites the same files.

Models: scikit-learn estimators converted by skl2onnx (iris, 4 float features), XGBoost and LightGBM models
converted by onnxmltools (iris classifiers, diabetes regressors with 10 features), and an MLP and a CNN written with
onnx.helper (random but fixed weights, a symbolic `batch` dimension).

A case file (NAME.case.json) is strict JSON:
    {"model": NAME, "description": ..., "tolerance": {"rtol": ..., "atol": ...},
     "inputs":  [{"name", "datatype" (V2 name), "shape", "data" (flat, row-major; null stands for NaN)}],
     "outputs": [{"name", "datatype", "shape", "data" (flat), "kind": "tensor" | "zipmap", "labels"?}]}
A ZipMap output (onnxruntime answers a list of {label: probability} dicts) is stored as the [N, C] FP32 tensor of
the dicts' values in label order, with the labels beside it: that is how `kserve serve` answers it. Floats are
written as the shortest decimal that reads back as the same float32, so the reference values are exact.
"""

import json
import os
import sys

import lightgbm
import numpy as np
import onnx
import onnxmltools
import onnxruntime
import skl2onnx
import sklearn
import xgboost
from onnx import TensorProto, helper, numpy_helper
from onnxmltools.convert.common.data_types import FloatTensorType as MLFloatTensorType
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType
from sklearn.datasets import load_diabetes, load_iris
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

OUT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

# Default tolerances of the agreement check: probabilities and values within 1e-5 relative (1e-4 for the CNN, whose
# sums run long in float32); atol covers values that are zero up to float32 rounding.
RTOL = 1e-5
ATOL = 1e-7

V2_TYPES = {
    np.dtype(np.float32): "FP32",
    np.dtype(np.float64): "FP64",
    np.dtype(np.int64): "INT64",
    np.dtype(np.int32): "INT32",
    np.dtype(np.bool_): "BOOL",
}


def float32_json(value):
    """The shortest decimal that reads back as this float32 (as a JSON number), or None for NaN."""
    value = np.float32(value)
    if np.isnan(value):
        return None
    if not np.isfinite(value):
        raise ValueError(f"non-finite value {value} in a fixture")
    return float(np.format_float_positional(value, unique=True, trim="-")) if value != 0 else 0.0


def tensor_json(name, array):
    """A V2-style tensor description of a numpy array (flat data, exact values)."""
    array = np.asarray(array)
    if array.dtype.kind in ("U", "S", "O"):
        data = [item.decode() if isinstance(item, bytes) else str(item) for item in array.reshape(-1)]
        datatype = "BYTES"
    elif array.dtype == np.float32:
        data = [float32_json(v) for v in array.reshape(-1)]
        datatype = "FP32"
    elif array.dtype == np.float64:
        data = [None if np.isnan(v) else float(v) for v in array.reshape(-1)]
        datatype = "FP64"
    else:
        data = [v.item() for v in array.reshape(-1)]
        datatype = V2_TYPES[array.dtype]
    return {"name": name, "datatype": datatype, "shape": list(array.shape), "data": data}


def reference_outputs(session, inputs):
    """onnxruntime's answers, ZipMap outputs turned into [N, C] FP32 tensors in label order."""
    feeds = dict(inputs)
    names = [output.name for output in session.get_outputs()]
    results = session.run(names, feeds)
    outputs = []
    for output, result in zip(session.get_outputs(), results):
        if isinstance(result, list):  # seq(map(label, float)) from ZipMap
            labels = list(result[0].keys())
            matrix = np.array([[row[label] for label in labels] for row in result], dtype=np.float32)
            entry = tensor_json(output.name, matrix)
            entry["kind"] = "zipmap"
            entry["labels"] = [str(label) for label in labels]
        else:
            entry = tensor_json(output.name, result)
            entry["kind"] = "tensor"
        outputs.append(entry)
    return outputs


def session_for(model_bytes):
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])


def case_text(case):
    """The case as indented JSON with each tensor's lists on one line (the files stay small and readable)."""
    arrays = []
    for tensor in case["inputs"] + case["outputs"]:
        for key in ("shape", "data", "labels"):
            if key in tensor:
                arrays.append(json.dumps(tensor[key], separators=(",", ":"), allow_nan=False))
                tensor[key] = f"@data{len(arrays) - 1}@"
    text = json.dumps(case, indent=1, allow_nan=False)
    for index, array in enumerate(arrays):
        text = text.replace(f'"@data{index}@"', array)
    return text + "\n"


def write(name, model, inputs, description, rtol=RTOL, atol=ATOL):
    """Writes NAME.onnx and NAME.case.json (inputs: [(graph input name, numpy array)])."""
    model.graph.name = name  # the converters name graphs with a random UUID
    # ... and list opsets in set order (skl2onnx with zipmap False even imports the default domain twice, which is
    # kept: runtimes meet it in real files).
    opsets = sorted(((o.domain, o.version) for o in model.opset_import))
    del model.opset_import[:]
    for domain, version in opsets:
        model.opset_import.add(domain=domain, version=version)
    model_bytes = model.SerializeToString(deterministic=True)
    onnx.checker.check_model(model)
    with open(os.path.join(OUT, f"{name}.onnx"), "wb") as handle:
        handle.write(model_bytes)
    session = session_for(model_bytes)
    case = {
        "model": name,
        "description": description,
        "tolerance": {"rtol": rtol, "atol": atol},
        "inputs": [tensor_json(input_name, array) for input_name, array in inputs],
        "outputs": reference_outputs(session, inputs),
    }
    with open(os.path.join(OUT, f"{name}.case.json"), "w") as handle:
        handle.write(case_text(case))
    print(f"{name}: {len(model_bytes)} bytes, outputs {[o['name'] for o in case['outputs']]}", file=sys.stderr)


# MARK: - Data

iris = load_iris()
iris_x = iris.data.astype(np.float32)
iris_y = iris.target.astype(np.int64)
# Rows the cases send: one of each class, one between classes, and a NaN row for the models that route missing
# values (trees); the others get the rows without NaN.
iris_rows = np.array(
    [
        [5.1, 3.5, 1.4, 0.2],
        [6.3, 2.5, 4.9, 1.5],
        [7.7, 3.0, 6.1, 2.3],
        [6.0, 2.7, 5.1, 1.6],
        [5.8, np.nan, 4.0, 1.2],
    ],
    dtype=np.float32,
)
iris_rows_finite = iris_rows[:4]
iris_type = [("input", FloatTensorType([None, 4]))]

diabetes = load_diabetes()
diabetes_x = diabetes.data.astype(np.float32)
diabetes_y = diabetes.target.astype(np.float32)
diabetes_rows = diabetes_x[[0, 17, 101, 250]].copy()
diabetes_rows[3, 2] = np.nan

# Missing values in the training data of XGBoost and LightGBM, so that their trees learn default directions.
train_rng = np.random.default_rng(7)
iris_x_missing = iris_x.copy()
iris_x_missing[train_rng.random(iris_x.shape) < 0.1] = np.nan
diabetes_x_missing = diabetes_x.copy()
diabetes_x_missing[train_rng.random(diabetes_x.shape) < 0.1] = np.nan


# MARK: - scikit-learn through skl2onnx

def sklearn_model(name, estimator, rows, description, options=None, x=iris_x, y=iris_y):
    estimator.fit(x, y)
    model = to_onnx(estimator, initial_types=iris_type, options=options)
    model.doc_string = ""
    write(name, model, [("input", rows)], description)


sklearn_model(
    "logistic_regression",
    LogisticRegression(max_iter=500, random_state=0),
    iris_rows_finite,
    "skl2onnx LogisticRegression on iris, with ZipMap",
)
sklearn_model(
    "logistic_regression_nozipmap",
    LogisticRegression(max_iter=500, random_state=0),
    iris_rows_finite,
    "skl2onnx LogisticRegression on iris, zipmap False",
    options={LogisticRegression: {"zipmap": False}},
)
sklearn_model(
    "logistic_regression_species",
    LogisticRegression(max_iter=500, random_state=0),
    iris_rows_finite,
    "skl2onnx LogisticRegression on iris with string class labels (the species names), with ZipMap",
    y=np.array(iris.target_names)[iris_y],
)
sklearn_model(
    "random_forest",
    RandomForestClassifier(n_estimators=10, max_depth=4, random_state=0, n_jobs=1),
    iris_rows,
    "skl2onnx RandomForestClassifier (10 trees, depth 4) on iris, with ZipMap",
)
sklearn_model(
    "random_forest_nozipmap",
    RandomForestClassifier(n_estimators=10, max_depth=4, random_state=0, n_jobs=1),
    iris_rows,
    "skl2onnx RandomForestClassifier (10 trees, depth 4) on iris, zipmap False",
    options={RandomForestClassifier: {"zipmap": False}},
)
sklearn_model(
    "gradient_boosting",
    GradientBoostingClassifier(n_estimators=15, max_depth=3, random_state=0),
    iris_rows,
    "skl2onnx GradientBoostingClassifier (15 rounds x 3 classes, depth 3) on iris, with ZipMap",
)
sklearn_model(
    "mlp_classifier",
    MLPClassifier(hidden_layer_sizes=(16,), max_iter=2000, random_state=0),
    iris_rows_finite,
    "skl2onnx MLPClassifier (one hidden layer of 16) on iris, with ZipMap",
)
sklearn_model(
    "svc",
    SVC(probability=True, random_state=0),
    iris_rows_finite,
    "skl2onnx SVC(probability=True), RBF kernel, on iris, with ZipMap",
)
sklearn_model(
    "scaler_logistic_regression",
    make_pipeline(StandardScaler(), LogisticRegression(max_iter=500, random_state=0)),
    iris_rows_finite,
    "skl2onnx pipeline StandardScaler -> LogisticRegression on iris, with ZipMap",
)


# MARK: - XGBoost and LightGBM through onnxmltools

def ml_model(name, model, rows, features, description):
    converted = onnxmltools.convert.convert_xgboost if isinstance(model, xgboost.XGBModel) else None
    if converted is not None:
        onnx_model = converted(model, initial_types=[("input", MLFloatTensorType([None, features]))])
    else:
        onnx_model = onnxmltools.convert.convert_lightgbm(
            model, initial_types=[("input", MLFloatTensorType([None, features]))]
        )
    onnx_model.doc_string = ""
    write(name, onnx_model, [("input", rows)], description)


xgb_classifier = xgboost.XGBClassifier(n_estimators=10, max_depth=3, random_state=0, n_jobs=1)
xgb_classifier.fit(iris_x_missing, iris_y)
ml_model("xgboost_classifier", xgb_classifier, iris_rows, 4,
         "onnxmltools XGBClassifier (10 rounds x 3 classes, depth 3, trained with missing values) on iris")

xgb_regressor = xgboost.XGBRegressor(n_estimators=20, max_depth=3, random_state=0, n_jobs=1)
xgb_regressor.fit(diabetes_x_missing, diabetes_y)
ml_model("xgboost_regressor", xgb_regressor, diabetes_rows, 10,
         "onnxmltools XGBRegressor (20 rounds, depth 3, trained with missing values) on diabetes (10 features)")

lgb_classifier = lightgbm.LGBMClassifier(n_estimators=10, num_leaves=8, random_state=0, n_jobs=1, verbose=-1,
                                         deterministic=True, force_row_wise=True)
lgb_classifier.fit(iris_x_missing, iris_y)
ml_model("lightgbm_classifier", lgb_classifier, iris_rows, 4,
         "onnxmltools LGBMClassifier (10 rounds x 3 classes, 8 leaves, trained with missing values) on iris, "
         "with ZipMap")

lgb_regressor = lightgbm.LGBMRegressor(n_estimators=20, num_leaves=8, random_state=0, n_jobs=1, verbose=-1,
                                       deterministic=True, force_row_wise=True)
lgb_regressor.fit(diabetes_x_missing, diabetes_y)
ml_model("lightgbm_regressor", lgb_regressor, diabetes_rows, 10,
         "onnxmltools LGBMRegressor (20 rounds, 8 leaves, trained with missing values) on diabetes (10 features)")


# MARK: - Networks written with onnx.helper

net_rng = np.random.default_rng(20240611)


def initializer(name, array):
    return numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name=name)


def he(shape, fan_in):
    return net_rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape).astype(np.float32)


def network_model(name, nodes, initializers, input_shape):
    graph = helper.make_graph(
        nodes,
        name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", *input_shape])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 10])],
        initializer=initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_onnx_fixtures")
    model.ir_version = 8
    return model


# MLP 784 -> 128 -> 64 -> 10, as PyTorch exports it (Gemm with transB=1).
mlp_layers = [(784, 128), (128, 64), (64, 10)]
mlp_inits, mlp_nodes, previous = [], [], "input"
for index, (fan_in, fan_out) in enumerate(mlp_layers):
    mlp_inits += [initializer(f"fc{index}.weight", he((fan_out, fan_in), fan_in)),
                  initializer(f"fc{index}.bias", net_rng.normal(0, 0.1, size=fan_out))]
    out = f"fc{index}" if index < len(mlp_layers) - 1 else "logits"
    mlp_nodes.append(helper.make_node("Gemm", [previous, f"fc{index}.weight", f"fc{index}.bias"], [out],
                                      name=f"fc{index}", transB=1))
    if index < len(mlp_layers) - 1:
        mlp_nodes.append(helper.make_node("Relu", [out], [f"relu{index}"], name=f"relu{index}"))
        previous = f"relu{index}"
mlp_nodes.append(helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1))
mlp = network_model("mlp", mlp_nodes, mlp_inits, [784])
mlp_input = net_rng.random((3, 784), dtype=np.float32)
write("mlp", mlp, [("input", mlp_input)], "MLP 784->128->64->10 (Gemm, Relu, Softmax), random fixed weights, batch 3")

# CNN for [N, 1, 28, 28]: Conv 3x3 (8) -> Relu -> MaxPool 2 -> Conv 3x3 (16) -> Relu -> MaxPool 2 -> Flatten ->
# Gemm (784 -> 10) -> Softmax.
cnn_inits = [
    initializer("conv0.weight", he((8, 1, 3, 3), 9)),
    initializer("conv0.bias", net_rng.normal(0, 0.1, size=8)),
    initializer("conv1.weight", he((16, 8, 3, 3), 72)),
    initializer("conv1.bias", net_rng.normal(0, 0.1, size=16)),
    initializer("fc.weight", he((10, 16 * 7 * 7), 16 * 7 * 7)),
    initializer("fc.bias", net_rng.normal(0, 0.1, size=10)),
]
cnn_nodes = [
    helper.make_node("Conv", ["input", "conv0.weight", "conv0.bias"], ["conv0"], name="conv0",
                     kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["conv0"], ["relu0"], name="relu0"),
    helper.make_node("MaxPool", ["relu0"], ["pool0"], name="pool0", kernel_shape=[2, 2], strides=[2, 2]),
    helper.make_node("Conv", ["pool0", "conv1.weight", "conv1.bias"], ["conv1"], name="conv1",
                     kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
    helper.make_node("Relu", ["conv1"], ["relu1"], name="relu1"),
    helper.make_node("MaxPool", ["relu1"], ["pool1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
    helper.make_node("Flatten", ["pool1"], ["flat"], name="flatten", axis=1),
    helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1),
    helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
]
cnn = network_model("cnn", cnn_nodes, cnn_inits, [1, 28, 28])
cnn_input = net_rng.random((3, 1, 28, 28), dtype=np.float32)
write("cnn", cnn, [("input", cnn_input)],
      "CNN for 1x28x28 (Conv, Relu, MaxPool, Conv, Relu, MaxPool, Flatten, Gemm, Softmax), random fixed weights, "
      "batch 3", rtol=1e-4, atol=1e-6)

versions = {
    "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__, "skl2onnx": skl2onnx.__version__,
    "onnxmltools": onnxmltools.__version__, "scikit-learn": sklearn.__version__, "xgboost": xgboost.__version__,
    "lightgbm": lightgbm.__version__, "numpy": np.__version__,
}
print(json.dumps(versions), file=sys.stderr)
