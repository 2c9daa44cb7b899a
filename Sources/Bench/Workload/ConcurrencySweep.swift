import Core

/// The closed-loop concurrency levels to measure: `8`, a doubling sweep `1:64:x2` (1, 2, 4, ..., 64) or an
/// additive sweep `1:32:+4` (1, 5, ..., 29). `start:end` steps by 1, and a bare step (`1:32:4`) adds, as in
/// perf_analyzer's `--concurrency-range`. The end is included only when a step lands on it.
package struct ConcurrencySweep: Sendable, Equatable {
    package var levels: [Int]

    /// The highest concurrency accepted, so a typo cannot ask for millions of connections.
    package static let maximumLevel = 100_000
    /// The most levels one sweep may have.
    package static let maximumLevels = 1_000

    package init(levels: [Int]) { self.levels = levels }

    package static func parse(_ text: String) throws(KServeError) -> ConcurrencySweep {
        let trimmed = text.trimmingBlanks()
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func fail(_ reason: String) -> KServeError {
            KServeError(.usage, "invalid concurrency \"\(text)\": \(reason)")
        }
        guard !trimmed.isEmpty, parts.count <= 3 else {
            throw fail("expected a level (8) or a range start:end[:step] (1:64:x2, 1:32:+4)")
        }
        let start = try level(parts[0], name: "the start", fail: fail)
        if parts.count == 1 { return ConcurrencySweep(levels: [start]) }
        let end = try level(parts[1], name: "the end", fail: fail)
        guard start <= end else { throw fail("the start \(start) is above the end \(end)") }
        let step = parts.count == 3 ? try Step.parse(parts[2], fail: fail) : .add(1)

        var levels: [Int] = []
        var current = start
        while current <= end {
            guard levels.count < maximumLevels else {
                throw fail("the range has more than \(maximumLevels) levels; use a larger step")
            }
            levels.append(current)
            switch step {
            case .add(let amount): current += amount
            case .multiply(let factor): current *= factor
            }
        }
        return ConcurrencySweep(levels: levels)
    }

    private enum Step {
        case add(Int)
        case multiply(Int)

        static func parse(_ text: String, fail: (String) -> KServeError) throws(KServeError) -> Step {
            if let rest = text.dropPrefix("x") ?? text.dropPrefix("*") {
                guard let factor = Int(rest) else { throw fail("the step \"\(text)\" is not xN") }
                guard factor >= 2 else { throw fail("a multiplying step must be at least x2, not \(text)") }
                return .multiply(factor)
            }
            let rest = text.dropPrefix("+") ?? text
            guard let amount = Int(rest) else {
                throw fail("the step \"\(text)\" is not a number, +N or xN")
            }
            guard amount >= 1 else { throw fail("an adding step must be at least +1, not \(text)") }
            return .add(amount)
        }
    }

    private static func level(
        _ text: String,
        name: String,
        fail: (String) -> KServeError
    ) throws(KServeError) -> Int {
        guard let value = Int(text) else { throw fail("\(name) \"\(text)\" is not a whole number") }
        guard value >= 1 else { throw fail("\(name) must be at least 1, not \(value)") }
        guard value <= maximumLevel else { throw fail("\(name) \(value) is above the limit of \(maximumLevel)") }
        return value
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
