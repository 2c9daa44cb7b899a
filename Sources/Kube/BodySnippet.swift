import Core

/// The start of a body, as text, for messages.
enum BodySnippet {
    static func snippet(_ body: [UInt8], limit: Int = 300) -> String {
        var text = String(decoding: body.prefix(limit), as: UTF8.self).trimmingWhitespace()
        text = String(text.map { $0.isNewline ? " " : $0 })
        return body.count > limit ? text + "..." : text
    }
}
