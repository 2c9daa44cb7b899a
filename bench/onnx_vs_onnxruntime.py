"""Times the ONNX executor (onnx-bench, in process) against onnxruntime on the MLP and CNN fixtures, alternating.

Usage: .venv/bin/python bench/onnx_vs_onnxruntime.py ONNX_BENCH FIXTURE_DIR [--rounds R] [--models mlp,cnn]
       [--batches 1,32] [--profile-above 1.2]   (bench/onnx.sh runs it)

Per model and batch size: R rounds; in each round both sides make the same number of timed calls on the same input
(the first BATCH rows of one random float32 array), and which side goes first alternates round by round. Every call
is timed on its own: onnxruntime's `InferenceSession.run` from Python (intra_op_num_threads=1,
inter_op_num_threads=1; Python's call overhead included, a few microseconds), ours `ONNXModel.run` in the onnx-bench
process. Before timing, both sides' answers are compared (1e-4 relative). Where our median is more than
--profile-above times onnxruntime's, onnx-bench's per-operator timer breaks our time down by node.
Prints one JSON document.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnxruntime

# Calls per round: about 0.1-0.3 s of work per side for the fixtures.
CALLS = {1: 200, 32: 40}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Ours:
    """An onnx-bench process for one model, answering commands over a pipe."""

    def __init__(self, bench, model_path):
        self.process = subprocess.Popen([bench, model_path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)

    def command(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            sys.exit(f"onnx-bench ended without answering {line!r} (exit status {self.process.wait()})")
        return json.loads(answer)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def ort_session(model_path):
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])


def ort_times(session, feeds, count):
    times = []
    run = session.run
    for _ in range(count):
        start = time.perf_counter_ns()
        run(None, feeds)
        times.append((time.perf_counter_ns() - start) / 1000)
    return times


def measure(bench, model_path, input_path, rows, batch, rounds, profile_above):
    session = ort_session(model_path)
    declared = session.get_inputs()[0]
    shape = [batch if not isinstance(d, int) else d for d in declared.shape]
    feeds = {declared.name: rows[:batch].reshape(shape)}
    ours = Ours(bench, model_path)
    calls = CALLS.get(batch, 50)
    command = f"run {input_path} {batch} {calls}"

    # Warm-up round, and the answers compared.
    answer = ours.command(command)
    expected = session.run(None, feeds)[0].reshape(-1)
    got = np.array(answer["output"], dtype=np.float64)
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-4, atol=1e-6):
        sys.exit(f"{model_path} batch {batch}: onnx-bench's answer differs from onnxruntime's:\n{got}\nvs\n{expected}")
    ort_times(session, feeds, calls)

    ours_all, ort_all = [], []
    for round_index in range(rounds):
        if round_index % 2 == 0:
            ours_all += ours.command(command)["times_us"]
            ort_all += ort_times(session, feeds, calls)
        else:
            ort_all += ort_times(session, feeds, calls)
            ours_all += ours.command(command)["times_us"]
    result = {
        "batch": batch,
        "calls": len(ours_all),
        "ours_median_us": percentile(ours_all, 0.5),
        "ours_p90_us": percentile(ours_all, 0.9),
        "ort_median_us": percentile(ort_all, 0.5),
        "ort_p90_us": percentile(ort_all, 0.9),
    }
    result["ratio"] = result["ours_median_us"] / result["ort_median_us"]
    if result["ratio"] > profile_above:
        profile = ours.command(f"profile {input_path} {batch} {calls}")
        by_op = {}
        for node in profile["nodes"]:
            by_op[node["op"]] = by_op.get(node["op"], 0.0) + node["median_us"]
        result["profile"] = {"total_us": profile["total_us"], "nodes": profile["nodes"], "by_op_us": by_op}
    ours.close()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench")
    parser.add_argument("fixtures")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--models", default="mlp,cnn")
    parser.add_argument("--batches", default="1,32")
    parser.add_argument("--profile-above", type=float, default=1.2)
    arguments = parser.parse_args()

    batches = [int(b) for b in arguments.batches.split(",")]
    results = {"onnxruntime": onnxruntime.__version__, "rounds": arguments.rounds, "models": {}}
    with tempfile.TemporaryDirectory() as work:
        for name in arguments.models.split(","):
            model_path = os.path.join(arguments.fixtures, f"{name}.onnx")
            session = ort_session(model_path)
            per_row = int(np.prod([d for d in session.get_inputs()[0].shape if isinstance(d, int)]))
            rows = np.random.default_rng(5).random((max(batches), per_row), dtype=np.float32)
            input_path = os.path.join(work, f"{name}.f32")
            rows.astype("<f4").tofile(input_path)
            results["models"][name] = [
                measure(arguments.bench, model_path, input_path, rows, batch, arguments.rounds,
                        arguments.profile_above)
                for batch in batches
            ]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
