import Core

/// A server's V2 metadata (`GET /v2`).
package struct ServerMetadata: Sendable, Equatable {
    package var name: String
    package var version: String
    /// Protocol extensions the server supports, e.g. `binary_tensor_data`, `model_repository`.
    package var extensions: [String]

    package init(name: String, version: String, extensions: [String] = []) {
        self.name = name
        self.version = version
        self.extensions = extensions
    }

    /// Reads a server metadata document; `extensions` may be absent. Errors are `.badResponse`.
    package static func from(json: Value, source: String) throws(KServeError) -> ServerMetadata {
        do {
            let fields = try JSONFields(json, at: JSONContext("\(source): server metadata"))
            return ServerMetadata(
                name: try fields.field("name").string(),
                version: try fields.field("version").string(),
                extensions: try fields.optional("extensions")?.strings() ?? []
            )
        } catch {
            throw error.with(code: .badResponse)
        }
    }

    package func toJSON() -> Value {
        ["name": .string(name), "version": .string(version), "extensions": .array(extensions.map(Value.string))]
    }
}
