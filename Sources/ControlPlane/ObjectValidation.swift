import Core
import Resources

/// Server-side validation of an object before it is stored: the checks the KServe CRD schemas and webhooks make
/// (``SpecChecks``, shared with the client), reported as 422 field causes.
enum ObjectValidation {
    typealias Cause = KubeStatus.Cause

    /// The problems with `object` as a `kind`, every one of them, as `metav1.Status` causes; empty when it is valid.
    static func problems(_ object: Value, kind: ResourceKind) -> [Cause] {
        SpecChecks.problems(object, kind: kind, requireFields: true).map(cause)
    }

    /// A problem as the API server reports it; a problem of the whole body names no field.
    static func cause(_ problem: FieldProblem) -> Cause {
        Cause(
            reason: problem.reason.rawValue,
            message: problem.statusMessage,
            field: problem.field.isEmpty ? nil : problem.field
        )
    }
}
