import Inference
import Testing

@testable import Core

@Suite struct Float16Tests {
    @Test(
        arguments: [
            (1.0, 0x3C00), (-2.0, 0xC000), (0.5, 0x3800), (0.1, 0x2E66), (1.0 / 3.0, 0x3555), (65504.0, 0x7BFF),
            (0.0, 0x0000), (-0.0, 0x8000),
            // Subnormals: the smallest, the largest, and the smallest normal.
            (0x1p-24, 0x0001), (1023 * 0x1p-24, 0x03FF), (0x1p-14, 0x0400),
            // Ties go to even: 2^-25 is half the smallest subnormal, 3*2^-25 is 1.5 of it.
            (0x1p-25, 0x0000), (0x1.000001p-25, 0x0001), (3 * 0x1p-25, 0x0002), (1 + 0x1p-11, 0x3C00),
            (1 + 3 * 0x1p-11, 0x3C02), (2049.0, 0x6800), (2051.0, 0x6802),
            // Values far below the smallest subnormal flush to a signed zero.
            (0x1p-40, 0x0000), (-0x1p-40, 0x8000), (Double.leastNonzeroMagnitude, 0x0000),
            // Overflow: 65519.99 still rounds to 65504; 65520 is the tie that rounds to infinity.
            (65519.99, 0x7BFF), (65520.0, 0x7C00), (1e10, 0x7C00), (-1e10, 0xFC00),
            (Double.infinity, 0x7C00), (-Double.infinity, 0xFC00),
            // Just above a tie: rounding through Float first would lose the 2^-40 and round down.
            (1 + 0x1p-11 + 0x1p-40, 0x3C01),
        ] as [(Double, UInt16)]
    )
    func fp16FromDouble(value: Double, bits: UInt16) {
        #expect(HalfPrecision.fp16Bits(value) == bits, "\(value)")
    }

    @Test func fp16NaNStaysAQuietNaN() {
        #expect(HalfPrecision.fp16Bits(Double.nan) == 0x7E00)
        #expect(HalfPrecision.fp16Bits(-Double.nan) == 0xFE00)
        #expect(HalfPrecision.float(fp16Bits: 0x7C01).isNaN)
        #expect(HalfPrecision.float(fp16Bits: 0xFE00).isNaN)
    }

    @Test func fp16Widening() {
        #expect(HalfPrecision.float(fp16Bits: 0x0001) == 0x1p-24)
        #expect(HalfPrecision.float(fp16Bits: 0x03FF) == 1023 * 0x1p-24)
        #expect(HalfPrecision.float(fp16Bits: 0x7BFF) == 65504)
        #expect(HalfPrecision.float(fp16Bits: 0x3555) == 0.333251953125)
        #expect(HalfPrecision.float(fp16Bits: 0xFC00) == -.infinity)
        #expect(HalfPrecision.float(fp16Bits: 0x8000).sign == .minus)
    }

    @Test(
        arguments: [
            (1.0, 0x3F80), (-2.0, 0xC000), (0.1, 0x3DCD), (3.0, 0x4040), (0.0, 0x0000), (-0.0, 0x8000),
            (0x1p-133, 0x0001), (0x1p-126, 0x0080), (0x1p-134, 0x0000), (3 * 0x1p-134, 0x0002),
            // Ties to even: 1 + 2^-8 sits between 0x3F80 and 0x3F81.
            (1 + 0x1p-8, 0x3F80), (1 + 3 * 0x1p-8, 0x3F82),
            (3.3895313892515355e38, 0x7F7F), (Double(Float.greatestFiniteMagnitude), 0x7F80), (1e39, 0x7F80),
            (-Double.infinity, 0xFF80),
        ] as [(Double, UInt16)]
    )
    func bf16FromDouble(value: Double, bits: UInt16) {
        #expect(HalfPrecision.bf16Bits(value) == bits, "\(value)")
    }

    @Test func bf16FromFloatAndNaN() {
        #expect(HalfPrecision.bf16Bits(Float(bitPattern: 0x3F80_8000)) == 0x3F80)
        #expect(HalfPrecision.bf16Bits(Float(bitPattern: 0x3F81_8000)) == 0x3F82)
        #expect(HalfPrecision.bf16Bits(Float(bitPattern: 0x3F80_8001)) == 0x3F81)
        #expect(HalfPrecision.bf16Bits(Float.nan) == 0x7FC0)
        #expect(HalfPrecision.float(bf16Bits: 0x7F81).isNaN)
        #expect(HalfPrecision.float(bf16Bits: 0x3DCD) == Float(bitPattern: 0x3DCD_0000))
    }

    @Test func everyNonNaNPatternRoundTrips() {
        for raw in 0...0xFFFF {
            let bits = UInt16(raw)
            let half = HalfPrecision.float(fp16Bits: bits)
            if !half.isNaN { #expect(HalfPrecision.fp16Bits(half) == bits, "fp16 \(raw)") }
            let brain = HalfPrecision.float(bf16Bits: bits)
            if !brain.isNaN { #expect(HalfPrecision.bf16Bits(brain) == bits, "bf16 \(raw)") }
        }
    }

    /// The same rounding code, set to binary32's widths, must agree with the platform's `Float(Double)`.
    @Test func genericRoundingAgreesWithFloatConversion() {
        var random = SplitMix64(seed: 0x5EED)
        for _ in 0..<200_000 {
            let exponent = Int(random.next() % 340) - 170  // normal, subnormal, underflow and overflow ranges
            let significand = Double(random.next() >> 11) * 0x1p-53 + 1
            var value = Double(
                sign: random.next() & 1 == 0 ? .plus : .minus,
                exponent: exponent,
                significand: significand
            )
            let float = Float(value)
            if random.next() % 4 == 0, float.isFinite {  // exact ties and near-ties at binary32 precision
                value = Double(float) + Double(float.ulp) / 2 * (random.next() & 1 == 0 ? 1 : 1 + 0x1p-40)
            }
            #expect(MiniFloat.binary32.bits(value) == Float(value).bitPattern, "\(value)")
        }
    }

    /// The fast conversions (the platform's Float16, the bfloat16 bit rounding) agree with the format-generic
    /// rounding on random values of every range, ties and near-ties, and NaN.
    @Test func fastConversionsAgreeWithTheGenericRounding() {
        var random = SplitMix64(seed: 0xF16)
        for _ in 0..<200_000 {
            let exponent = Int(random.next() % 300) - 150
            var value = Double(
                sign: random.next() & 1 == 0 ? .plus : .minus,
                exponent: exponent,
                significand: Double(random.next() >> 11) * 0x1p-53 + 1
            )
            if random.next() % 4 == 0 {  // a binary16 tie, or just above one
                let half = Double(Float16(value))
                if half.isFinite {
                    value = half + Double(Float16(value).ulp) / 2 * (random.next() & 1 == 0 ? 1 : 1 + 0x1p-30)
                }
            }
            #expect(HalfPrecision.fp16Bits(value) == UInt16(MiniFloat.binary16.bits(value)), "fp16 \(value)")
            let float = Float(value)
            #expect(HalfPrecision.fp16Bits(float) == UInt16(MiniFloat.binary16.bits(Double(float))), "fp16 \(float)")
            #expect(HalfPrecision.bf16Bits(float) == UInt16(MiniFloat.bfloat16.bits(Double(float))), "bf16 \(float)")
        }
        for raw: UInt32 in [0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001, 0x7FA0_1234, 0xFF81_0000] {
            let nan = Float(bitPattern: raw)
            #expect(HalfPrecision.bf16Bits(nan) == UInt16(MiniFloat.bfloat16.bits(Double(nan))), "bf16 NaN \(raw)")
            #expect(HalfPrecision.fp16Bits(nan) == UInt16(MiniFloat.binary16.bits(Double(nan))), "fp16 NaN \(raw)")
        }
        for raw in 0...0xFFFF where !HalfPrecision.float(fp16Bits: UInt16(raw)).isNaN {
            #expect(Double(HalfPrecision.float(fp16Bits: UInt16(raw))) == MiniFloat.binary16.double(UInt32(raw)))
        }
    }

    @Test func largeIntegersRoundOnceIntoNarrowTypes() throws {
        // 2^60 + 2^52 + 1 lies just above the BF16 tie between 2^60 and 2^60 + 2^53; via Double it would be a tie.
        let value: Int64 = 1 << 60 + 1 << 52 + 1
        let data = try TensorData(json: [.int(value)], datatype: .bf16, shape: [1], context: "input \"x\"")
        #expect(data == .bf16([HalfPrecision.bf16Bits(Double(1 << 60 + 1 << 53))]))
        let below = try TensorData(json: [.int(1 << 60 + 1 << 52)], datatype: .bf16, shape: [1], context: "x")
        #expect(below == .bf16([HalfPrecision.bf16Bits(Double(1 << 60))]))
        let float = try TensorData(json: [.uint(UInt64.max)], datatype: .fp32, shape: [1], context: "x")
        #expect(float == .fp32([0x1p64]))
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
