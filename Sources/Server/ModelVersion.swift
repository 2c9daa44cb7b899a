import HTTPServing
import HTTPTypes
import Runtime

/// Models have one version each. A model without a version in the repository answers as version "1", Triton's
/// default, so that clients that name versions (tritonclient's `model_version="1"`) work.
enum ModelVersion {
    static let implicit = "1"

    static func effective(_ status: ModelStatus) -> String { effective(status.version) }

    static func effective(_ version: String?) -> String { version ?? implicit }

    /// A 404 when the path names a version the model does not have.
    static func check(_ requested: String?, _ status: ModelStatus) throws(APIError) {
        try check(requested, name: status.name, version: status.version)
    }

    /// A 404 when the path names a version other than `version` (nil: the implicit one) of model `name`.
    static func check(_ requested: String?, name: String, version: String?) throws(APIError) {
        guard let requested else { return }
        let served = effective(version)
        guard requested == served else {
            throw APIError(
                .notFound,
                "Model with name \(name) has no version \(requested); it serves version \(served)."
            )
        }
    }
}
