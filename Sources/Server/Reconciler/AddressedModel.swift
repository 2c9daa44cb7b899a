import HTTPTypes
import Hummingbird

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
}
