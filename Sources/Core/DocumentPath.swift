/// A place named by a file and a field path, for errors worded `SOURCE: PATH: PROBLEM`, as in
/// `config: users[0].user.token: expected a string, found an integer`.
package struct DocumentPath: ValuePath, Sendable {
    package enum Vocabulary: Sendable {
        /// objects and arrays
        case json
        /// mappings and lists
        case yaml
    }

    package let source: String
    /// Dotted keys and bracketed indices (`levels[0].total`); empty at the top.
    package let path: String
    /// What an error at the top calls it ("the document").
    package let root: String
    package let vocabulary: Vocabulary

    package init(source: String, path: String = "", root: String = "the document", vocabulary: Vocabulary = .json) {
        self.source = source
        self.path = path
        self.root = root
        self.vocabulary = vocabulary
    }

    package func member(_ key: String) -> DocumentPath { at(path.isEmpty ? key : "\(path).\(key)") }

    package func element(_ index: Int) -> DocumentPath { at("\(path)[\(index)]") }

    /// The same document and words at another path.
    package func at(_ path: String) -> DocumentPath {
        DocumentPath(source: source, path: path, root: root, vocabulary: vocabulary)
    }

    package func failure(_ problem: ValueProblem, key: String?, index: Int?) -> KServeError {
        let place = index.map { (key.map(member) ?? self).element($0) } ?? key.map(member) ?? self
        let text =
            switch problem {
            case .missing: "missing"
            case .mismatch(let expected, let found):
                "expected \(vocabulary == .yaml ? expected.yamlDescription : expected.description), "
                    + "found \(found.kindDescription)"
            case .other(let text): text
            }
        return KServeError(.invalidInput, "\(source): \(place.path.isEmpty ? root : place.path): \(text)")
    }
}
