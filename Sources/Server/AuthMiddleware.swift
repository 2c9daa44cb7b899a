import HTTPServing
import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer TOKEN` on every route but the health checks.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if BearerToken.openPaths.contains(RequestPath.normalized(request.uri.path)) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw Self.unauthorized("missing Authorization header: this server requires \"Bearer TOKEN\"")
        }
        guard BearerToken.hasScheme(header), BearerToken.equal(header.utf8.dropFirst(BearerToken.scheme.count), token)
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
}

/// The bearer-token rule, apart from the generic middleware (a generic type cannot hold static stored properties).
enum BearerToken {
    /// Paths answered without a token: probes must work without credentials.
    static let openPaths: Set<String> = ["/", "/v2/health/live", "/v2/health/ready"]

    /// The scheme and its space, as the header value starts with them.
    static let scheme = Array("bearer ".utf8)

    /// Whether `header` starts with the scheme, letters matched without regard to case (RFC 7235), followed by a
    /// credential; without allocating.
    static func hasScheme(_ header: String) -> Bool {
        let bytes = header.utf8
        guard bytes.count > scheme.count else { return false }
        return zip(bytes, scheme).allSatisfy { byte, expected in
            expected >= UInt8(ascii: "a") && expected <= UInt8(ascii: "z")
                ? (byte | 0x20) == expected : byte == expected
        }
    }

    /// Compares without returning early, so that timing does not tell how much of a guess (or of the token) was
    /// right; the time depends on the length of the guess alone.
    static func equal(_ lhs: some Sequence<UInt8>, _ rhs: [UInt8]) -> Bool {
        var difference: UInt8 = 0
        var count = 0
        for byte in lhs {
            difference |= byte ^ (count < rhs.count ? rhs[count] : 0)
            count += 1
        }
        return difference | (count == rhs.count ? 0 : 1) == 0
    }
}
