import HTTPTypes
import Hummingbird
import Reconciler

/// The model name a client used for a request that ``ServingRouteResponder`` rewrote to a different repository key
/// (`iris` in namespace `team-a` is served as `iris.team-a`), so that answers name the model as the client
/// addressed it, as KServe does.
///
/// It travels in a request header that only the responder sets: a client's own header of that name is dropped
/// before routing.
enum AddressedModel {
    static let field = HTTPField.Name("x-kserve-addressed-model")

    /// The name to show in the answer to `request` for the model with repository key `key`.
    static func name(_ request: Request, key: String) -> String {
        guard let field, let name = request.headers[field], !name.isEmpty else { return key }
        return name
    }

    /// An error `message` about the model that `request` addressed through an InferenceService, with its repository
    /// key replaced by the name the client used wherever the key stands as a whole name (errors raised inside the
    /// model and the repository know only the key). Unchanged for requests that were not renamed.
    static func reworded(_ message: String, request: Request) -> String {
        guard let field, let shown = request.headers[field], !shown.isEmpty,
            let key = ServingRoutes.modelSegment(request.uri.path)?.model, key != shown, !key.isEmpty
        else { return message }
        var out = ""
        var rest = Substring(message)
        while let found = rest.firstRange(of: key) {
            let before = found.lowerBound == rest.startIndex ? out.last : rest[rest.index(before: found.lowerBound)]
            let after = found.upperBound == rest.endIndex ? nil : rest[found.upperBound]
            out += rest[..<found.lowerBound]
            out += isNameCharacter(before) || isNameCharacter(after) ? key : shown
            rest = rest[found.upperBound...]
        }
        return out + rest
    }

    private static func isNameCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "-" || character == "." || character == "_"
    }
}
