/// A 1-based position in a text document, reported in every parse error.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A parse failure at a place in a named document (`file:line:column: message`).
public struct ParseFailure: Error, Sendable, CustomStringConvertible {
    /// The document's name (a path, `<stdin>`, or a label such as "response body").
    public var source: String
    public var location: SourceLocation
    public var problem: String

    public init(source: String, location: SourceLocation, problem: String) {
        self.source = source
        self.location = location
        self.problem = problem
    }

    public var description: String { "\(source):\(location): \(problem)" }

    /// The same failure as the project's error value, code `invalidInput`.
    public var asError: KServeError { KServeError(.invalidInput, description, cause: self) }
}
