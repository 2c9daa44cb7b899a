import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer TOKEN` on every route but the health checks.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Paths answered without a token: probes must work without credentials.
    static var openPaths: Set<String> { ["/", "/v2/health/live", "/v2/health/ready"] }

    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if Self.openPaths.contains(Self.normalized(request.uri.path)) { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw Self.unauthorized("missing Authorization header: this server requires \"Bearer TOKEN\"")
        }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix,
            Self.constantTimeEqual(Array(header.utf8.dropFirst(prefix.utf8.count)), token)
        else {
            throw Self.unauthorized("wrong bearer token in the Authorization header")
        }
        return try await next(request, context)
    }

    private static func unauthorized(_ message: String) -> APIError {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer"
        return APIError(.unauthorized, message, headers: headers)
    }

    /// The path without trailing slashes (the router ignores them).
    static func normalized(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }

    /// Compares without returning early, so that timing does not tell how much of a guess was right.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
