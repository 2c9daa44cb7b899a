import Core

/// Helpers for the `metadata` block the store maintains.
package enum ObjectMetadata {

    /// A random RFC 4122 version-4 UUID.
    static func uid() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(
            separator: "-"
        )
    }

}

extension Value {
    /// The value at a path of object keys, or nil.
    func at(_ path: [String]) -> Value? {
        var current: Value? = self
        for key in path { current = current?[key] }
        return current
    }

    /// Sets (or with nil removes) the value at a path of object keys, creating objects on the way.
    mutating func set(_ path: [String], _ newValue: Value?) {
        guard let first = path.first else {
            if let newValue { self = newValue }
            return
        }
        var object = objectValue ?? ValueObject()
        if path.count == 1 {
            object[first] = newValue
        } else {
            var child = object[first] ?? .object(ValueObject())
            if child.objectValue == nil { child = .object(ValueObject()) }
            child.set(Array(path.dropFirst()), newValue)
            object[first] = child
        }
        self = .object(object)
    }
}
