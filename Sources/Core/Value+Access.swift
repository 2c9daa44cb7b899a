/// Typed reads of a `Value`. Each returns nil when the value has another shape, never traps.
extension Value {
    package subscript(key: String) -> Value? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    package subscript(index: Int) -> Value? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    package var objectValue: ValueObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    package var arrayValue: [Value]? {
        if case .array(let array) = self { return array }
        return nil
    }

    package var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    package var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The value as a signed integer: `.int`, a `.uint` that fits, or a `.double` with no fraction that fits.
    package var int64Value: Int64? {
        switch self {
        case .int(let value): return value
        case .uint(let value): return Int64(exactly: value)
        case .double(let value): return Int64(exactly: value)
        default: return nil
        }
    }

    /// The value as an unsigned integer when it is a whole, non-negative number that fits.
    package var uint64Value: UInt64? {
        switch self {
        case .int(let value): return UInt64(exactly: value)
        case .uint(let value): return value
        case .double(let value): return UInt64(exactly: value)
        default: return nil
        }
    }

    /// Any number as a `Double` (integers convert, possibly rounding above 2^53).
    package var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .uint(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's kind for error messages ("an object", "a string").
    package var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .uint: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
