import Compute
import Core

/// The element types that arithmetic, comparisons and reductions compute with: Float, Double and the eight integer
/// types. float16 and bfloat16 are widened to Float before they reach a kernel (``HalfPrecisionBridge``); bool and
/// string are not numeric.
///
/// Kernels are generic over this protocol and specialised per type, so each requirement below compiles to the
/// type's own instruction inside the loops. Integer arithmetic wraps, as numpy's does.
package protocol NumericElement: TensorElement, Comparable {
    static var zero: Self { get }
    static var one: Self { get }
    /// The identity of max: -infinity for floating point, the type's minimum for integers.
    static var lowest: Self { get }
    /// The identity of min: +infinity for floating point, the type's maximum for integers.
    static var highest: Self { get }
    static var isInteger: Bool { get }
    /// Integers have BinaryInteger's; floating point is signed.
    static var isSigned: Bool { get }

    static func plus(_ a: Self, _ b: Self) -> Self
    static func minus(_ a: Self, _ b: Self) -> Self
    static func times(_ a: Self, _ b: Self) -> Self
    /// `a / b`; integers truncate toward zero (as C does). Callers rule out an integer zero divisor.
    static func quotient(_ a: Self, _ b: Self) -> Self
    /// The remainder of `quotient`, with the dividend's sign (C's `%` and `fmod`).
    static func remainder(_ a: Self, _ b: Self) -> Self
    static func negated(_ a: Self) -> Self
    static func absolute(_ a: Self) -> Self

    /// The value as a Double (integers past 2^53 round to nearest).
    var doubleValue: Double { get }
    /// The value as an Int64: integers wrap, floating point truncates and saturates (NaN is 0).
    var int64Value: Int64 { get }
    /// The value as a UInt64: integers wrap, floating point truncates and saturates (NaN is 0).
    var uint64Value: UInt64 { get }

    /// From a Double: integers truncate toward zero, saturate at their range and take NaN as 0.
    init(castingDouble value: Double)
    /// From a signed integer: integer types keep the low bits (as a C cast does).
    init(castingInt64 value: Int64)
    /// From an unsigned integer: integer types keep the low bits (as a C cast does).
    init(castingUInt64 value: UInt64)
}

extension NumericElement {
    /// `source` converted as ONNX's Cast converts: through the exact lane of the source type.
    @inline(__always)
    init<Source: NumericElement>(casting source: Source) {
        if !Source.isInteger {
            self.init(castingDouble: source.doubleValue)
        } else if Source.isSigned {
            self.init(castingInt64: source.int64Value)
        } else {
            self.init(castingUInt64: source.uint64Value)
        }
    }
}

extension NumericElement where Self: FixedWidthInteger {
    package static var zero: Self { 0 }
    package static var one: Self { 1 }
    package static var lowest: Self { .min }
    package static var highest: Self { .max }
    package static var isInteger: Bool { true }

    @inline(__always) package static func plus(_ a: Self, _ b: Self) -> Self { a &+ b }
    @inline(__always) package static func minus(_ a: Self, _ b: Self) -> Self { a &- b }
    @inline(__always) package static func times(_ a: Self, _ b: Self) -> Self { a &* b }
    /// `min / -1` wraps to `min` instead of trapping.
    @inline(__always) package static func quotient(_ a: Self, _ b: Self) -> Self {
        a.dividedReportingOverflow(by: b).partialValue
    }
    /// `min % -1` is 0 instead of trapping.
    @inline(__always) package static func remainder(_ a: Self, _ b: Self) -> Self {
        a.remainderReportingOverflow(dividingBy: b).partialValue
    }
    @inline(__always) package static func negated(_ a: Self) -> Self { 0 &- a }
    @inline(__always) package static func absolute(_ a: Self) -> Self { a < 0 ? 0 &- a : a }

    package var doubleValue: Double { Double(self) }
    package var int64Value: Int64 { Int64(truncatingIfNeeded: self) }
    package var uint64Value: UInt64 { UInt64(truncatingIfNeeded: self) }

    @inline(__always)
    package init(castingDouble value: Double) {
        if value.isNaN {
            self = 0
        } else if value <= Double(Self.min) {
            self = .min
        } else if value >= Double(Self.max) {
            // Double(max) rounds up for the 64-bit types, so `>=` also catches the values just past max.
            self = .max
        } else {
            self.init(value)
        }
    }

    @inline(__always) package init(castingInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    @inline(__always) package init(castingUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
}

extension NumericElement where Self: BinaryFloatingPoint {
    package static var zero: Self { 0 }
    package static var one: Self { 1 }
    package static var lowest: Self { -.infinity }
    package static var highest: Self { .infinity }
    package static var isInteger: Bool { false }
    package static var isSigned: Bool { true }

    @inline(__always) package static func plus(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) package static func minus(_ a: Self, _ b: Self) -> Self { a - b }
    @inline(__always) package static func times(_ a: Self, _ b: Self) -> Self { a * b }
    @inline(__always) package static func quotient(_ a: Self, _ b: Self) -> Self { a / b }
    @inline(__always) package static func remainder(_ a: Self, _ b: Self) -> Self {
        a.truncatingRemainder(dividingBy: b)
    }
    @inline(__always) package static func negated(_ a: Self) -> Self { -a }
    @inline(__always) package static func absolute(_ a: Self) -> Self { Swift.abs(a) }

    package var int64Value: Int64 { Int64(castingDouble: doubleValue) }
    package var uint64Value: UInt64 { UInt64(castingDouble: doubleValue) }

    @inline(__always) package init(castingInt64 value: Int64) { self.init(value) }
    @inline(__always) package init(castingUInt64 value: UInt64) { self.init(value) }
}

extension Float: NumericElement {
    package var doubleValue: Double { Double(self) }
    @inline(__always) package init(castingDouble value: Double) { self.init(value) }
}

extension Double: NumericElement {
    package var doubleValue: Double { self }
    @inline(__always) package init(castingDouble value: Double) { self = value }
}

extension Int8: NumericElement {}
extension Int16: NumericElement {}
extension Int32: NumericElement {}
extension Int64: NumericElement {}
extension UInt8: NumericElement {}
extension UInt16: NumericElement {}
extension UInt32: NumericElement {}
extension UInt64: NumericElement {}

/// Float and Double: the types the transcendental operators compute with, through the C library's functions.
package protocol FloatingElement: NumericElement, BinaryFloatingPoint {
    static func exponential(_ x: Self) -> Self
    static func logarithm(_ x: Self) -> Self
    static func hyperbolicTangent(_ x: Self) -> Self
    static func errorFunction(_ x: Self) -> Self
    static func power(_ x: Self, _ y: Self) -> Self
}

extension Float: FloatingElement {
    @inline(__always) package static func exponential(_ x: Float) -> Float { expf(x) }
    @inline(__always) package static func logarithm(_ x: Float) -> Float { logf(x) }
    @inline(__always) package static func hyperbolicTangent(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) package static func errorFunction(_ x: Float) -> Float { erff(x) }
    @inline(__always) package static func power(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: FloatingElement {
    @inline(__always) package static func exponential(_ x: Double) -> Double { exp(x) }
    @inline(__always) package static func logarithm(_ x: Double) -> Double { log(x) }
    @inline(__always) package static func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
    @inline(__always) package static func errorFunction(_ x: Double) -> Double { erf(x) }
    @inline(__always) package static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
}
