import Core
import HTTPServing
import Hummingbird

/// Route parameters, percent-decoded (clients such as tritonclient quote model names in paths).
enum PathParameters {
    static func model(_ context: some RequestContext) throws(APIError) -> String {
        try decoded(context, "model")
    }

    /// The version a path names, or nil for a path without `/versions/V`.
    static func version(_ context: some RequestContext) throws(APIError) -> String? {
        guard context.parameters.get("version") != nil else { return nil }
        return try decoded(context, "version")
    }

    private static func decoded(_ context: some RequestContext, _ key: String) throws(APIError) -> String {
        guard let raw = context.parameters.get(key) else {
            throw APIError(.badRequest, "the path has no \(key) name")
        }
        guard let text = PercentEncoding.decode(raw) else {
            throw APIError(.badRequest, "\(key) name \"\(raw)\" in the path is not valid percent-encoded UTF-8")
        }
        return text
    }
}
