/// Typed reads of one value of a document, each failure an error that names where the value sits.
///
/// `key` is the member of `place`'s object the value came from; it joins the place only when a read fails or when
/// a reader descends (`fields()`, `elements()`), so reading a valid document writes no message text. A member that
/// is present but `null` is not missing: a read of it fails as a mismatch (`ObjectReader.optional` skips it).
package struct ValueReader<Place: ValuePlace> {
    /// nil when the member is absent.
    package let value: Value?
    package let place: Place
    package let key: String?

    @inlinable
    package init(_ value: Value?, at place: Place, key: String? = nil) {
        self.value = value
        self.place = place
        self.key = key
    }

    /// The failure `problem` of this value, or of its element `index`.
    @inlinable
    package func failure(_ problem: ValueProblem, index: Int? = nil) -> KServeError {
        place.failure(problem, key: key, index: index)
    }

    package func failure(_ problem: String, index: Int? = nil) -> KServeError { failure(.other(problem), index: index) }

    /// The value as `extract` takes it, a failure when it is absent or of another kind.
    @inlinable
    func read<T>(_ expected: ValueExpectation, _ extract: (Value) -> T?) throws(KServeError) -> T {
        guard let value else { throw failure(.missing) }
        guard let result = extract(value) else { throw failure(.mismatch(expected: expected, found: value)) }
        return result
    }

    @inlinable
    package func object() throws(KServeError) -> ValueObject { try read(.object, \.objectValue) }

    @inlinable
    package func array() throws(KServeError) -> [Value] { try read(.array, \.arrayValue) }

    /// An array of exactly `count` elements.
    package func array(count: Int) throws(KServeError) -> [Value] {
        let elements = try array()
        guard elements.count == count else { throw failure("has \(elements.count) elements, expected \(count)") }
        return elements
    }

    @inlinable
    package func string() throws(KServeError) -> String { try read(.string, \.stringValue) }

    package func bool() throws(KServeError) -> Bool { try read(.bool, \.boolValue) }

    /// A whole number that fits `Int` and is at least `minimum`; `2.0` reads as 2.
    package func int(atLeast minimum: Int? = nil) throws(KServeError) -> Int {
        try read(.wholeNumber(atLeast: minimum)) { value in
            guard let wide = value.int64Value, let int = Int(exactly: wide), int >= minimum ?? .min else { return nil }
            return int
        }
    }

    /// Any number; integers convert.
    package func double() throws(KServeError) -> Double { try read(.number, \.doubleValue) }

    /// An array of strings; a failure names the element that is not one.
    package func strings() throws(KServeError) -> [String] {
        let elements = try read(.strings, \.arrayValue)
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw failure(.mismatch(expected: .string, found: element), index: index)
            }
            result.append(text)
        }
        return result
    }
}

extension ValueReader where Place: ValuePath {
    /// The place of the value itself, its key joined.
    package var path: Place { key.map(place.member) ?? place }

    /// The object, for reads of its members at the value's own path.
    package func fields() throws(KServeError) -> ObjectReader<Place> {
        ObjectReader(object: try object(), at: path)
    }

    /// The array's elements, each at its own path (`trees[2]`).
    package func elements() throws(KServeError) -> [ValueReader<Place>] {
        let elements = try array()
        let path = path
        return elements.enumerated().map { ValueReader($1, at: path.element($0)) }
    }
}
