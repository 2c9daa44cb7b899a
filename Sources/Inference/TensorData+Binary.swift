import Core

/// The binary tensor layout shared by the REST binary extension and gRPC raw contents: little-endian, row-major,
/// no padding; BOOL one byte (0 or 1); BYTES as a 4-byte little-endian length then the bytes, for each element.
extension TensorData {
    /// The elements in the binary layout.
    package func binaryBytes() -> [UInt8] {
        var out: [UInt8] = []
        appendBinary(to: &out)
        return out
    }

    /// The number of bytes ``binaryBytes()`` produces (the `binary_data_size` parameter).
    package var binaryByteCount: Int {
        if case .bytes(let values) = self { return values.reduce(0) { $0 + 4 + $1.count } }
        return count * (dataType.elementSize ?? 0)
    }

    package func appendBinary(to out: inout [UInt8]) {
        out.reserveCapacity(out.count + binaryByteCount)
        switch self {
        case .bool(let values): out.append(contentsOf: values.lazy.map { $0 ? 1 : 0 })
        case .uint8(let values): out.append(contentsOf: values)
        case .uint16(let values): Self.append(values, to: &out)
        case .uint32(let values): Self.append(values, to: &out)
        case .uint64(let values): Self.append(values, to: &out)
        case .int8(let values): Self.append(values, to: &out)
        case .int16(let values): Self.append(values, to: &out)
        case .int32(let values): Self.append(values, to: &out)
        case .int64(let values): Self.append(values, to: &out)
        case .fp16(let values), .bf16(let values): Self.append(values, to: &out)
        case .fp32(let values): Self.append(values.map(\.bitPattern), to: &out)
        case .fp64(let values): Self.append(values.map(\.bitPattern), to: &out)
        case .bytes(let values):
            for element in values {
                Self.append([UInt32(truncatingIfNeeded: element.count)], to: &out)
                out.append(contentsOf: element)
            }
        }
    }

    /// Reads exactly `count` elements of `datatype` from `bytes`, which must hold them and nothing else.
    /// Errors (`.invalidInput`) start with `context`, e.g. `input "x"`.
    package init(binary bytes: ArraySlice<UInt8>, datatype: DataType, count: Int, context: String) throws(KServeError) {
        guard let size = datatype.elementSize else {
            self = .bytes(try Self.readByteElements(bytes, count: count, context: context))
            return
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, needed == bytes.count else {
            throw KServeError(
                .invalidInput,
                "\(context): \(TensorShape.counted(bytes.count, "byte")) of binary data but "
                    + "\(TensorShape.counted(count, "\(datatype.rawValue) element")) need "
                    + (overflow ? "more than can be addressed" : "\(needed)")
            )
        }
        switch datatype {
        case .bool:
            if let bad = bytes.firstIndex(where: { $0 > 1 }) {
                let index = bad - bytes.startIndex
                throw KServeError(
                    .invalidInput,
                    "\(context): BOOL element \(index) is byte \(bytes[bad]) in the binary data, expected 0 or 1"
                )
            }
            self = .bool(bytes.map { $0 == 1 })
        case .uint8: self = .uint8(Array(bytes))
        case .uint16: self = .uint16(Self.read(bytes, count: count))
        case .uint32: self = .uint32(Self.read(bytes, count: count))
        case .uint64: self = .uint64(Self.read(bytes, count: count))
        case .int8: self = .int8(Self.read(bytes, count: count))
        case .int16: self = .int16(Self.read(bytes, count: count))
        case .int32: self = .int32(Self.read(bytes, count: count))
        case .int64: self = .int64(Self.read(bytes, count: count))
        case .fp16: self = .fp16(Self.read(bytes, count: count))
        case .bf16: self = .bf16(Self.read(bytes, count: count))
        case .fp32: self = .fp32((Self.read(bytes, count: count) as [UInt32]).map(Float.init(bitPattern:)))
        case .fp64: self = .fp64((Self.read(bytes, count: count) as [UInt64]).map(Double.init(bitPattern:)))
        case .bytes: self = .bytes([])  // handled above
        }
    }

    private static func append<T: FixedWidthInteger>(_ values: [T], to out: inout [UInt8]) {
        #if _endian(little)
        values.withUnsafeBytes { out.append(contentsOf: $0) }
        #else
        for value in values { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        #endif
    }

    private static func read<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, count: Int) -> [T] {
        bytes.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    let stored = raw.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self)
                    buffer[index] = T(littleEndian: stored)
                }
                initialized = count
            }
        }
    }

    private static func readByteElements(
        _ bytes: ArraySlice<UInt8>,
        count: Int,
        context: String
    ) throws(KServeError) -> [[UInt8]] {
        var elements: [[UInt8]] = []
        elements.reserveCapacity(min(count, bytes.count / 4))
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let index = elements.count
            guard index < count else {
                throw KServeError(
                    .invalidInput,
                    "\(context): \(TensorShape.counted(bytes.endIndex - offset, "byte")) of binary data left after the "
                        + "last of \(TensorShape.counted(count, "BYTES element"))"
                )
            }
            guard bytes.endIndex - offset >= 4 else {
                throw KServeError(
                    .invalidInput,
                    "\(context): BYTES element \(index) is cut off in its 4-byte length "
                        + "(\(TensorShape.counted(bytes.endIndex - offset, "byte")) left)"
                )
            }
            let length =
                Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
                | Int(bytes[offset + 3]) << 24
            offset += 4
            guard length <= bytes.endIndex - offset else {
                throw KServeError(
                    .invalidInput,
                    "\(context): BYTES element \(index) claims \(TensorShape.counted(length, "byte")) but only "
                        + "\(bytes.endIndex - offset) remain"
                )
            }
            elements.append(Array(bytes[offset..<offset + length]))
            offset += length
        }
        guard elements.count == count else {
            throw KServeError(
                .invalidInput,
                "\(context): binary data holds \(TensorShape.counted(elements.count, "BYTES element")) but "
                    + "\(count) are needed"
            )
        }
        return elements
    }
}
