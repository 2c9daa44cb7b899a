import Core
import Resources
import Testing

@Suite struct QuantityTests {
    @Test(arguments: [
        ("512Mi", Int64(536_870_912)), ("2Gi", 2_147_483_648), ("2GiB", 2_147_483_648), ("1G", 1_000_000_000),
        ("1GB", 1_000_000_000), ("1.5Gi", 1_610_612_736), ("100", 100), ("64B", 64), ("1e3", 1000),
        ("1k", 1000), ("1Ki", 1024), ("1500m", 2), ("0", 0), (" 4Mi ", 4_194_304),
    ])
    func parses(text: String, bytes: Int64) {
        #expect(Quantity.bytes(text) == bytes)
    }

    @Test(arguments: ["", "Gi", "-1Gi", "1Xi", "abc", "1.2.3Mi", "1GiBB", "inf", "nan", "9Ei9", "99999Ei"])
    func rejects(text: String) {
        #expect(Quantity.bytes(text) == nil)
    }

    @Test func errorNamesTheValue() {
        #expect(throws: KServeError.self) { try Quantity.parseBytes("lots", what: "--memory") }
    }

    @Test func describes() {
        #expect(Quantity.describe(bytes: 900) == "900 B")
        #expect(Quantity.describe(bytes: 536_870_912) == "512 MiB")
        #expect(Quantity.describe(bytes: 1_610_612_736) == "1.5 GiB")
    }
}
