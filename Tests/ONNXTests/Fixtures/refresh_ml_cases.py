"""Recomputes the outputs of the ai.onnx.ml agreement cases with onnxruntime.

Usage: .venv/bin/python Tests/ONNXTests/Fixtures/refresh_ml_cases.py [CASES_JSON]
(CASES_JSON defaults to ml_onnxruntime_cases.json beside this script, rewritten in place.)

Each case is one node: {"name", "op", "opset", "attributes": {NAME: {"int"|"float"|"string"|"ints"|"floats"|
"strings": VALUE} or {"tensor": TYPE, "shape", "values"}}, "inputs": [{"type", "shape", "values"}], "outputs": [...]}. The script builds a one-node model of
the ai.onnx.ml domain at the case's opset, runs it in onnxruntime (one thread) on the case's inputs and writes what
onnxruntime answers as the case's outputs. Inputs and attributes are the hand-chosen cases and stay as they are.
"""

import json
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import onnxruntime
from onnx import TensorProto, helper

TYPES = {
    "float": (np.float32, TensorProto.FLOAT),
    "double": (np.float64, TensorProto.DOUBLE),
    "int64": (np.int64, TensorProto.INT64),
    "int32": (np.int32, TensorProto.INT32),
    "string": (object, TensorProto.STRING),
}
OUTPUT_TYPES = {np.dtype(v[0]).name if v[0] is not object else "object": k for k, v in TYPES.items()}


TENSOR_TYPES = {"uint8": np.uint8, "int64": np.int64, "int32": np.int32, "float": np.float32, "double": np.float64}


def attribute(name, spec):
    if "tensor" in spec:  # {"tensor": TYPE, "shape", "values"}: a tensor-valued attribute (TreeEnsemble's)
        array = np.array(spec["values"], dtype=TENSOR_TYPES[spec["tensor"]]).reshape(spec["shape"])
        return helper.make_attribute(name, onnx.numpy_helper.from_array(array, name))
    ((kind, value),) = spec.items()
    if kind in ("string", "strings"):
        value = value.encode() if kind == "string" else [v.encode() for v in value]
    return helper.make_attribute(name, value)


def run(case):
    domain_version = case["opset"]
    inputs = []
    feeds = {}
    for index, tensor in enumerate(case["inputs"]):
        dtype, proto = TYPES[tensor["type"]]
        name = f"X{index}"
        inputs.append(helper.make_tensor_value_info(name, proto, tensor["shape"]))
        feeds[name] = np.array(tensor["values"], dtype=dtype).reshape(tensor["shape"])
    output_names = [f"Y{index}" for index in range(len(case["outputs"]))]
    node = helper.make_node(case["op"], list(feeds), output_names, domain="ai.onnx.ml")
    node.attribute.extend(attribute(name, spec) for name, spec in case["attributes"].items())
    outputs = [helper.make_empty_tensor_value_info(name) for name in output_names]
    graph = helper.make_graph([node], case["name"], inputs, outputs)
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", domain_version)]
    )
    model.ir_version = 8
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    results = session.run(output_names, feeds)
    written = []
    for result in results:
        array = np.asarray(result)
        kind = "string" if array.dtype == object else OUTPUT_TYPES[array.dtype.name]
        values = [str(v) for v in array.ravel()] if kind == "string" else array.ravel().tolist()
        written.append({"type": kind, "shape": list(array.shape), "values": values})
    return written


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "ml_onnxruntime_cases.json")
    with open(path) as handle:
        cases = json.load(handle)
    changed = 0
    for case in cases:
        outputs = run(case)
        if json.dumps(outputs) != json.dumps(case["outputs"]):
            changed += 1
        case["outputs"] = outputs
    with open(path, "w") as handle:
        handle.write("[\n" + ",\n".join(json.dumps(case, separators=(",", ":")) for case in cases) + "\n]\n")
    print(f"{len(cases)} cases, {changed} with other outputs than before (onnxruntime {onnxruntime.__version__})")


if __name__ == "__main__":
    main()
