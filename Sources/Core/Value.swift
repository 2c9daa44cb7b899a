/// A JSON-like document tree shared by the JSON and YAML layers, manifests and merge patches.
///
/// Objects keep their keys in source order so that a manifest read and written back looks the same.
/// Integers and floating-point numbers stay apart (`1` vs `1.0`), as YAML 1.1 and JSON text distinguish them.
package enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    /// An unsigned integer too large for `Int64`; smaller non-negative integers are always `.int`.
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([Value])
    case object(ValueObject)
}

/// An object with ordered, unique keys.
///
/// Small objects look keys up by scanning; past `indexThreshold` keys a dictionary index keeps lookups and inserts
/// constant-time, so a document with many keys parses in linear time.
package struct ValueObject: Hashable, Sendable, Sequence {
    package private(set) var entries: [(key: String, value: Value)]
    private var index: [String: Int]?

    private static let indexThreshold = 16

    package init() { entries = [] }

    /// Builds an object from pairs; a repeated key keeps its first position and its last value.
    package init(_ pairs: [(String, Value)]) {
        entries = []
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    package var count: Int { entries.count }
    package var isEmpty: Bool { entries.isEmpty }
    package var keys: [String] { entries.map(\.key) }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex(where: { $0.key == key })
    }

    package subscript(key: String) -> Value? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let found = position(of: key) {
                if let newValue {
                    entries[found].value = newValue
                } else {
                    entries.remove(at: found)
                    index = nil
                    rebuildIndexIfLarge()
                }
            } else if let newValue {
                entries.append((key, newValue))
                if index != nil {
                    index?[key] = entries.count - 1
                } else {
                    rebuildIndexIfLarge()
                }
            }
        }
    }

    private mutating func rebuildIndexIfLarge() {
        guard entries.count > Self.indexThreshold else { return }
        var built: [String: Int] = [:]
        built.reserveCapacity(entries.count)
        for (offset, entry) in entries.enumerated() { built[entry.key] = offset }
        index = built
    }

    package func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> {
        entries.makeIterator()
    }

    package static func == (lhs: ValueObject, rhs: ValueObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.value)
        }
    }
}

extension ValueObject: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, Value)...) { self.init(elements) }
}

extension Value: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    package init(nilLiteral: ()) { self = .null }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(integerLiteral value: Int64) { self = .int(value) }
    package init(floatLiteral value: Double) { self = .double(value) }
    package init(stringLiteral value: String) { self = .string(value) }
    package init(arrayLiteral elements: Value...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, Value)...) { self = .object(ValueObject(elements)) }
}
