/// A plain aligned text table: the first `leftColumns` columns left-aligned (names), the others right-aligned
/// (figures), two spaces apart.
struct TextTable {
    var header: [String]
    var leftColumns: Int
    var rows: [[String]] = []

    init(header: [String], leftColumns: Int = 1) {
        self.header = header
        self.leftColumns = leftColumns
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table's lines; `emphasize` wraps the header (bold on a terminal).
    func lines(emphasize: (String) -> String = { $0 }) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = Swift.max(widths[column], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() where column < widths.count {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                parts.append(column < leftColumns ? cell + padding : padding + cell)
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return [emphasize(line(header))] + rows.map(line)
    }
}
