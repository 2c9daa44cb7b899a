import Core
import ONNX
import ONNXConformance

// Runs ONNX's backend node tests through the executor and prints pass counts per operator.
//
//   onnx-node-tests [--ops A,B] [--case SUBSTRING] [--verbose] NODE_DIR
//
// NODE_DIR is onnx/backend/test/data/node of the onnx 1.22.0 wheel. --ops keeps the cases whose graph uses one of
// the operators; --verbose prints every case that did not pass, with the reason.
/// A line on standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

var arguments = Array(CommandLine.arguments.dropFirst())
var ops: Set<String>?
var caseFilter: String?
var verbose = false
var root: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--ops":
        guard !arguments.isEmpty else { break }
        ops = Set(arguments.removeFirst().split(separator: ",").map(String.init))
    case "--case":
        guard !arguments.isEmpty else { break }
        caseFilter = arguments.removeFirst()
    case "--verbose", "-v":
        verbose = true
    default:
        root = argument
    }
}
guard let root else {
    printError("usage: onnx-node-tests [--ops A,B] [--case TEXT] [--verbose] NODE_DIR")
    exit(2)
}
let runner = NodeTestRunner()
var results: [NodeTestResult] = []
do {
    for testCase in try NodeTestCase.all(in: root) {
        if let caseFilter, !testCase.name.contains(caseFilter) { continue }
        if let ops {
            guard let used = runner.operators(of: testCase), !ops.isDisjoint(with: used) else { continue }
        }
        let result = runner.run(testCase)
        if verbose, !result.outcome.passed {
            print("\(testCase.name) [\(result.operators.joined(separator: " "))]: \(result.outcome)")
        }
        results.append(result)
    }
} catch {
    printError("onnx-node-tests: \(error.message)")
    exit(1)
}
let summary = NodeTestSummary(results)
print(summary.table(operators: ops.map { Array($0).sorted() }))
