import Core

/// JSON merge patch (RFC 7386): objects merge recursively, `null` removes a key, anything else (arrays included)
/// replaces the target whole.
enum MergePatch {
    static func apply(_ patch: Value, to target: Value) -> Value {
        guard case .object(let patchObject) = patch else { return patch }
        var result = target.objectValue ?? ValueObject()
        for (key, value) in patchObject {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
