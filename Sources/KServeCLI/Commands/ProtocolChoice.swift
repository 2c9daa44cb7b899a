import Core
import Inference

/// Which inference protocol a request uses, the same way for `predict` and `bench`.
enum ProtocolChoice {
    /// `--protocol` when given; else the protocol the InferenceService declares; else what the input document looks
    /// like (`instances` is V1, `inputs` is V2); V2 when there is no document (`bench --random`).
    static func resolve(
        explicit: String?,
        declared: ProtocolVersion? = nil,
        document: Value?,
        source: String
    ) throws(KServeError) -> ProtocolVersion {
        if let explicit {
            guard let version = ProtocolVersion(rawValue: explicit) else {
                throw KServeError(.usage, "invalid --protocol '\(explicit)': expected v1 or v2")
            }
            return version
        }
        if let declared { return declared }
        guard let document else { return .v2 }
        guard let detected = ProtocolVersion.detect(document) else {
            throw KServeError(
                .invalidInput,
                "\(source): cannot tell the protocol: expected {\"instances\": [...]} (V1) or "
                    + "{\"inputs\": [{\"name\": ...}]} (V2); pass --protocol to choose"
            )
        }
        return detected
    }
}
