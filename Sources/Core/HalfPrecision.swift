/// Conversions between `Float`/`Double` and the 16-bit formats FP16 (IEEE binary16) and BF16 (bfloat16).
///
/// Narrowing rounds to nearest, ties to even, straight from the wider value (no double rounding through
/// `Float`); values too large become infinity, values too small become (signed) zero or a subnormal, and NaN stays a
/// quiet NaN with its sign. Widening is exact.
package enum HalfPrecision {
    package static func fp16Bits(_ value: Double) -> UInt16 {
        #if arch(x86_64) || arch(arm64)
        // The platform's conversion rounds once, to nearest even, as MiniFloat does, and in a few instructions.
        return Float16(value).bitPattern
        #else
        return UInt16(truncatingIfNeeded: MiniFloat.binary16.bits(value))
        #endif
    }

    package static func fp16Bits(_ value: Float) -> UInt16 {
        #if arch(x86_64) || arch(arm64)
        return Float16(value).bitPattern
        #else
        return fp16Bits(Double(value))
        #endif
    }

    package static func bf16Bits(_ value: Double) -> UInt16 {
        UInt16(truncatingIfNeeded: MiniFloat.bfloat16.bits(value))
    }

    /// A bfloat16 is the top half of a binary32: round the low half away to nearest even (a carry may reach the
    /// exponent, up to infinity, which is right); NaN keeps its sign and top payload and is made quiet.
    package static func bf16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: rounded >> 16)
    }

    package static func float(fp16Bits bits: UInt16) -> Float {
        #if arch(x86_64) || arch(arm64)
        return Float(Float16(bitPattern: bits))
        #else
        return Float(MiniFloat.binary16.double(UInt32(bits)))
        #endif
    }

    /// A bfloat16 is the top half of a binary32, so widening is a shift (NaN payloads survive).
    package static func float(bf16Bits bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
}

/// A small IEEE-754 binary interchange format described by its exponent and fraction widths.
struct MiniFloat {
    let exponentBits: Int
    let fractionBits: Int

    static let binary16 = MiniFloat(exponentBits: 5, fractionBits: 10)
    static let bfloat16 = MiniFloat(exponentBits: 8, fractionBits: 7)
    /// Not used for data; lets tests check the rounding against the platform's own `Float(Double)`.
    static let binary32 = MiniFloat(exponentBits: 8, fractionBits: 23)

    private var bias: Int { (1 << (exponentBits - 1)) - 1 }
    private var exponentMask: UInt32 { (1 << UInt32(exponentBits)) - 1 }

    /// The format's bits for `value`, rounded to nearest with ties to even.
    func bits(_ value: Double) -> UInt32 {
        let raw = value.bitPattern
        let sign = UInt32(raw >> 63) << UInt32(exponentBits + fractionBits)
        let storedExponent = Int((raw >> 52) & 0x7FF)
        let fraction = raw & ((1 << 52) - 1)
        let infinity = exponentMask << UInt32(fractionBits)
        if storedExponent == 0x7FF {
            if fraction == 0 { return sign | infinity }
            let payload = UInt32(truncatingIfNeeded: fraction >> UInt64(52 - fractionBits))
            return sign | infinity | (1 << UInt32(fractionBits - 1)) | payload
        }
        if storedExponent == 0 && fraction == 0 { return sign }
        let exponent = storedExponent == 0 ? -1022 : storedExponent - 1023
        let significand = storedExponent == 0 ? fraction : fraction | (1 << 52)
        let minimumExponent = 1 - bias
        if exponent >= minimumExponent {
            let shift = UInt64(52 - fractionBits)
            var result = UInt64(exponent + bias) << UInt64(fractionBits) | (fraction >> shift)
            result = Self.roundedToEven(result, remainder: fraction & ((1 << shift) - 1), shift: shift)
            if result >= UInt64(infinity) { return sign | infinity }
            return sign | UInt32(result)
        }
        // Subnormal in the target format: count units of 2^(minimumExponent - fractionBits).
        let shift = 52 - fractionBits + minimumExponent - exponent
        if shift > 63 { return sign }
        let units = Self.roundedToEven(
            significand >> UInt64(shift),
            remainder: significand & ((1 << UInt64(shift)) - 1),
            shift: UInt64(shift)
        )
        // A carry into bit `fractionBits` is exactly the smallest normal number's encoding.
        return sign | UInt32(units)
    }

    /// The exact value of the format's `bits` as a `Double`.
    func double(_ bits: UInt32) -> Double {
        let negative = (bits >> UInt32(exponentBits + fractionBits)) & 1 == 1
        let storedExponent = (bits >> UInt32(fractionBits)) & exponentMask
        let fraction = bits & ((1 << UInt32(fractionBits)) - 1)
        let magnitude: Double
        if storedExponent == exponentMask {
            magnitude = fraction == 0 ? .infinity : .nan
        } else if storedExponent == 0 {
            magnitude = Double(sign: .plus, exponent: 1 - bias - fractionBits, significand: Double(fraction))
        } else {
            let significand = Double(fraction | (1 << UInt32(fractionBits)))
            magnitude = Double(
                sign: .plus,
                exponent: Int(storedExponent) - bias - fractionBits,
                significand: significand
            )
        }
        return negative ? -magnitude : magnitude
    }

    private static func roundedToEven(_ truncated: UInt64, remainder: UInt64, shift: UInt64) -> UInt64 {
        let half = UInt64(1) << (shift - 1)
        if remainder > half || (remainder == half && truncated & 1 == 1) { return truncated + 1 }
        return truncated
    }
}
