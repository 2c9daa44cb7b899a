import NIOCore

/// One model's request, rendered once (request line, headers and body in one buffer) and written as is for every
/// request: a copy of a `ByteBuffer` shares its storage, so sending costs no encoding and no copying.
package struct RequestTemplate: Sendable {
    package let model: String
    package let bytes: ByteBuffer
    /// Head and body: what one request puts on the wire.
    package var byteCount: Int { bytes.readableBytes }

    /// `headers` are sent in order after Host, Content-Length and Content-Type; a header named in it replaces the
    /// default of the same name (case-insensitive), except Content-Length, which is always the body's.
    package init(
        model: String,
        method: String = "POST",
        path: String,
        target: BenchTarget,
        contentType: String?,
        headers: [(name: String, value: String)],
        body: [UInt8]
    ) {
        self.model = model
        var head = "\(method) \(path) HTTP/1.1\r\n"
        let given = Set(headers.map { $0.name.lowercased() })
        if !given.contains("host") { head += "Host: \(target.hostHeader)\r\n" }
        if !given.contains("user-agent") { head += "User-Agent: kserve-bench\r\n" }
        if !given.contains("accept") { head += "Accept: application/json, application/octet-stream\r\n" }
        if let contentType, !given.contains("content-type") { head += "Content-Type: \(contentType)\r\n" }
        for (name, value) in headers where name.lowercased() != "content-length" {
            head += "\(name): \(value)\r\n"
        }
        if method != "GET" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        var buffer = ByteBufferAllocator().buffer(capacity: head.utf8.count + body.count)
        buffer.writeString(head)
        buffer.writeBytes(body)
        bytes = buffer
    }
}
