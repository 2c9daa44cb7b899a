/// Why a typed read of a `Value` failed. A `ValuePlace` puts it into words.
package enum ValueProblem: Sendable {
    /// A required member is absent.
    case missing
    case mismatch(expected: ValueExpectation, found: Value)
    /// A problem the caller words itself ("is required", "5 is out of range 0...2").
    case other(String)
}

/// Where values being read sit in a document, and how failures there are worded.
///
/// A place is kept as its parts and written out only when a read fails, so that reading a valid document builds no
/// message text; `key` and `index` name the member of the place's object, and the element of that member's array,
/// at fault.
package protocol ValuePlace {
    func failure(_ problem: ValueProblem, key: String?, index: Int?) -> KServeError
}

/// A place that can name the places under it, so a reader can descend into nested objects and arrays.
package protocol ValuePath: ValuePlace {
    func member(_ key: String) -> Self
    func element(_ index: Int) -> Self
}
