/// A 1-based position in a text document, reported in every parse error.
package struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    package var line: Int
    package var column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    package var description: String { "\(line):\(column)" }
}

/// A parse failure at a place in a named document (`file:line:column: message`).
package struct ParseFailure: Error, Sendable, CustomStringConvertible {
    /// The document's name (a path, `<stdin>`, or a label such as "response body").
    package var source: String
    package var location: SourceLocation
    package var problem: String

    package init(source: String, location: SourceLocation, problem: String) {
        self.source = source
        self.location = location
        self.problem = problem
    }

    package var description: String { "\(source):\(location): \(problem)" }

    /// The same failure as the project's error value, code `invalidInput`.
    package var asError: KServeError { KServeError(.invalidInput, description, cause: self) }
}
