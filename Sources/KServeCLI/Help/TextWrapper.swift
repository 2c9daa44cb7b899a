/// Greedy word wrapping for help text.
enum TextWrapper {
    /// Joins two words that must stay on one line; printed as a plain space.
    static let noBreakSpace: Character = "\u{A0}"

    /// Wraps `text` into lines of at most `width` columns (a longer word gets a line of its own). Line breaks in
    /// the text are kept; every line after the first starts with `indent` spaces, the first with `firstIndent`.
    /// Words joined by `noBreakSpace` stay together.
    static func wrap(_ text: String, width: Int, indent: Int, firstIndent: Int? = nil) -> [String] {
        var lines: [String] = []
        for hardLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineIndent = lines.isEmpty ? (firstIndent ?? indent) : indent
            for word in hardLine.split(separator: " ") {
                if line.isEmpty {
                    line = String(repeating: " ", count: lineIndent) + word
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    lineIndent = indent
                    line = String(repeating: " ", count: lineIndent) + word
                }
            }
            lines.append(line)
        }
        return lines.map { String($0.map { $0 == noBreakSpace ? " " : $0 }) }
    }

    /// Paragraphs separated by blank lines, each wrapped on its own.
    static func paragraphs(_ text: String, width: Int, indent: Int) -> [String] {
        var lines: [String] = []
        for (number, paragraph) in text.split(separator: "\n\n").enumerated() {
            if number > 0 { lines.append("") }
            lines += wrap(String(paragraph), width: width, indent: indent)
        }
        return lines
    }
}
