import Core

/// Typed reads of one JSON object's fields, each failure an `.invalidInput` error that names the object and field.
struct JSONFields {
    let object: ValueObject
    /// Where the object is, e.g. `request.json: input "x"`.
    let context: JSONContext

    init(_ value: Value, context: String) throws(KServeError) {
        try self.init(value, context: JSONContext(context))
    }

    init(_ value: Value, context: JSONContext) throws(KServeError) {
        guard case .object(let object) = value else {
            throw KServeError(.invalidInput, "\(context) is \(value.kindDescription), expected an object")
        }
        self.object = object
        self.context = context
    }

    func failure(_ problem: String) -> KServeError { KServeError(.invalidInput, "\(context): \(problem)") }

    /// The field, nil when absent or `null`.
    func optional(_ key: String) -> Value? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(KServeError) -> String {
        guard let value = optional(key) else { throw failure("missing \"\(key)\"") }
        guard case .string(let text) = value else {
            throw failure("\"\(key)\" is \(value.kindDescription), expected a string")
        }
        return text
    }

    func optionalString(_ key: String) throws(KServeError) -> String? {
        guard optional(key) != nil else { return nil }
        return try string(key)
    }

    func array(_ key: String) throws(KServeError) -> [Value] {
        guard let value = optional(key) else { throw failure("missing \"\(key)\"") }
        guard case .array(let elements) = value else {
            throw failure("\"\(key)\" is \(value.kindDescription), expected an array")
        }
        return elements
    }

    func optionalArray(_ key: String) throws(KServeError) -> [Value]? {
        guard optional(key) != nil else { return nil }
        return try array(key)
    }

    func strings(_ key: String) throws(KServeError) -> [String]? {
        guard let elements = try optionalArray(key) else { return nil }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw failure("\(key)[\(index)] is \(element.kindDescription), expected a string")
            }
            result.append(text)
        }
        return result
    }

    /// An object-valued field such as `parameters`; empty when absent or `null`.
    func object(_ key: String) throws(KServeError) -> ValueObject {
        guard let value = optional(key) else { return [:] }
        guard case .object(let fields) = value else {
            throw failure("\"\(key)\" is \(value.kindDescription), expected an object")
        }
        return fields
    }

    /// A shape: integers, which may be -1 only when `allowVariable` (metadata).
    func shape(_ key: String = "shape", allowVariable: Bool = false) throws(KServeError) -> [Int64] {
        var shape: [Int64] = []
        for (index, element) in try array(key).enumerated() {
            guard case .int(let dimension) = element, dimension >= (allowVariable ? -1 : 0) else {
                let shown = element.int64Value.map(String.init) ?? element.kindDescription
                let expected = allowVariable ? "an integer of at least -1" : "a non-negative integer"
                throw failure("\(key)[\(index)] is \(shown), expected \(expected)")
            }
            shape.append(dimension)
        }
        return shape
    }
}

extension KServeError {
    /// The same error with another code, for failures in what a server sent (`.badResponse`).
    func with(code: Code) -> KServeError {
        var copy = self
        copy.code = code
        return copy
    }
}
