import Core
import Foundation
import Testing

@testable import Trees

/// The JSON parser gives numbers as `Double`; XGBoost reads its float32 texts straight to float32. These tests show
/// that the model's `Double -> Float` step gives XGBoost's float for the texts it writes.
@Suite struct XGBoostFloatTests {
    /// Every number token in the text of a JSON document (outside strings), with XGBoost's NaN and Infinity.
    static func numberTokens(_ bytes: [UInt8]) -> [String] {
        var tokens: [String] = []
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                index += 1
                continue
            }
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "N") || byte == UInt8(ascii: "I")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            {
                let start = index
                while index < bytes.count, Array("0123456789+-.eENaInfity".utf8).contains(bytes[index]) { index += 1 }
                tokens.append(String(decoding: bytes[start..<index], as: UTF8.self))
                continue
            }
            index += 1
        }
        return tokens
    }

    /// For every number in every committed model file, text -> Double -> Float equals text -> Float.
    @Test func everyFixtureNumberConvertsExactly() throws {
        let directory = XGBoostModelTests.fixtures
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") }
        var checked = 0
        for file in files {
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(file)))
            for token in Self.numberTokens(bytes) {
                let direct = try #require(Float(token), "\(file): \(token)")
                let parsed = try #require(Double(token), "\(file): \(token)")
                let converted = XGBoostFloat.float32(parsed)
                #expect(
                    converted.bitPattern == direct.bitPattern || (converted.isNaN && direct.isNaN),
                    "\(file): \(token)"
                )
                checked += 1
            }
        }
        #expect(checked > 20_000)
    }

    /// Floats from every binade (and subnormals), written as their shortest text the way XGBoost writes them (also
    /// in its `1.2345E-1` form), read back through Double.
    @Test func shortestTextsReadBackExactly() throws {
        var generator = XGBoostSplitMix(seed: 20_260_302)
        var failures: [String] = []
        for sample in 0..<200_000 {
            let bits =
                sample < 512 ? UInt32(sample) << 23 | UInt32(sample & 7) : UInt32(truncatingIfNeeded: generator.next())
            let value = Float(bitPattern: bits)
            guard value.isFinite else { continue }
            let text = value.description
            let parsed = try #require(Double(text))
            if XGBoostFloat.float32(parsed).bitPattern != value.bitPattern { failures.append(text) }
            let exponential = String(format: "%.8E", Double(value))
            if XGBoostFloat.float32(try #require(Double(exponential))).bitPattern != value.bitPattern {
                failures.append(exponential)
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    /// A real case: 7.038531E-26 is the shortest text of the float 0x1.5c87fap-84 (as XGBoost writes it), and the
    /// double nearest that text is exactly the midpoint to the next float up, so text -> Double -> Float rounds to the
    /// even neighbour instead. The `float_midpoint` fixture shows XGBoost reading it as 0x1.5c87fap-84.
    @Test func shortestTextOnAMidpointReadsAsItsFloat() throws {
        let text = "7.038531E-26"
        let written = Float(bitPattern: 0x15AE_43FD)
        #expect(Float(text) == written)
        #expect(written.description == "7.038531e-26")
        let parsed = try #require(Double(text))
        #expect(Float(parsed) == written.nextUp)
        #expect(XGBoostFloat.float32(parsed) == written)
        #expect(XGBoostFloat.float32(-parsed) == -written)
    }

    /// A double exactly on the midpoint of two floats that neither float's shortest text reads as: round to even,
    /// as a direct conversion of that text would.
    @Test func midpointsOfNoShortestTextRoundToEven() {
        for value: Float in [1, 1.5, .leastNormalMagnitude / 4, 1.0e30, -7.25] {
            let upper = (Double(value) + Double(value.nextUp)) / 2
            #expect(XGBoostFloat.float32(upper) == Float(upper))
            let lower = (Double(value) + Double(value.nextDown)) / 2
            #expect(XGBoostFloat.float32(lower) == Float(lower))
        }
        #expect(XGBoostFloat.float32(.infinity) == .infinity)
        #expect(XGBoostFloat.float32(1e300) == .infinity)
        #expect(XGBoostFloat.float32(-0.0).sign == .minus)
    }
}
