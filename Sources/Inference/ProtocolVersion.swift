import Core

/// The REST inference protocol a document speaks: KServe V1 (TF Serving style) or V2 (Open Inference Protocol).
package enum ProtocolVersion: String, Sendable {
    case v1
    case v2

    /// Guesses from a request body: `{"instances": ...}` is V1; `{"inputs": [...]}` is V2 when every input is an
    /// object with a string `name`, else V1 (TF Serving's columnar `inputs`). Nil for anything else.
    package static func detect(_ json: Value) -> ProtocolVersion? {
        guard case .object(let object) = json else { return nil }
        if object["instances"] != nil { return .v1 }
        guard let inputs = object["inputs"] else { return nil }
        if case .array(let elements) = inputs, !elements.isEmpty,
            elements.allSatisfy({ $0.objectValue != nil && $0["name"]?.stringValue != nil })
        {
            return .v2
        }
        return .v1
    }
}
