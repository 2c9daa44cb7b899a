/// Reads of one object's members, each failure an error that names the object's place and the member.
package struct ObjectReader<Place: ValuePlace> {
    package let object: ValueObject
    package let place: Place

    package init(object: ValueObject, at place: Place) {
        self.object = object
        self.place = place
    }

    /// The object that `value` must be, a failure naming `place` when it is anything else.
    @inlinable
    package init(_ value: Value, at place: Place) throws(KServeError) {
        self.init(object: try ValueReader(value, at: place).object(), at: place)
    }

    /// A member that must be present: reading it fails as missing when it is absent.
    @inlinable
    package func field(_ key: String) -> ValueReader<Place> { ValueReader(object[key], at: place, key: key) }

    /// A member that may be absent or `null`; nil then.
    @inlinable
    package func optional(_ key: String) -> ValueReader<Place>? {
        value(key).map { ValueReader($0, at: place, key: key) }
    }

    /// A member's value, nil when it is absent or `null`.
    @inlinable
    package func value(_ key: String) -> Value? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    /// A failure the caller words, of the object itself.
    package func failure(_ problem: String) -> KServeError { place.failure(.other(problem), key: nil, index: nil) }

    /// A failure the caller words, of the member `key`.
    package func failure(at key: String, _ problem: String) -> KServeError {
        place.failure(.other(problem), key: key, index: nil)
    }
}
