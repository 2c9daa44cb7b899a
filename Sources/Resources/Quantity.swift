import Core

/// A Kubernetes resource quantity (`512Mi`, `2Gi`, `1.5G`, `100m`, `1e9`), read as a number of bytes.
///
/// Besides the Kubernetes suffixes, the forms people type for sizes are accepted too: `2GiB`, `512MB`, `64B`.
package enum Quantity {
    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1024 * 1024), ("Gi", 1024 * 1024 * 1024), ("Ti", 1_099_511_627_776),
        ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
        ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18), ("m", 1e-3),
    ]

    /// Bytes (fractions round up), or nil when `text` is not a non-negative quantity that fits in an Int64.
    package static func bytes(_ text: String) -> Int64? {
        var body = text.trimmingWhitespace()
        guard !body.isEmpty else { return nil }
        // "GiB" / "MB" / "B": drop a final B that follows a suffix or a digit.
        if body.hasSuffix("B") {
            body.removeLast()
            if body.hasSuffix("k") || body.hasSuffix("K") || body.hasSuffix("M") || body.hasSuffix("G")
                || body.hasSuffix("T") || body.hasSuffix("P") || body.hasSuffix("E") || body.hasSuffix("i")
                || body.last?.isNumber == true
            {
                // fine: a size suffix or a plain number of bytes
            } else {
                return nil
            }
        }
        var multiplier = 1.0
        for (suffix, value) in suffixes where body.hasSuffix(suffix) {
            multiplier = value
            body.removeLast(suffix.count)
            break
        }
        guard let first = body.first, first.isNumber || first == "." || first == "+",
            body.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }),
            let number = Double(body), number.isFinite, number >= 0
        else { return nil }
        let total = (number * multiplier).rounded(.up)
        guard total < 9.2e18 else { return nil }
        return Int64(total)
    }

    /// Like ``bytes(_:)``, with an error naming `what` for a value that is not a quantity.
    package static func parseBytes(_ text: String, what: String) throws(KServeError) -> Int64 {
        guard let value = bytes(text) else {
            throw KServeError(.invalidInput, "invalid \(what) '\(text)': expected a size such as 512Mi, 2Gi or 1G")
        }
        return value
    }

    /// A short human form: `1.5 GiB`, `512 MiB`, `900 B`.
    package static func describe(bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(text) \(units[unit])"
    }
}
