#!/usr/bin/env python3
"""Writes the small committed seed inputs under fuzz/corpus/ (the harnesses' input formats, see fuzz/harnesses/).

v2-binary seeds are the harness's framing: the JSON header length as 2 little-endian bytes, then the HTTP body
(JSON header followed by the raw tensor bytes, as tritonclient sends them). Model seeds come from
Tests/TreesTests/Fixtures at run time (scripts/fuzz.sh), so none are written here.
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(harness, name, data):
    folder = os.path.join(HERE, "corpus", harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def tensor(name, datatype, shape, data, **parameters):
    t = {"name": name, "shape": shape, "datatype": datatype}
    if parameters:
        t["parameters"] = parameters
    if data is not None:
        t["data"] = data
    return t


JSON_REQUESTS = {
    "fp32-nested.json": {"id": "a", "inputs": [tensor("input-0", "FP32", [2, 2], [[1.5, -2], [0, 3e38]])]},
    "mixed-types.json": {
        "inputs": [
            tensor("b", "BOOL", [3], [True, False, True]),
            tensor("u8", "UINT8", [2], [0, 255]),
            tensor("i64", "INT64", [1, 2], [-9223372036854775808, 9223372036854775807]),
            tensor("u64", "UINT64", [1], [18446744073709551615]),
            tensor("h", "FP16", [2], [65504, -0.0]),
            tensor("bf", "BF16", [1], [1e-3]),
            tensor("s", "BYTES", [2], ["abc", "\u00e9\u4e2d"]),
        ],
        "outputs": [{"name": "output-0", "parameters": {"binary_data": True, "classification": 2}}],
        "parameters": {"binary_data_output": False, "custom": {"nested": [1, None]}},
    },
    "empty-shape.json": {"inputs": [tensor("e", "FP64", [0, 4], []), tensor("scalar", "INT32", [], [7])]},
}
NAN_REQUEST = '{"inputs": [{"name": "x", "shape": [3], "datatype": "FP64", "data": [NaN, Infinity, -Infinity]}]}'

for name, request in JSON_REQUESTS.items():
    write("v2-json", name, json.dumps(request))
write("v2-json", "non-finite.json", NAN_REQUEST)


def binary_request(inputs, outputs=None):
    """inputs: (name, datatype, shape, raw bytes) -> harness input."""
    header = {"inputs": [tensor(n, d, s, None, binary_data_size=len(raw)) for n, d, s, raw in inputs]}
    if outputs:
        header["outputs"] = outputs
    text = json.dumps(header).encode()
    body = text + b"".join(raw for _, _, _, raw in inputs)
    return struct.pack("<H", len(text)) + body


def bytes_elements(*elements):
    return b"".join(struct.pack("<I", len(e)) + e for e in elements)


write("v2-binary", "fp32.bin", binary_request([("input-0", "FP32", [2, 2], struct.pack("<4f", 1, 2, float("nan"), -4))]))
write(
    "v2-binary",
    "mixed.bin",
    binary_request(
        [
            ("s", "BYTES", [3], bytes_elements(b"abc", b"", b"\xff\xfe")),
            ("b", "BOOL", [2], b"\x01\x00"),
            ("h", "FP16", [2], struct.pack("<2H", 0x3C00, 0x7C00)),
            ("i", "INT16", [1, 1], struct.pack("<h", -5)),
        ],
        outputs=[{"name": "output-0", "parameters": {"binary_data": True}}],
    ),
)
# A header mixing JSON data and binary data.
mixed = {
    "inputs": [
        tensor("j", "INT32", [2], [1, 2]),
        tensor("r", "UINT64", [1], None, binary_data_size=8),
    ]
}
text = json.dumps(mixed).encode()
write("v2-binary", "json-and-binary.bin", struct.pack("<H", len(text)) + text + struct.pack("<Q", 2**63))

write("v1-json", "instances.json", json.dumps({"instances": [[1, 2.5, None], {"a": "b"}], "signature_name": "x"}))
write("v1-json", "inputs.json", json.dumps({"inputs": {"x": [[1, 2]], "y": "s"}}))
write("v1-json", "non-finite.json", '{"instances": [[NaN, -Infinity, 1e400, -0.0, 18446744073709551615]]}')

# server-infer: a first byte (model index << 2 | protocol: 0 V2 JSON, 1 V2 binary, 2 V1), then the body. The model
# list and order are those of fuzz/harnesses/server-infer.swift.
ROOT = os.path.dirname(HERE)
SERVER_MODELS = [
    "xgboost/binary_logistic.json",
    "xgboost/multi_softprob.json",
    "xgboost/multi_softmax.json",
    "xgboost/categorical.json",
    "lightgbm/multiclass.txt",
    "lightgbm/binary_nan.txt",
    "lightgbm/categorical_regression_nan.txt",
    "lightgbm/linear_tree.txt",
]


def feature_count(relative):
    path = os.path.join(ROOT, "Tests/TreesTests/Fixtures", relative)
    if path.endswith(".json"):
        with open(path) as f:
            return int(json.load(f)["learner"]["learner_model_param"]["num_feature"])
    with open(path) as f:
        for line in f:
            if line.startswith("max_feature_idx="):
                return int(line.split("=")[1]) + 1
    raise ValueError(path)


for index, relative in enumerate(SERVER_MODELS):
    features = feature_count(relative)
    rows = [[float(i % 5) - 1 for i in range(features)], [float("nan")] * features]
    v2 = {
        "inputs": [tensor("input-0", "FP32", [2, features], rows)],
        "outputs": [{"name": "output-0", "parameters": {"classification": 2}}] if index % 2 else [],
    }
    text = json.dumps(v2)  # NaN is written bare, as tritonclient does
    write("server-infer", f"m{index}-v2.json", bytes([index << 2 | 0]) + text.encode())
    raw = struct.pack(f"<{2 * features}d", *(rows[0] + rows[1]))
    header = {
        "inputs": [tensor("input-0", "FP64", [2, features], None, binary_data_size=len(raw))],
        "parameters": {"binary_data_output": True},
    }
    head = json.dumps(header).encode()
    write("server-infer", f"m{index}-v2.bin", bytes([index << 2 | 1]) + struct.pack("<H", len(head)) + head + raw)
    v1 = json.dumps({"instances": [[None if x != x else x for x in row] for row in rows]})
    write("server-infer", f"m{index}-v1.json", bytes([index << 2 | 2]) + v1.encode())
