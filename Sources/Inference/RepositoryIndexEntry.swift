import Core

/// One model in a V2 repository index (`POST /v2/repository/index`).
package struct RepositoryIndexEntry: Sendable, Equatable {
    package var name: String
    package var version: String?
    /// `READY`, `UNAVAILABLE`, `LOADING`... as the server spells it; empty when the server gives none (Triton leaves
    /// it out for a model it never tried to load).
    package var state: String
    /// Why the model is in that state; empty when the server gives none.
    package var reason: String

    package init(name: String, version: String? = nil, state: String, reason: String = "") {
        self.name = name
        self.version = version
        self.state = state
        self.reason = reason
    }

    /// Reads one entry; errors are `.badResponse`.
    package static func from(json: Value, source: String) throws(KServeError) -> RepositoryIndexEntry {
        do {
            let fields = try JSONFields(json, at: JSONContext("\(source): repository index entry"))
            return RepositoryIndexEntry(
                name: try fields.field("name").string(),
                version: try fields.optional("version")?.string(),
                state: try fields.optional("state")?.string() ?? "",
                reason: try fields.optional("reason")?.string() ?? ""
            )
        } catch {
            throw error.with(code: .badResponse)
        }
    }

    /// Reads a whole index, a JSON array of entries.
    package static func list(json: Value, source: String) throws(KServeError) -> [RepositoryIndexEntry] {
        guard case .array(let elements) = json else {
            throw KServeError(
                .badResponse,
                "\(source): repository index is \(json.kindDescription), expected an array"
            )
        }
        var entries: [RepositoryIndexEntry] = []
        for (index, element) in elements.enumerated() {
            entries.append(try from(json: element, source: "\(source)[\(index)]"))
        }
        return entries
    }

    /// The entry as a server writes it (`version` left out when nil).
    package func toJSON() -> Value {
        var object: ValueObject = ["name": .string(name)]
        if let version { object["version"] = .string(version) }
        object["state"] = .string(state)
        object["reason"] = .string(reason)
        return .object(object)
    }
}
