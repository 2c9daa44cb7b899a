"""Checks `kserve serve` against onnxruntime on every ONNX fixture, through tritonclient (V2 JSON and binary).

Usage: onnx_agreement_check.py URL FIXTURE_DIR [--models NAME,NAME...]

For each NAME.case.json in FIXTURE_DIR (with NAME.onnx beside it; the server serves the directory, so the model is
NAME): runs onnxruntime on the case's inputs and checks it still gives the stored reference, reads the model's
metadata from the server (inputs as onnxruntime declares them, -1 for a dynamic dimension; the outputs by name
and datatype, a ZipMap output's labels as parameters.labels),
then infers the same inputs through tritonclient in JSON and in binary form and compares every output: labels
exactly, probabilities and values within the case's tolerance (|got - want| <= atol + rtol * |want|; rtol 1e-5,
1e-4 for the CNN). onnxruntime answers a ZipMap output as a list of {label: probability} dicts; the server answers
it as an FP32 [N, C] tensor, compared with the dicts' values in label order.

Exits non-zero with a message naming the model, output, protocol and element on the first mismatch; prints a JSON
summary on success.
"""

import argparse
import glob
import json
import os
import sys

import numpy as np
import onnxruntime
import tritonclient.http as httpclient

NUMPY_TYPES = {"FP32": np.float32, "FP64": np.float64, "INT64": np.int64, "INT32": np.int32, "BOOL": np.bool_}
ORT_TYPES = {
    "tensor(float)": "FP32", "tensor(double)": "FP64", "tensor(int64)": "INT64", "tensor(int32)": "INT32",
    "tensor(bool)": "BOOL", "tensor(string)": "BYTES",
}


def fail(message):
    print(f"onnx_agreement_check: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def input_array(tensor):
    """A case input as numpy (null stands for NaN)."""
    dtype = NUMPY_TYPES[tensor["datatype"]]
    data = [np.nan if value is None else value for value in tensor["data"]]
    return np.array(data, dtype=dtype).reshape(tensor["shape"])


def expected_array(tensor):
    if tensor["datatype"] == "BYTES":
        return np.array(tensor["data"], dtype=object).reshape(tensor["shape"])
    return np.array(tensor["data"], dtype=NUMPY_TYPES[tensor["datatype"]]).reshape(tensor["shape"])


def ort_outputs(session, feeds):
    """onnxruntime's answers by output name; ZipMap outputs as [N, C] float32 in label order, with their labels."""
    results = {}
    for output, value in zip(session.get_outputs(), session.run(None, feeds)):
        if isinstance(value, list):
            labels = list(value[0].keys()) if value else []
            matrix = np.array([[row[label] for label in labels] for row in value], dtype=np.float32)
            results[output.name] = (matrix, [str(label) for label in labels])
        else:
            results[output.name] = (np.asarray(value), None)
    return results


def compare(where, got, want, rtol, atol):
    """None when `got` agrees with `want`, else a description of the first element that does not."""
    if got is None:
        return f"{where}: no such output in the answer"
    if tuple(got.shape) != tuple(want.shape):
        return f"{where}: shape {list(got.shape)}, expected {list(want.shape)}"
    flat_got, flat_want = got.reshape(-1), want.reshape(-1)
    if want.dtype == object:
        decoded = [item.decode() if isinstance(item, bytes) else str(item) for item in flat_got]
        for index, (a, b) in enumerate(zip(decoded, flat_want)):
            if a != str(b):
                return f"{where}[{index}]: {a!r}, expected {b!r}"
        return None
    if want.dtype.kind in "iub":
        mismatch = np.nonzero(flat_got != flat_want)[0]
        if mismatch.size:
            index = int(mismatch[0])
            return f"{where}[{index}]: {flat_got[index]}, expected {flat_want[index]} (labels and integers are exact)"
        return None
    a, b = flat_got.astype(np.float64), flat_want.astype(np.float64)
    both_nan = np.isnan(a) & np.isnan(b)
    bad = ~both_nan & ~(np.abs(a - b) <= atol + rtol * np.abs(b))
    if bad.any():
        index = int(np.nonzero(bad)[0][0])
        relative = abs(a[index] - b[index]) / max(abs(b[index]), 1e-30)
        return (f"{where}[{index}]: {float(a[index])!r}, expected {float(b[index])!r} (relative difference {relative:.3g}, "
                f"allowed rtol {rtol:g} + atol {atol:g})")
    return None


def max_relative(got, want):
    if want.dtype == object or want.dtype.kind in "iub" or want.size == 0:
        return 0.0
    a, b = got.reshape(-1).astype(np.float64), want.reshape(-1).astype(np.float64)
    finite = ~(np.isnan(a) & np.isnan(b))
    return float(np.max(np.abs(a - b)[finite] / np.maximum(np.abs(b[finite]), 1e-30), initial=0.0))


def check_metadata(client, name, session, case):
    metadata = client.get_model_metadata(name)
    inputs = {entry["name"]: entry for entry in metadata.get("inputs", [])}
    for declared in session.get_inputs():
        entry = inputs.get(declared.name)
        check(entry is not None, f"{name}: metadata has no input {declared.name!r}: {metadata}")
        want_shape = [d if isinstance(d, int) else -1 for d in declared.shape]
        check(entry["shape"] == want_shape,
              f"{name}: metadata shape of input {declared.name!r} is {entry['shape']}, expected {want_shape}")
        check(entry["datatype"] == ORT_TYPES.get(declared.type),
              f"{name}: metadata datatype of input {declared.name!r} is {entry['datatype']}, "
              f"expected {ORT_TYPES.get(declared.type)}")
    outputs = {entry["name"]: entry for entry in metadata.get("outputs", [])}
    for output in case["outputs"]:
        entry = outputs.get(output["name"])
        check(entry is not None, f"{name}: metadata has no output {output['name']!r}: {metadata}")
        check(entry["datatype"] == output["datatype"],
              f"{name}: metadata datatype of output {output['name']!r} is {entry['datatype']}, "
              f"expected {output['datatype']}")
        if output["kind"] == "zipmap":
            labels = (entry.get("parameters") or {}).get("labels")
            check(labels == output["labels"],
                  f"{name}: metadata parameters.labels of ZipMap output {output['name']!r} are {labels}, "
                  f"expected {output['labels']}")
    return metadata


def check_model(client, directory, name, case):
    tolerance = case["tolerance"]
    rtol, atol = tolerance["rtol"], tolerance["atol"]
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(os.path.join(directory, f"{name}.onnx"), options,
                                           providers=["CPUExecutionProvider"])
    feeds = {tensor["name"]: input_array(tensor) for tensor in case["inputs"]}

    # onnxruntime, live, against the stored reference.
    live = ort_outputs(session, feeds)
    references = {}
    for output in case["outputs"]:
        want = expected_array(output)
        references[output["name"]] = want
        check(output["name"] in live, f"{name}: onnxruntime has no output {output['name']!r}")
        got, labels = live[output["name"]]
        problem = compare(f"{name}: onnxruntime output {output['name']!r} vs the stored reference", got, want,
                          rtol, atol)
        check(problem is None, f"{problem}: regenerate the fixtures with make_onnx_fixtures.py?")
        if output["kind"] == "zipmap":
            check(labels == output["labels"], f"{name}: onnxruntime ZipMap labels {labels}, stored {output['labels']}")

    metadata = check_metadata(client, name, session, case)

    worst = {}
    for binary in (False, True):
        protocol = "binary" if binary else "JSON"
        tensors = []
        for tensor in case["inputs"]:
            array = feeds[tensor["name"]]
            infer_input = httpclient.InferInput(tensor["name"], list(array.shape), tensor["datatype"])
            infer_input.set_data_from_numpy(array, binary_data=binary)
            tensors.append(infer_input)
        requested = [httpclient.InferRequestedOutput(o["name"], binary_data=binary) for o in case["outputs"]]
        try:
            # The JSON form says it is JSON (the KServe Python server takes a body without it for binary).
            headers = None if binary else {"Content-Type": "application/json"}
            result = client.infer(name, tensors, outputs=requested, headers=headers)
        except httpclient.InferenceServerException as error:
            fail(f"{name} ({protocol}): the server refused the case's inputs: {error}")
        for output in case["outputs"]:
            where = f"{name} ({protocol}) output {output['name']!r}"
            description = result.get_output(output["name"])
            check(description is not None, f"{where}: missing from the answer {result.get_response()}")
            check(description["datatype"] == output["datatype"],
                  f"{where}: datatype {description['datatype']}, expected {output['datatype']}"
                  + (" (a ZipMap output is answered as FP32 [N, C])" if output["kind"] == "zipmap" else ""))
            got = result.as_numpy(output["name"])
            problem = compare(where, got, references[output["name"]], rtol, atol)
            check(problem is None, problem)
            worst[output["name"]] = max(worst.get(output["name"], 0.0),
                                        max_relative(got, references[output["name"]]))
    return {
        "rows": int(next(iter(feeds.values())).shape[0]),
        "outputs": [o["name"] for o in case["outputs"]],
        "max_relative_difference": worst,
        "metadata_inputs": metadata.get("inputs"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("fixtures")
    parser.add_argument("--models", help="comma-separated fixture names (default: every NAME.case.json)")
    arguments = parser.parse_args()

    client = httpclient.InferenceServerClient(url=arguments.url.replace("http://", ""), network_timeout=120)
    check(client.is_server_ready(), f"{arguments.url} is not ready")
    paths = sorted(glob.glob(os.path.join(arguments.fixtures, "*.case.json")))
    check(paths, f"no *.case.json in {arguments.fixtures}")
    wanted = set(arguments.models.split(",")) if arguments.models else None
    summary = {"onnxruntime": onnxruntime.__version__, "models": {}}
    for path in paths:
        with open(path) as handle:
            case = json.load(handle)
        name = case["model"]
        if wanted is not None and name not in wanted:
            continue
        check(client.is_model_ready(name), f"{name}: the server does not have it ready")
        summary["models"][name] = check_model(client, arguments.fixtures, name, case)
    if wanted is not None:
        missing = wanted - set(summary["models"])
        check(not missing, f"no fixtures named {sorted(missing)}")
    summary["checked"] = len(summary["models"])
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
