import Compute
import Core
import ONNX

#if canImport(Glibc)
import Glibc
#endif

// Times the ONNX executor in process on one model, driven over stdin so that a peer (bench/onnx_vs_onnxruntime.py)
// can alternate rounds with onnxruntime in the same run.
// Usage: onnx-bench MODEL.onnx, then one command per line on stdin, one JSON line per command on stdout:
//   run INPUT_FILE BATCH COUNT      -> {"times_us": [...], "output": [...]}: COUNT timed calls of ONNXModel.run on
//                                      the first BATCH rows of INPUT_FILE (raw little-endian float32, the model's
//                                      first input with its dynamic dimensions set to BATCH); the first output of the
//                                      last call, flat, for checking.
//   profile INPUT_FILE BATCH COUNT  -> {"nodes": [{"node", "op", "median_us"}], "total_us"}: the same graph run node
//                                      by node, each node's operator timed on its own (COUNT runs, medians).
// EOF ends it.

func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func fail(_ message: String) -> Never {
    let text = Array("onnx-bench: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

/// One JSON line on stdout, written at once (the driver waits for it on a pipe).
func emit(_ value: Value) {
    let bytes = JSONWriter.bytes(value) + [UInt8(ascii: "\n")]
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(1, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
        guard written > 0 else { fail("cannot write the answer") }
        offset += written
    }
}

// As `kserve` and `kserve serve` do, so that the figures are the server's.
OpenBLASEnvironment.singleThreaded()
AllocatorTuning.keepLargeBuffers()
let arguments = CommandLine.arguments
guard arguments.count == 2 else { fail("usage: onnx-bench MODEL.onnx (commands on stdin)") }
let modelPath = arguments[1]
let directory =
    modelPath.contains("/") ? String(modelPath[..<(modelPath.lastIndex(of: "/") ?? modelPath.endIndex)]) : "."
let modelBytes: [UInt8]
let model: ONNXModel
do {
    modelBytes = try InputFile.read(modelPath)
    model = try ONNXModel(bytes: modelBytes, directory: directory)
} catch {
    fail(error.message)
}
guard let firstInput = model.graph.inputs.first, model.graph.inputs.count == 1,
    case .tensor(let inputType, let declaredShape) = firstInput.type, inputType == .float, let declaredShape
else {
    fail("the benchmark takes models with one float input of known rank")
}

/// The first input: `batch` rows of the floats in `path`, shaped as declared with dynamic dimensions set to `batch`.
func input(path: String, batch: Int) -> Tensor {
    let shape = declaredShape.map { dimension -> Int in
        if case .fixed(let value) = dimension { return value }
        return batch
    }
    let count = shape.reduce(1, *)
    let bytes: [UInt8]
    do { bytes = try InputFile.read(path) } catch { fail(error.message) }
    guard bytes.count >= count * 4 else {
        fail("\(path) holds \(bytes.count / 4) floats, \(Tensor.describe(shape)) needs \(count)")
    }
    let floats = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        bytes.withUnsafeBytes { raw in
            for index in 0..<count {
                buffer[index] = Float(
                    bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                )
            }
        }
        initialized = count
    }
    return Tensor(shape: shape, floats: floats)
}

/// Keeps every answer observable so the optimiser cannot drop the calls.
nonisolated(unsafe) var checksum: Float = 0

func run(_ tensor: Tensor, count: Int) -> Value {
    var times: [Value] = []
    times.reserveCapacity(count)
    var last: [Tensor] = []
    for _ in 0..<count {
        let start = now()
        do { last = try model.run([tensor]) } catch { fail(error.message) }
        times.append(.double(Double(now() - start) / 1000))
        if let first = last.first, case .float(let values) = first.storage, let value = values.first {
            checksum += value
        }
    }
    var output: [Value] = []
    if let first = last.first, case .float(let values) = first.storage { output = values.map { .double(Double($0)) } }
    return ["times_us": .array(times), "output": .array(output)]
}

/// Runs the graph node by node (constant nodes folded first, as the plan does), timing each operator on its own.
func profile(_ tensor: Tensor, count: Int) -> Value {
    let graph: Graph
    do { graph = try ModelDecoder.decode(modelBytes, directory: directory) } catch { fail(error.message) }
    let context = ExecutionContext(backend: CPUBackend())
    var values: [String: Tensor] = graph.initializers
    values[firstInput.name] = tensor
    let constantNames = Set(graph.initializers.keys)
    // Nodes in an order where each node's inputs come first; constant-only nodes are computed once, untimed.
    var pending = graph.nodes
    var order: [(node: NodeDescription, op: any Operator)] = []
    var known = constantNames.union([firstInput.name])
    var constant = constantNames
    while !pending.isEmpty {
        guard let index = pending.firstIndex(where: { $0.inputs.allSatisfy { $0.isEmpty || known.contains($0) } })
        else { fail("the graph has a node whose inputs nothing provides") }
        let node = pending.remove(at: index)
        let op: any Operator
        do { op = try OperatorRegistry.standard.makeOperator(node) } catch { fail(error.message) }
        if node.inputs.allSatisfy({ $0.isEmpty || constant.contains($0) }) {
            let inputs = OperatorInputs(node.inputs.map { $0.isEmpty ? nil : values[$0] })
            do {
                for (name, result) in zip(node.outputs, try op.run(inputs, context: context)) { values[name] = result }
            } catch {
                fail("\(node.label): \(error.message)")
            }
            constant.formUnion(node.outputs)
        } else {
            order.append((node, op))
        }
        known.formUnion(node.outputs)
    }
    var times = [[Double]](repeating: [], count: order.count)
    for _ in 0..<count {
        var live = values
        for (position, step) in order.enumerated() {
            let inputs = OperatorInputs(step.node.inputs.map { $0.isEmpty ? nil : live[$0] })
            let start = now()
            let results: [Tensor]
            do { results = try step.op.run(inputs, context: context) } catch {
                fail("\(step.node.label): \(error.message)")
            }
            times[position].append(Double(now() - start) / 1000)
            for (name, result) in zip(step.node.outputs, results) where !name.isEmpty { live[name] = result }
        }
    }
    let nodes: [Value] = order.enumerated().map { position, step in
        [
            "node": .string(step.node.name), "op": .string(step.node.opType),
            "median_us": .double(median(times[position])),
        ]
    }
    return ["nodes": .array(nodes), "total_us": .double(order.indices.reduce(0) { $0 + median(times[$1]) })]
}

while let line = readLine() {
    let words = line.split(separator: " ").map(String.init)
    guard !words.isEmpty else { continue }
    guard words.count == 4, let batch = Int(words[2]), let count = Int(words[3]), batch > 0, count > 0 else {
        fail("unknown command \"\(line)\" (run|profile INPUT_FILE BATCH COUNT)")
    }
    let tensor = input(path: words[1], batch: batch)
    switch words[0] {
    case "run": emit(run(tensor, count: count))
    case "profile": emit(profile(tensor, count: count))
    default: fail("unknown command \"\(words[0])\"")
    }
}
if checksum.isNaN { fail("a NaN answer") }
