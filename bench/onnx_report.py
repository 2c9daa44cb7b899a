"""Writes the "ONNX executor" section of docs/performance.md from bench/onnx.sh's measurements.

Usage: onnx_report.py LATENCY_JSON SERVE_TXT --machine TEXT --load X --rounds R --serve-rounds S --duration D
       --connections C [--write 1|0] [--docs docs/performance.md]
LATENCY_JSON: bench/onnx_vs_onnxruntime.py's output. SERVE_TXT: lines "ours|python RPS P50 P99" (wrk's figures).
With --write 1 the section replaces the current one under "## Current figures" (which moves, dated, to the end of
History); with --write 0 it is printed to stdout only.
"""

import argparse
import datetime
import json
import re
import statistics
import textwrap

TITLE = "ONNX executor"


def microseconds(value):
    return f"{value:.0f} µs" if value >= 100 else f"{value:.1f} µs"


def section(latency, serve_lines, arguments, day):
    lines = [f"### {TITLE}: in process and served, vs onnxruntime ({day})", ""]
    lines += [
        f"Machine: {arguments.machine} (1-minute load {arguments.load} at the start). Command: `bench/onnx.sh`"
        f" (onnxruntime {latency['onnxruntime']}; fixtures from `Tests/IntegrationTests/Fixtures/onnx`).",
        "",
        f"In process: `onnx-bench` (release) against `InferenceSession.run` with intra_op_num_threads=1 and"
        f" inter_op_num_threads=1, {arguments.rounds} alternating rounds (which side goes first alternates), every"
        " call timed on its own (onnxruntime from Python, its call overhead of a few µs included). MLP:"
        " 784->128->64->10, Gemm/Relu/Softmax. CNN: [N,1,28,28], two Conv 3x3 + Relu + MaxPool, Gemm, Softmax.",
        "",
        "| model | batch | calls | ours median | ours p90 | onnxruntime median | onnxruntime p90 | ours / onnxruntime |",
        "|---|---|---|---|---|---|---|---|",
    ]
    profiles = []
    for name, rows in latency["models"].items():
        for row in rows:
            lines.append(
                f"| {name} | {row['batch']} | {row['calls']} | {microseconds(row['ours_median_us'])}"
                f" | {microseconds(row['ours_p90_us'])} | {microseconds(row['ort_median_us'])}"
                f" | {microseconds(row['ort_p90_us'])} | {row['ratio']:.2f}x |"
            )
            if "profile" in row:
                profiles.append((name, row))
    serve = {"ours": [], "python": []}
    for line in serve_lines:
        side, rps, p50, p99 = line.split()
        serve[side].append((float(rps), p50, p99))
    lines += [
        "",
        f"Served: V2 JSON infer of one MLP row (784 floats), wrk 2 threads, {arguments.connections} connections,"
        f" {arguments.duration} s per round, {arguments.serve_rounds} rounds alternating between the two servers"
        " (both up throughout). Python peer: kserve 0.21.0 `ModelServer`, one worker, an onnxruntime session with one"
        " thread (`bench/onnx_server.py`). Figures of the median round by requests/s.",
        "",
        "| server | requests/s | p50 | p99 |",
        "|---|---|---|---|",
    ]
    medians = {}
    for side, label in (("ours", "kserve serve"), ("python", "KServe Python model server + onnxruntime")):
        runs = sorted(serve[side])
        if not runs:
            continue
        rps, p50, p99 = runs[len(runs) // 2]
        medians[side] = statistics.median(r[0] for r in runs)
        lines.append(f"| {label} | {rps:.0f} | {p50} | {p99} |")
    if "ours" in medians and "python" in medians and medians["python"] > 0:
        lines += ["", f"Ratio: {medians['ours'] / medians['python']:.1f}x the requests/s."]
    for name, row in profiles:
        profile = row["profile"]
        lines += [
            "",
            f"Where our time goes, {name} batch {row['batch']} ({row['ratio']:.2f}x onnxruntime): `onnx-bench`'s"
            f" per-node timer, each node's median over {row['calls'] // arguments.rounds} runs"
            f" (sum {microseconds(profile['total_us'])}).",
            "",
            "| operator | time | share |",
            "|---|---|---|",
        ]
        total = max(profile["total_us"], 1e-9)
        for op, spent in sorted(profile["by_op_us"].items(), key=lambda item: -item[1]):
            lines.append(f"| {op} | {microseconds(spent)} | {100 * spent / total:.0f}% |")
    # Prose wrapped at 120 columns as in the rest of the file; tables and headings stay whole.
    wrapped = []
    for line in lines:
        if line.startswith(("|", "#")) or len(line) <= 120:
            wrapped.append(line)
        else:
            wrapped += textwrap.wrap(line, width=120, break_long_words=False, break_on_hyphens=False)
    return "\n".join(wrapped) + "\n"


def replace_section(text, new_section, day):
    """Puts `new_section` under Current figures; a previous ONNX executor section moves to the end of History."""
    history = text.find("\n## History")
    if history < 0:
        return text.rstrip("\n") + "\n\n" + new_section
    current, rest = text[:history], text[history:]
    pattern = re.compile(rf"^### {TITLE}[^\n]*\((\d{{4}}-\d{{2}}-\d{{2}})\)\n.*?(?=^### |^## |\Z)", re.M | re.S)
    old = pattern.search(current)
    if old:
        current = current[: old.start()] + current[old.end():]
        previous = old.group(0)
        heading, body = previous.split("\n", 1)
        moved = f"### {old.group(1)}: {heading[4:].rsplit(' (', 1)[0]}\n{body}".rstrip("\n") + "\n\n"
        rest = rest.rstrip("\n") + "\n\n" + moved.rstrip("\n") + "\n"  # History runs oldest first
    current = current.rstrip("\n") + "\n\n" + new_section
    return current + rest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("latency")
    parser.add_argument("serve")
    parser.add_argument("--machine", required=True)
    parser.add_argument("--load", required=True)
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--serve-rounds", type=int, required=True)
    parser.add_argument("--duration", required=True)
    parser.add_argument("--connections", required=True)
    parser.add_argument("--write", default="1")
    parser.add_argument("--docs", default="docs/performance.md")
    arguments = parser.parse_args()

    with open(arguments.latency) as handle:
        latency = json.load(handle)
    with open(arguments.serve) as handle:
        serve_lines = [line for line in handle if line.strip()]
    day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    text = section(latency, serve_lines, arguments, day)
    print(text)
    if arguments.write == "1":
        with open(arguments.docs) as handle:
            docs = handle.read()
        with open(arguments.docs, "w") as handle:
            handle.write(replace_section(docs, text, day))


if __name__ == "__main__":
    main()
