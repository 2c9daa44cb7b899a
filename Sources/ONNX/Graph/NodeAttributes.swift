import Compute
import Core

/// A node's attributes by name, with typed reads that fail with a message naming the attribute, the expected type
/// and the type found (an attribute of the wrong type is a load error).
package struct NodeAttributes: Sendable, Equatable {
    package var values: [String: Attribute]

    package init(_ values: [String: Attribute] = [:]) { self.values = values }

    package subscript(name: String) -> Attribute? { values[name] }

    package func has(_ name: String) -> Bool { values[name] != nil }

    package func int(_ name: String) throws(KServeError) -> Int64? {
        guard let value = values[name] else { return nil }
        guard case .int(let int) = value else { throw mismatch(name, "INT", value) }
        return int
    }

    package func int(_ name: String, default fallback: Int64) throws(KServeError) -> Int64 {
        try int(name) ?? fallback
    }

    package func float(_ name: String) throws(KServeError) -> Float? {
        guard let value = values[name] else { return nil }
        switch value {
        case .float(let float): return float
        // Some exporters write an integral float attribute as INT.
        case .int(let int): return Float(int)
        default: throw mismatch(name, "FLOAT", value)
        }
    }

    package func float(_ name: String, default fallback: Float) throws(KServeError) -> Float {
        try float(name) ?? fallback
    }

    package func string(_ name: String) throws(KServeError) -> String? {
        guard let value = values[name] else { return nil }
        guard case .string(let bytes) = value else { throw mismatch(name, "STRING", value) }
        return String(decoding: bytes, as: UTF8.self)
    }

    package func string(_ name: String, default fallback: String) throws(KServeError) -> String {
        try string(name) ?? fallback
    }

    package func ints(_ name: String) throws(KServeError) -> [Int64]? {
        guard let value = values[name] else { return nil }
        guard case .ints(let ints) = value else { throw mismatch(name, "INTS", value) }
        return ints
    }

    package func floats(_ name: String) throws(KServeError) -> [Float]? {
        guard let value = values[name] else { return nil }
        guard case .floats(let floats) = value else { throw mismatch(name, "FLOATS", value) }
        return floats
    }

    package func strings(_ name: String) throws(KServeError) -> [String]? {
        guard let value = values[name] else { return nil }
        guard case .strings(let strings) = value else { throw mismatch(name, "STRINGS", value) }
        return strings.map { String(decoding: $0, as: UTF8.self) }
    }

    /// STRINGS as raw bytes (labels that need not be UTF-8).
    package func byteStrings(_ name: String) throws(KServeError) -> [[UInt8]]? {
        guard let value = values[name] else { return nil }
        guard case .strings(let strings) = value else { throw mismatch(name, "STRINGS", value) }
        return strings
    }

    package func tensor(_ name: String) throws(KServeError) -> Tensor? {
        guard let value = values[name] else { return nil }
        guard case .tensor(let tensor) = value else { throw mismatch(name, "TENSOR", value) }
        return tensor
    }

    package func tensors(_ name: String) throws(KServeError) -> [Tensor]? {
        guard let value = values[name] else { return nil }
        guard case .tensors(let tensors) = value else { throw mismatch(name, "TENSORS", value) }
        return tensors
    }

    private func mismatch(_ name: String, _ expected: String, _ found: Attribute) -> KServeError {
        KServeError(.invalidInput, "attribute \(name) is \(found.typeName), expected \(expected)")
    }
}
