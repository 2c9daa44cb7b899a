import Core

/// The identity a user acts as (`as`, `as-uid`, `as-groups`, `as-user-extra`), sent as `Impersonate-*` headers.
package struct Impersonation: Sendable, Hashable {
    package var user: String?
    package var uid: String?
    package var groups: [String]
    /// Extra attributes by key, in key order when sent.
    package var extra: [String: [String]]

    package init(user: String? = nil, uid: String? = nil, groups: [String] = [], extra: [String: [String]] = [:]) {
        self.user = user
        self.uid = uid
        self.groups = groups
        self.extra = extra
    }

    /// The request header fields, in a stable order.
    var headers: [(String, String)] {
        var fields: [(String, String)] = []
        if let user { fields.append(("Impersonate-User", user)) }
        if let uid { fields.append(("Impersonate-Uid", uid)) }
        for group in groups { fields.append(("Impersonate-Group", group)) }
        for key in extra.keys.sorted() {
            for value in extra[key] ?? [] {
                fields.append(("Impersonate-Extra-" + PercentEncoding.encode(key), value))
            }
        }
        return fields
    }
}
