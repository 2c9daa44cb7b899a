import Compute

/// Compares an output with the expected tensor as ONNX's Python backend runner does: same shape and type, exact
/// for integers, booleans and strings, `|actual - expected| <= atol + rtol * |expected|` for floating point, NaN
/// equal to NaN.
package enum TensorComparison {
    package static let relativeTolerance = 1e-3
    package static let absoluteTolerance = 1e-7

    /// nil when they agree, else why not.
    package static func mismatch(_ actual: Tensor, _ expected: Tensor) -> String? {
        guard actual.shape == expected.shape else {
            return "shape \(Tensor.describe(actual.shape)), expected \(Tensor.describe(expected.shape))"
        }
        guard actual.elementType == expected.elementType else {
            return "type \(actual.elementType), expected \(expected.elementType)"
        }
        if expected.elementType.isFloatingPoint {
            guard let got = actual.doubles(), let want = expected.doubles() else { return "unreadable values" }
            for index in want.indices {
                let (a, e) = (got[index], want[index])
                if a.isNaN && e.isNaN { continue }
                if a == e { continue }
                if !(abs(a - e) <= absoluteTolerance + relativeTolerance * abs(e)) {
                    return "element \(index) is \(a), expected \(e)"
                }
            }
            return nil
        }
        guard actual.storage == expected.storage else {
            if let got = actual.doubles(), let want = expected.doubles(),
                let index = want.indices.first(where: { got[$0] != want[$0] })
            {
                return "element \(index) is \(got[index]), expected \(want[index])"
            }
            return "values differ"
        }
        return nil
    }
}
