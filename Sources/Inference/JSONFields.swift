import Core

/// The fields of one object of a request, response or metadata document, read with JSON's wording.
typealias JSONFields = ObjectReader<JSONContext>

extension ObjectReader<JSONContext> {
    /// A shape: integers, which may be -1 only when `allowVariable` (metadata).
    func shape(_ key: String = "shape", allowVariable: Bool = false) throws(KServeError) -> [Int64] {
        var shape: [Int64] = []
        for (index, element) in try field(key).array().enumerated() {
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
