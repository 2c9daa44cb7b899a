import Compute
import Core

/// The `[N, F]` input of the ml-domain models, as onnxruntime reads it: a 1-D tensor is one row, a 2-D tensor is
/// `N` rows of `F` features, and integer or double elements are converted to float.
struct FeatureMatrix {
    var rows: Int
    var columns: Int
    var values: [Float]

    /// Reads float, double, int32 and int64 tensors (and float16, widened); `what` names the input in messages.
    static func read(_ tensor: Tensor, _ what: String = "X") throws(KServeError) -> FeatureMatrix {
        let (rows, columns) = try shape(of: tensor, what)
        let values: [Float]
        switch tensor.storage {
        case .float(let floats): values = floats
        case .double(let doubles): values = doubles.map { Float($0) }
        case .int32(let ints): values = ints.map { Float($0) }
        case .int64(let ints): values = ints.map { Float($0) }
        case .float16(let bits): values = bits.map { HalfPrecision.float(fp16Bits: $0) }
        default:
            throw KServeError(
                .invalidInput,
                "input \(what) is \(tensor.elementType), expected float, double, int32 or int64"
            )
        }
        return FeatureMatrix(rows: rows, columns: columns, values: values)
    }

    /// `(N, F)` of a rank-1 or rank-2 tensor.
    static func shape(of tensor: Tensor, _ what: String = "X") throws(KServeError) -> (rows: Int, columns: Int) {
        switch tensor.rank {
        case 1: return (1, tensor.shape[0])
        case 2: return (tensor.shape[0], tensor.shape[1])
        default:
            throw KServeError(
                .invalidInput,
                "input \(what) has shape \(Tensor.describe(tensor.shape)), expected [N,F] or [F]"
            )
        }
    }

    /// Fails unless the rows have exactly `expected` features (the model's width).
    func requireColumns(_ expected: Int, _ what: String = "X") throws(KServeError) {
        guard columns == expected else {
            throw KServeError(
                .invalidInput,
                "input \(what) has \(columns) features per row, the model expects \(expected)"
            )
        }
    }
}

/// The class labels of a classifier: one of `classlabels_int64s`/`classlabels_ints` or `classlabels_strings`.
enum ClassLabels: Sendable {
    case ints([Int64])
    case strings([[UInt8]])

    var count: Int {
        switch self {
        case .ints(let labels): return labels.count
        case .strings(let labels): return labels.count
        }
    }

    /// Reads the labels from `intsName` or `stringsName`; strings win when both are given (as onnxruntime does).
    /// Nil when neither is given or both are empty.
    static func read(
        _ attributes: NodeAttributes,
        ints intsName: String,
        strings stringsName: String
    ) throws(KServeError) -> ClassLabels? {
        if let strings = try attributes.byteStrings(stringsName), !strings.isEmpty { return .strings(strings) }
        if let ints = try attributes.ints(intsName), !ints.isEmpty { return .ints(ints) }
        return nil
    }

    /// A `[N]` tensor of the labels at `indices` (each in `0..<count`).
    func tensor(indices: [Int]) -> Tensor {
        switch self {
        case .ints(let labels): return Tensor(shape: [indices.count], storage: .int64(indices.map { labels[$0] }))
        case .strings(let labels):
            return Tensor(shape: [indices.count], storage: .string(indices.map { labels[$0] }))
        }
    }
}
