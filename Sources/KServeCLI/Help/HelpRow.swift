/// One line of a two-column help section: a term (an option, an argument, a command) and its description.
struct HelpRow {
    var term: String
    var description: String

    /// Terms longer than this put their description on the next line instead of widening the column.
    static let maximumTermWidth = 30

    /// Renders rows with descriptions starting in one column, wrapped to `width`.
    static func render(_ rows: [HelpRow], column: Int, width: Int) -> [String] {
        var lines: [String] = []
        for row in rows {
            let term = "  " + row.term
            if row.description.isEmpty {
                lines.append(term)
            } else if term.count + 2 <= column {
                let wrapped = TextWrapper.wrap(row.description, width: width, indent: column)
                lines += wrapped.enumerated().map { number, line in
                    number == 0 ? term + line.dropFirst(term.count) : line
                }
            } else {
                lines.append(term)
                lines += TextWrapper.wrap(row.description, width: width, indent: column)
            }
        }
        return lines
    }

    /// The description column for rows of several sections, so that one page aligns.
    static func column(for rows: [HelpRow]) -> Int {
        let widest = rows.map(\.term.count).filter { $0 <= maximumTermWidth }.max() ?? 0
        return 2 + widest + 3
    }
}
