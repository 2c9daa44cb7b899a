import Core

/// Where the fields of an XGBoost JSON model sit: every failure names the file and the field's path.
struct XGBoostFields {
    let source: String

    /// `value` (nil when absent) for typed reads at `path`, such as `learner.gradient_booster.model.trees[0]`.
    func at(_ path: String, _ value: Value?) -> ValueReader<DocumentPath> {
        ValueReader(value, at: DocumentPath(source: source, path: path))
    }

    func failure(_ path: String, _ problem: String) -> KServeError { at(path, nil).failure(problem) }

    func unsupported(_ path: String, _ problem: String) -> KServeError {
        failure(path, problem).with(code: .unsupported)
    }
}

/// XGBoost's own encodings of numbers and flags.
extension ValueReader<DocumentPath> {
    /// A scalar parameter: XGBoost writes them as strings ("num_trees": "3"); a JSON integer is accepted too.
    func integerParameter(in range: ClosedRange<Int>) throws(KServeError) -> Int {
        guard let value else { throw failure(.missing) }
        let parsed: Int?
        switch value {
        case .string(let text): parsed = Int(text)
        case .int(let number): parsed = Int(exactly: number)
        default: throw failure("expected an integer, found \(value.kindDescription)")
        }
        guard let parsed else { throw failure("expected an integer, found \"\(value.stringValue ?? "")\"") }
        guard range.contains(parsed) else {
            throw failure("\(parsed) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return parsed
    }

    /// Integers that each fit `range`, one per element of an array (of `count` elements when given).
    func integers(count: Int? = nil, in range: ClosedRange<Int32>) throws(KServeError) -> [Int32] {
        let elements = try elements(count: count)
        var result = [Int32](repeating: 0, count: elements.count)
        for (index, element) in elements.enumerated() {
            guard case .int(let number) = element else {
                throw failure("expected an integer, found \(element.kindDescription)", index: index)
            }
            guard let narrow = Int32(exactly: number), range.contains(narrow) else {
                throw failure("\(number) is out of range \(range.lowerBound)...\(range.upperBound)", index: index)
            }
            result[index] = narrow
        }
        return result
    }

    /// Float32 values of a `count`-element array of numbers (exactly as XGBoost reads them).
    func floats(count: Int) throws(KServeError) -> [Float] {
        let elements = try array(count: count)
        var result = [Float](repeating: 0, count: elements.count)
        for (index, element) in elements.enumerated() {
            guard let number = element.doubleValue else {
                throw failure(.mismatch(expected: .number, found: element), index: index)
            }
            result[index] = XGBoostFloat.float32(number)
        }
        return result
    }

    /// Flags written as 0/1 (or booleans), one per element of a `count`-element array.
    func flags(count: Int) throws(KServeError) -> [Bool] {
        let elements = try array(count: count)
        var result = [Bool](repeating: false, count: elements.count)
        for (index, element) in elements.enumerated() {
            switch element {
            case .int(0), .bool(false): result[index] = false
            case .int(1), .bool(true): result[index] = true
            default: throw failure("expected 0 or 1, found \(Self.describe(element))", index: index)
            }
        }
        return result
    }

    private func elements(count: Int?) throws(KServeError) -> [Value] {
        if let count { return try array(count: count) }
        return try array()
    }

    private static func describe(_ value: Value) -> String {
        switch value {
        case .int(let number): return String(number)
        case .uint(let number): return String(number)
        default: return value.kindDescription
        }
    }
}
