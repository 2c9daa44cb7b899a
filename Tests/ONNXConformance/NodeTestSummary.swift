/// Pass counts per operator and over all cases.
package struct NodeTestSummary: Sendable {
    package struct Counts: Sendable {
        package var cases = 0
        package var passed = 0
        package var failed = 0
        package var nonTensor = 0
        package var unsupportedType = 0
    }

    package var results: [NodeTestResult]
    package var perOperator: [String: Counts] = [:]
    package var total = Counts()

    package init(_ results: [NodeTestResult]) {
        self.results = results
        for result in results {
            Self.add(result.outcome, to: &total)
            for op in result.operators { Self.add(result.outcome, to: &perOperator[op, default: Counts()]) }
        }
    }

    private static func add(_ outcome: NodeTestOutcome, to counts: inout Counts) {
        counts.cases += 1
        switch outcome {
        case .passed: counts.passed += 1
        case .failed: counts.failed += 1
        case .nonTensor: counts.nonTensor += 1
        case .unsupportedType: counts.unsupportedType += 1
        }
    }

    /// A plain-text table: one line per operator, then the totals and the pass rate over all cases.
    package func table(operators: [String]? = nil) -> String {
        var lines = ["operator                        cases  passed  failed  non-tensor  other-type"]
        for op in (operators ?? perOperator.keys.sorted()) {
            guard let counts = perOperator[op] else { continue }
            lines.append(Self.row(op, counts))
        }
        lines.append(Self.row("all cases", total))
        let rate = total.cases == 0 ? 0 : Double(total.passed) * 100 / Double(total.cases)
        lines.append("pass rate over all cases: \(total.passed)/\(total.cases) = \(Self.percent(rate))")
        return lines.joined(separator: "\n")
    }

    private static func row(_ name: String, _ counts: Counts) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        func left(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        return pad(name, 30) + left(counts.cases, 7) + left(counts.passed, 8) + left(counts.failed, 8)
            + left(counts.nonTensor, 12) + left(counts.unsupportedType, 12)
    }

    private static func percent(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
