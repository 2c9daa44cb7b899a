/// Request paths as both HTTP APIs match them.
package enum RequestPath {
    /// `path` without trailing slashes (`/` stays `/`), so that `/v2/models/` and `/v2/models` are one route.
    package static func normalized(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }
}
