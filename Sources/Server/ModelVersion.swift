import HTTPServing
import HTTPTypes
import Runtime

/// Models have one version each. A model without a version in the repository answers as version "1", Triton's
/// default, so that clients that name versions (tritonclient's `model_version="1"`) work.
enum ModelVersion {
    static let implicit = "1"

    static func effective(_ status: ModelStatus) -> String { status.version ?? implicit }

    /// A 404 when the path names a version the model does not have.
    static func check(_ requested: String?, _ status: ModelStatus) throws(APIError) {
        guard let requested else { return }
        let version = effective(status)
        guard requested == version else {
            throw APIError(
                .notFound,
                "Model with name \(status.name) has no version \(requested); it serves version \(version)."
            )
        }
    }
}
