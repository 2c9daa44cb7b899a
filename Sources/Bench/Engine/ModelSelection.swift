import Core

/// The models of a run from `--model`/`--models`: names as given, and shell-style patterns (`*`, `?`) expanded
/// against the endpoint's model list, in the order given, without duplicates.
package enum ModelSelection {
    /// Splits `a,b,c` and trims spaces; empty entries are dropped.
    package static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
    }

    package static func isPattern(_ name: String) -> Bool { name.contains("*") || name.contains("?") }

    /// Expands the patterns among `entries` with `available` (needed only when there is a pattern).
    package static func expand(_ entries: [String], available: [String]) throws(KServeError) -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        for entry in entries {
            let names = isPattern(entry) ? available.filter { matches(Array($0.utf8), Array(entry.utf8)) } : [entry]
            if names.isEmpty {
                throw KServeError(
                    .invalidInput,
                    "no model matches '\(entry)' (the endpoint serves: \(available.joined(separator: ", ")))"
                )
            }
            for name in names where seen.insert(name).inserted { result.append(name) }
        }
        return result
    }

    /// Glob matching with `*` (any run) and `?` (one byte), iterative with backtracking to the last star.
    static func matches(_ text: [UInt8], _ pattern: [UInt8]) -> Bool {
        var textIndex = 0
        var patternIndex = 0
        var star: Int?
        var starText = 0
        while textIndex < text.count {
            if patternIndex < pattern.count,
                pattern[patternIndex] == UInt8(ascii: "?") || pattern[patternIndex] == text[textIndex]
            {
                textIndex += 1
                patternIndex += 1
            } else if patternIndex < pattern.count, pattern[patternIndex] == UInt8(ascii: "*") {
                star = patternIndex
                starText = textIndex
                patternIndex += 1
            } else if let star {
                patternIndex = star + 1
                starText += 1
                textIndex = starText
            } else {
                return false
            }
        }
        while patternIndex < pattern.count, pattern[patternIndex] == UInt8(ascii: "*") { patternIndex += 1 }
        return patternIndex == pattern.count
    }
}
