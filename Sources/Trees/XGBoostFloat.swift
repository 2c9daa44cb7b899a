/// Float32 values of the numbers in an XGBoost JSON model.
///
/// XGBoost writes each float32 as its shortest decimal text and reads it back with a float32 conversion. The JSON
/// parser hands over the nearest `Double` of that text, and `Float(double)` then rounds a second time. The second
/// rounding can only differ from a direct text -> float32 conversion when the double lands exactly on the midpoint of
/// two adjacent floats (every such midpoint has 25 significant bits, so it is a double), and it does happen: the
/// shortest text of the float 0x1.5c87fap-84 is 7.038531E-26, whose nearest double is exactly such a midpoint. That
/// case is resolved here: the float whose own shortest text reads back as that same double is the one the file was
/// written from.
enum XGBoostFloat {
    static func float32(_ parsed: Double) -> Float {
        let rounded = Float(parsed)
        guard rounded.isFinite, Double(rounded) != parsed else { return rounded }
        let other = Double(rounded) < parsed ? rounded.nextUp : rounded.nextDown
        guard other.isFinite, (Double(rounded) + Double(other)) / 2 == parsed else { return rounded }
        // The text was within half a double ulp of the midpoint: ask which float prints as it.
        if Double(other.description) == parsed && Double(rounded.description) != parsed { return other }
        return rounded
    }
}
