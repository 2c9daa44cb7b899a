/// A Swift type that a ``TensorStorage`` case holds, for generic kernels.
package protocol TensorElement: Sendable {
    static var elementType: ElementType { get }
    static func storage(_ values: [Self]) -> TensorStorage
    /// The elements when `storage` holds this type, else nil.
    static func values(_ storage: TensorStorage) -> [Self]?
}

extension Float: TensorElement {
    package static var elementType: ElementType { .float }
    package static func storage(_ values: [Float]) -> TensorStorage { .float(values) }
    package static func values(_ storage: TensorStorage) -> [Float]? {
        if case .float(let values) = storage { return values }
        return nil
    }
}

extension Double: TensorElement {
    package static var elementType: ElementType { .double }
    package static func storage(_ values: [Double]) -> TensorStorage { .double(values) }
    package static func values(_ storage: TensorStorage) -> [Double]? {
        if case .double(let values) = storage { return values }
        return nil
    }
}

extension Int8: TensorElement {
    package static var elementType: ElementType { .int8 }
    package static func storage(_ values: [Int8]) -> TensorStorage { .int8(values) }
    package static func values(_ storage: TensorStorage) -> [Int8]? {
        if case .int8(let values) = storage { return values }
        return nil
    }
}

extension Int16: TensorElement {
    package static var elementType: ElementType { .int16 }
    package static func storage(_ values: [Int16]) -> TensorStorage { .int16(values) }
    package static func values(_ storage: TensorStorage) -> [Int16]? {
        if case .int16(let values) = storage { return values }
        return nil
    }
}

extension Int32: TensorElement {
    package static var elementType: ElementType { .int32 }
    package static func storage(_ values: [Int32]) -> TensorStorage { .int32(values) }
    package static func values(_ storage: TensorStorage) -> [Int32]? {
        if case .int32(let values) = storage { return values }
        return nil
    }
}

extension Int64: TensorElement {
    package static var elementType: ElementType { .int64 }
    package static func storage(_ values: [Int64]) -> TensorStorage { .int64(values) }
    package static func values(_ storage: TensorStorage) -> [Int64]? {
        if case .int64(let values) = storage { return values }
        return nil
    }
}

extension UInt8: TensorElement {
    package static var elementType: ElementType { .uint8 }
    package static func storage(_ values: [UInt8]) -> TensorStorage { .uint8(values) }
    package static func values(_ storage: TensorStorage) -> [UInt8]? {
        if case .uint8(let values) = storage { return values }
        return nil
    }
}

/// UInt16 stands for uint16 only: float16 and bfloat16 bit patterns are read with their own cases.
extension UInt16: TensorElement {
    package static var elementType: ElementType { .uint16 }
    package static func storage(_ values: [UInt16]) -> TensorStorage { .uint16(values) }
    package static func values(_ storage: TensorStorage) -> [UInt16]? {
        if case .uint16(let values) = storage { return values }
        return nil
    }
}

extension UInt32: TensorElement {
    package static var elementType: ElementType { .uint32 }
    package static func storage(_ values: [UInt32]) -> TensorStorage { .uint32(values) }
    package static func values(_ storage: TensorStorage) -> [UInt32]? {
        if case .uint32(let values) = storage { return values }
        return nil
    }
}

extension UInt64: TensorElement {
    package static var elementType: ElementType { .uint64 }
    package static func storage(_ values: [UInt64]) -> TensorStorage { .uint64(values) }
    package static func values(_ storage: TensorStorage) -> [UInt64]? {
        if case .uint64(let values) = storage { return values }
        return nil
    }
}

extension Bool: TensorElement {
    package static var elementType: ElementType { .bool }
    package static func storage(_ values: [Bool]) -> TensorStorage { .bool(values) }
    package static func values(_ storage: TensorStorage) -> [Bool]? {
        if case .bool(let values) = storage { return values }
        return nil
    }
}
