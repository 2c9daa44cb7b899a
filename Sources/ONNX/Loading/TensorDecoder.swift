import Compute
import Core
import Foundation

/// Turns a TensorProto into a ``Tensor``: typed fields or little-endian `raw_data`, or external data in a file
/// beside the model. Every length is checked against the dims before anything is allocated from them.
package struct TensorDecoder: Sendable {
    /// The model file's directory, for external data; nil when the model came without one (then external data is
    /// refused).
    package var directory: String?

    package init(directory: String?) { self.directory = directory }

    package func decode(_ proto: Onnx_TensorProto, what: String) throws(KServeError) -> Tensor {
        guard let type = ElementType(rawValue: Int(proto.dataType)) else {
            throw KServeError(
                .unsupported,
                "\(what): data type \(proto.dataType) (\(Self.typeName(proto.dataType))) is not supported"
            )
        }
        var shape: [Int] = []
        for dimension in proto.dims {
            guard dimension >= 0, let value = Int(exactly: dimension) else {
                throw KServeError(.invalidInput, "\(what): dims \(proto.dims) has a negative dimension")
            }
            shape.append(value)
        }
        let count: Int
        do { count = try Tensor.elementCount(shape) } catch {
            throw KServeError(.invalidInput, "\(what): \(error.message)")
        }
        let storage: TensorStorage
        if proto.hasDataLocation && proto.dataLocation == .external {
            let bytes = try ExternalData.read(proto.externalData, directory: directory, what: what)
            storage = try bytes.withUnsafeBytes { raw in
                Result { () throws(KServeError) in try Self.fromRaw(raw, type: type, count: count, what: what) }
            }.get()
        } else if proto.hasRawData {
            storage = try proto.rawData.withUnsafeBytes { raw in
                Result { () throws(KServeError) in try Self.fromRaw(raw, type: type, count: count, what: what) }
            }.get()
        } else {
            storage = try Self.fromTyped(proto, type: type, count: count, what: what)
        }
        return Tensor(shape: shape, storage: storage)
    }

    /// Elements from packed little-endian bytes; the byte count must be exactly count x width.
    static func fromRaw(
        _ raw: UnsafeRawBufferPointer,
        type: ElementType,
        count: Int,
        what: String
    ) throws(KServeError) -> TensorStorage {
        guard let width = type.byteWidth else {
            throw KServeError(.invalidInput, "\(what): string tensors cannot use raw_data")
        }
        let (expected, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, raw.count == expected else {
            throw KServeError(
                .invalidInput,
                "\(what): raw_data has \(raw.count) bytes, its dims need \(count) \(type) elements"
                    + " (\(overflow ? "too many" : String(expected)) bytes)"
            )
        }
        switch type {
        case .float: return .float(load(raw, count, Float.self))
        case .double: return .double(load(raw, count, Double.self))
        case .float16: return .float16(load(raw, count, UInt16.self))
        case .bfloat16: return .bfloat16(load(raw, count, UInt16.self))
        case .int8: return .int8(load(raw, count, Int8.self))
        case .int16: return .int16(load(raw, count, Int16.self))
        case .int32: return .int32(load(raw, count, Int32.self))
        case .int64: return .int64(load(raw, count, Int64.self))
        case .uint8: return .uint8(load(raw, count, UInt8.self))
        case .uint16: return .uint16(load(raw, count, UInt16.self))
        case .uint32: return .uint32(load(raw, count, UInt32.self))
        case .uint64: return .uint64(load(raw, count, UInt64.self))
        case .bool: return .bool(load(raw, count, UInt8.self).map { $0 != 0 })
        case .string: throw KServeError(.invalidInput, "\(what): string tensors cannot use raw_data")
        }
    }

    /// Little-endian elements (this runs on little-endian machines only, as every supported platform is).
    private static func load<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, _ count: Int, _: T.Type) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                buffer.initializeElement(
                    at: index,
                    to: raw.loadUnaligned(fromByteOffset: index * T.bitWidth / 8, as: T.self)
                )
            }
            initialized = count
        }
    }

    private static func load<T: BinaryFloatingPoint>(_ raw: UnsafeRawBufferPointer, _ count: Int, _: T.Type) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let size = MemoryLayout<T>.size
            for index in 0..<count {
                buffer.initializeElement(at: index, to: raw.loadUnaligned(fromByteOffset: index * size, as: T.self))
            }
            initialized = count
        }
    }

    /// Elements from the typed repeated field that the type uses.
    static func fromTyped(
        _ proto: Onnx_TensorProto,
        type: ElementType,
        count: Int,
        what: String
    ) throws(KServeError) -> TensorStorage {
        func check(_ found: Int, _ field: String) throws(KServeError) {
            guard found == count else {
                throw KServeError(
                    .invalidInput,
                    "\(what): \(field) has \(found) elements, its dims need \(count)"
                )
            }
        }
        switch type {
        case .float:
            try check(proto.floatData.count, "float_data")
            return .float(proto.floatData)
        case .double:
            try check(proto.doubleData.count, "double_data")
            return .double(proto.doubleData)
        case .int64:
            try check(proto.int64Data.count, "int64_data")
            return .int64(proto.int64Data)
        case .uint32:
            try check(proto.uint64Data.count, "uint64_data")
            return .uint32(proto.uint64Data.map { UInt32(truncatingIfNeeded: $0) })
        case .uint64:
            try check(proto.uint64Data.count, "uint64_data")
            return .uint64(proto.uint64Data)
        case .string:
            try check(proto.stringData.count, "string_data")
            return .string(proto.stringData.map { [UInt8]($0) })
        case .int32, .int16, .int8, .uint16, .uint8, .bool, .float16, .bfloat16:
            try check(proto.int32Data.count, "int32_data")
            let values = proto.int32Data
            switch type {
            case .int32: return .int32(values)
            case .int16: return .int16(values.map { Int16(truncatingIfNeeded: $0) })
            case .int8: return .int8(values.map { Int8(truncatingIfNeeded: $0) })
            case .uint16: return .uint16(values.map { UInt16(truncatingIfNeeded: $0) })
            case .uint8: return .uint8(values.map { UInt8(truncatingIfNeeded: $0) })
            case .bool: return .bool(values.map { $0 != 0 })
            case .float16: return .float16(values.map { UInt16(truncatingIfNeeded: $0) })
            default: return .bfloat16(values.map { UInt16(truncatingIfNeeded: $0) })
            }
        }
    }

    /// ONNX's name of a data type number, for messages.
    static func typeName(_ number: Int32) -> String {
        let names = [
            0: "UNDEFINED", 14: "COMPLEX64", 15: "COMPLEX128", 17: "FLOAT8E4M3FN", 18: "FLOAT8E4M3FNUZ",
            19: "FLOAT8E5M2", 20: "FLOAT8E5M2FNUZ", 21: "UINT4", 22: "INT4", 23: "FLOAT4E2M1",
        ]
        if let type = ElementType(rawValue: Int(number)) { return type.description }
        return names[Int(number)] ?? "unknown"
    }
}
