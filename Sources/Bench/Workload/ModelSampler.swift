/// Draws model indices from a discrete distribution in constant time per draw (Vose's alias method).
package struct ModelSampler: Sendable {
    /// Probability of keeping the drawn column rather than taking its alias.
    private let keep: [Double]
    private let alias: [Int]
    private var generator: SplitMix64

    package var modelCount: Int { keep.count }

    /// `weights` need not sum to 1; non-finite or negative weights count as 0, and all-zero weights as uniform.
    init(weights: [Double], seed: UInt64) {
        var cleaned = weights.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        if cleaned.isEmpty { cleaned = [1] }
        var total = cleaned.reduce(0, +)
        if !(total > 0) || !total.isFinite {
            cleaned = [Double](repeating: 1, count: cleaned.count)
            total = Double(cleaned.count)
        }
        let count = cleaned.count
        var scaled = cleaned.map { $0 * Double(count) / total }
        var keep = [Double](repeating: 1, count: count)
        var alias = Array(0..<count)
        var small: [Int] = []
        var large: [Int] = []
        for (index, value) in scaled.enumerated() {
            if value < 1 { small.append(index) } else { large.append(index) }
        }
        while let lighter = small.popLast() {
            guard let heavier = large.last else { break }
            keep[lighter] = scaled[lighter]
            alias[lighter] = heavier
            scaled[heavier] -= 1 - scaled[lighter]
            if scaled[heavier] < 1 {
                large.removeLast()
                small.append(heavier)
            }
        }
        // Whatever is left (large, or small by rounding) keeps its own column.
        self.keep = keep
        self.alias = alias
        generator = SplitMix64(seed: seed)
    }

    /// The next model index, in `0..<modelCount`.
    package mutating func next() -> Int {
        let column = generator.nextIndex(below: keep.count)
        return generator.nextUnit() < keep[column] ? column : alias[column]
    }
}
