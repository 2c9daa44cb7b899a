import Core

/// Where in a document a JSON value sits, for error messages (`request.json: input "x"`). Kept as its parts and
/// written out only when an error names it, so that decoding a valid request writes no message text.
package struct JSONContext: Sendable, CustomStringConvertible {
    private enum Place: Sendable {
        case whole
        /// `SOURCE: WHAT`
        case part(String)
        /// `SOURCE: ROLEs[INDEX]`
        case element(role: String, index: Int)
        /// `SOURCE: ROLE "NAME"`
        case named(role: String, name: String)
    }

    private let source: String
    private let place: Place

    private init(source: String, place: Place) {
        self.source = source
        self.place = place
    }

    /// A context given as its text.
    package init(_ text: String) { self.init(source: text, place: .whole) }

    /// `SOURCE: WHAT`, such as `request.json: request`.
    static func part(_ source: String, _ what: String) -> JSONContext {
        JSONContext(source: source, place: .part(what))
    }

    /// `SOURCE: ROLEs[INDEX]`, such as `request.json: inputs[2]`.
    static func element(_ source: String, role: String, index: Int) -> JSONContext {
        JSONContext(source: source, place: .element(role: role, index: index))
    }

    /// `SOURCE: ROLE "NAME"`, such as `request.json: input "x"`.
    static func named(_ source: String, role: String, name: String) -> JSONContext {
        JSONContext(source: source, place: .named(role: role, name: name))
    }

    package var description: String {
        switch place {
        case .whole: source
        case .part(let what): "\(source): \(what)"
        case .element(let role, let index): "\(source): \(role)s[\(index)]"
        case .named(let role, let name): "\(source): \(role) \"\(name)\""
        }
    }
}

/// JSON's wording: `CONTEXT is an array, expected an object`, `CONTEXT: missing "name"`,
/// `CONTEXT: "id" is an integer, expected a string`, `CONTEXT: versions[0] is an integer, expected a string`.
extension JSONContext: ValuePlace {
    package func failure(_ problem: ValueProblem, key: String?, index: Int?) -> KServeError {
        let site =
            switch (key, index) {
            case (let key?, let index?): "\(key)[\(index)]"
            case (let key?, nil): "\"\(key)\""
            case (nil, let index?): "[\(index)]"
            case (nil, nil): ""
            }
        let message =
            switch problem {
            case .missing: "\(self): missing\(site.isEmpty ? "" : " \(site)")"
            case .mismatch(let expected, let found) where site.isEmpty:
                "\(self) is \(found.kindDescription), expected \(expected)"
            case .mismatch(let expected, let found):
                "\(self): \(site) is \(found.kindDescription), expected \(expected)"
            case .other(let text): "\(self): \(site.isEmpty ? "" : "\(site) ")\(text)"
            }
        return KServeError(.invalidInput, message)
    }
}
