/// Number formatting for reports without Foundation: fixed decimals, compact rates, latencies with a unit.
enum NumberText {
    /// `value` with exactly `decimals` digits after the point, rounded half away from zero.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        let places = Swift.min(Swift.max(decimals, 0), 9)
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (Swift.abs(value) * Double(scale)).rounded()
        guard scaled < 9.0e18 else { return "\(value)" }
        let units = UInt64(scaled)
        let sign = value < 0 && units != 0 ? "-" : ""
        let whole = "\(units / scale)"
        guard places > 0 else { return sign + whole }
        var fraction = "\(units % scale)"
        while fraction.count < places { fraction = "0" + fraction }
        return sign + whole + "." + fraction
    }

    /// Up to two decimals, trailing zeros dropped: 500, 12.5, 0.33.
    static func compact(_ value: Double) -> String {
        var text = fixed(value, 2)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Rounded to a whole number, for CSV's microsecond columns.
    static func whole(_ value: Double) -> String { fixed(value, 0) }

    /// A latency given in microseconds, with three significant digits and the unit that suits it: 85.3µs, 1.21ms,
    /// 2.50s.
    static func duration(micros: Double) -> String {
        guard micros.isFinite else { return "-" }
        if micros < 1000 { return threeDigits(micros) + "µs" }
        if micros < 1_000_000 { return threeDigits(micros / 1000) + "ms" }
        return threeDigits(micros / 1_000_000) + "s"
    }

    private static func threeDigits(_ value: Double) -> String {
        let magnitude = Swift.abs(value)
        if magnitude >= 99.95 { return fixed(value, 0) }
        if magnitude >= 9.995 { return fixed(value, 1) }
        return fixed(value, 2)
    }

    /// A signed percentage change: +9.4%, -12.0%.
    static func signedPercent(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let text = fixed(value, 1)
        return (value >= 0 && !text.hasPrefix("-") ? "+" : "") + text + "%"
    }

    /// A byte count with a binary unit: 512 B, 1.5 KiB, 20.3 MiB.
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return (unit == 0 ? "\(count)" : fixed(value, 1)) + " " + units[unit]
    }
}
