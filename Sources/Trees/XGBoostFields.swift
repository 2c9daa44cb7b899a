import Core

/// Typed reads of the fields of an XGBoost JSON model; every failure names the file and the field's path.
struct XGBoostFields {
    let source: String

    func failure(_ path: String, _ problem: String) -> KServeError {
        KServeError(.invalidInput, "\(source): \(path): \(problem)")
    }

    func unsupported(_ path: String, _ problem: String) -> KServeError {
        KServeError(.unsupported, "\(source): \(path): \(problem)")
    }

    func object(_ value: Value?, at path: String) throws(KServeError) -> ValueObject {
        guard let value else { throw failure(path, "missing") }
        guard case .object(let object) = value else {
            throw failure(path, "expected an object, found \(value.kindDescription)")
        }
        return object
    }

    func array(_ value: Value?, at path: String) throws(KServeError) -> [Value] {
        guard let value else { throw failure(path, "missing") }
        guard case .array(let array) = value else {
            throw failure(path, "expected an array, found \(value.kindDescription)")
        }
        return array
    }

    /// An array that must have exactly `count` elements when `count` is given.
    func array(_ value: Value?, at path: String, count: Int?) throws(KServeError) -> [Value] {
        let elements = try array(value, at: path)
        guard count == nil || elements.count == count else {
            throw failure(path, "has \(elements.count) elements, expected \(count ?? 0)")
        }
        return elements
    }

    func string(_ value: Value?, at path: String) throws(KServeError) -> String {
        guard let value else { throw failure(path, "missing") }
        guard case .string(let string) = value else {
            throw failure(path, "expected a string, found \(value.kindDescription)")
        }
        return string
    }

    /// A scalar parameter: XGBoost writes them as strings ("num_trees": "3"); a JSON integer is accepted too.
    func integerParameter(_ value: Value?, at path: String, in range: ClosedRange<Int>) throws(KServeError) -> Int {
        guard let value else { throw failure(path, "missing") }
        let parsed: Int?
        switch value {
        case .string(let text): parsed = Int(text)
        case .int(let number): parsed = Int(exactly: number)
        default: throw failure(path, "expected an integer, found \(value.kindDescription)")
        }
        guard let parsed else { throw failure(path, "expected an integer, found \"\(value.stringValue ?? "")\"") }
        guard range.contains(parsed) else {
            throw failure(path, "\(parsed) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return parsed
    }

    /// Integers that each fit `range`, one per element of an array (of `count` elements when given).
    func integers(
        _ value: Value?,
        at path: String,
        count: Int? = nil,
        in range: ClosedRange<Int32>
    ) throws(KServeError) -> [Int32] {
        let elements = try array(value, at: path, count: count)
        var result = [Int32](repeating: 0, count: elements.count)
        for (index, element) in elements.enumerated() {
            guard case .int(let number) = element else {
                throw failure("\(path)[\(index)]", "expected an integer, found \(element.kindDescription)")
            }
            guard let narrow = Int32(exactly: number), range.contains(narrow) else {
                throw failure(
                    "\(path)[\(index)]",
                    "\(number) is out of range \(range.lowerBound)...\(range.upperBound)"
                )
            }
            result[index] = narrow
        }
        return result
    }

    /// Float32 values of a `count`-element array of numbers (exactly as XGBoost reads them).
    func floats(_ value: Value?, at path: String, count: Int?) throws(KServeError) -> [Float] {
        let elements = try array(value, at: path, count: count)
        var result = [Float](repeating: 0, count: elements.count)
        for (index, element) in elements.enumerated() {
            guard let number = element.doubleValue else {
                throw failure("\(path)[\(index)]", "expected a number, found \(element.kindDescription)")
            }
            result[index] = XGBoostFloat.float32(number)
        }
        return result
    }

    /// Flags written as 0/1 (or booleans), one per element of a `count`-element array.
    func flags(_ value: Value?, at path: String, count: Int) throws(KServeError) -> [Bool] {
        let elements = try array(value, at: path, count: count)
        var result = [Bool](repeating: false, count: elements.count)
        for (index, element) in elements.enumerated() {
            switch element {
            case .int(0), .bool(false): result[index] = false
            case .int(1), .bool(true): result[index] = true
            default: throw failure("\(path)[\(index)]", "expected 0 or 1, found \(describe(element))")
            }
        }
        return result
    }

    func describe(_ value: Value) -> String {
        switch value {
        case .int(let number): return String(number)
        case .uint(let number): return String(number)
        default: return value.kindDescription
        }
    }
}
