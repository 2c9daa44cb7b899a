import Compute
import Core

/// ai.onnx.ml LabelEncoder: maps each element through a key → value table, or to a default.
///
/// - ml opset 1: `classes_strings` maps strings to their index (int64 output, `default_int64`) and int64 indices back
///   to strings (`default_string`).
/// - ml opset 2: one of `keys_strings/int64s/floats` and one of `values_strings/int64s/floats`, with the default
///   attribute of the values' type.
/// - ml opset 4 adds `keys_tensor`/`values_tensor` (string, int64, int32, int16, float, double) and `default_tensor`,
///   and a NaN key matches a NaN input.
///
/// A repeated key maps to its first value (onnxruntime's choice).
struct LabelEncoderOperator: Operator {
    let keys: LabelKeys
    let values: LabelValues

    init(_ node: NodeDescription) throws(KServeError) {
        let attributes = node.attributes
        if node.opsetVersion < 2 {
            let classes = try attributes.byteStrings("classes_strings") ?? []
            // A repeated class string maps to its last index, as onnxruntime's opset-1 table does.
            var table: [[UInt8]: Int] = [:]
            for (position, name) in classes.enumerated() { table[name] = position }
            keys = .classes(table, count: classes.count)
            values = .classes(
                classes,
                defaultInt: try attributes.int("default_int64", default: -1),
                defaultString: Array(try attributes.string("default_string", default: "_Unused").utf8)
            )
            return
        }
        let matchesNaN = node.opsetVersion >= 4
        let keyList = try LabelList.read(attributes, prefix: "keys")
        let valueList = try LabelList.read(attributes, prefix: "values")
        guard keyList.count == valueList.count else {
            throw KServeError(.invalidInput, "\(keyList.count) keys but \(valueList.count) values")
        }
        keys = LabelKeys(keyList, matchesNaN: matchesNaN)
        values = try LabelValues(valueList, attributes: attributes)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        let positions = try keys.lookup(input)
        return [Tensor(shape: input.shape, storage: try values.gather(positions, input: input))]
    }
}

/// A keys_* or values_* list as given, by element type.
enum LabelList {
    case strings([[UInt8]])
    case integers([Int64], ElementType)
    case reals([Double], ElementType)

    var count: Int {
        switch self {
        case .strings(let values): return values.count
        case .integers(let values, _): return values.count
        case .reals(let values, _): return values.count
        }
    }

    /// The one `<prefix>_strings`, `<prefix>_int64s`, `<prefix>_floats` or `<prefix>_tensor` attribute.
    static func read(_ attributes: NodeAttributes, prefix: String) throws(KServeError) -> LabelList {
        var found: [LabelList] = []
        if let strings = try attributes.byteStrings("\(prefix)_strings") { found.append(.strings(strings)) }
        if let ints = try attributes.ints("\(prefix)_int64s") { found.append(.integers(ints, .int64)) }
        if let floats = try attributes.floats("\(prefix)_floats") {
            found.append(.reals(floats.map(Double.init), .float))
        }
        if let tensor = try attributes.tensor("\(prefix)_tensor") {
            found.append(try list(of: tensor, "\(prefix)_tensor"))
        }
        guard found.count == 1, let list = found.first else {
            throw KServeError(
                .invalidInput,
                "exactly one of \(prefix)_strings, \(prefix)_int64s, \(prefix)_floats and \(prefix)_tensor must be given"
                    + " (found \(found.count))"
            )
        }
        return list
    }

    static func list(of tensor: Tensor, _ name: String) throws(KServeError) -> LabelList {
        switch tensor.storage {
        case .string(let values): return .strings(values)
        case .int64(let values): return .integers(values, .int64)
        case .int32(let values): return .integers(values.map { Int64($0) }, .int32)
        case .int16(let values): return .integers(values.map { Int64($0) }, .int16)
        case .float(let values): return .reals(values.map(Double.init), .float)
        case .double(let values): return .reals(values, .double)
        default:
            throw KServeError(
                .unsupported,
                "\(name) is \(tensor.elementType); LabelEncoder takes string, int64, int32, int16, float or double"
            )
        }
    }
}

/// The key side: input element → position in the values (nil: the default).
enum LabelKeys: Sendable {
    /// ml opset 1: strings → their index, int64 indices → themselves when in range.
    case classes([[UInt8]: Int], count: Int)
    case strings([[UInt8]: Int])
    case integers([Int64: Int])
    /// Float keys compared as doubles (a float widens exactly); `nan` is the position of a NaN key when NaN matches.
    case reals([Double: Int], nan: Int?)

    init(_ list: LabelList, matchesNaN: Bool) {
        switch list {
        case .strings(let keys):
            var table: [[UInt8]: Int] = [:]
            for (position, key) in keys.enumerated() where table[key] == nil { table[key] = position }
            self = .strings(table)
        case .integers(let keys, _):
            var table: [Int64: Int] = [:]
            for (position, key) in keys.enumerated() where table[key] == nil { table[key] = position }
            self = .integers(table)
        case .reals(let keys, _):
            var table: [Double: Int] = [:]
            var nan: Int?
            for (position, key) in keys.enumerated() {
                if key.isNaN {
                    if matchesNaN, nan == nil { nan = position }
                } else if table[key] == nil {
                    table[key] = position
                }
            }
            self = .reals(table, nan: nan)
        }
    }

    func lookup(_ input: Tensor) throws(KServeError) -> [Int?] {
        switch (self, input.storage) {
        case (.classes(let table, _), .string(let values)):
            return values.map { table[$0] }
        case (.classes(_, let count), .int64(let values)):
            return values.map { $0 >= 0 && $0 < Int64(count) ? Int($0) : nil }
        case (.strings(let table), .string(let values)):
            return values.map { table[$0] }
        case (.integers(let table), _):
            guard let values = Self.integerElements(input) else { break }
            return values.map { table[$0] }
        case (.reals(let table, let nan), .float(let values)):
            return values.map { $0.isNaN ? nan : table[Double($0)] }
        case (.reals(let table, let nan), .double(let values)):
            return values.map { $0.isNaN ? nan : table[$0] }
        default: break
        }
        throw KServeError(.invalidInput, "input X is \(input.elementType), which the node's keys do not take")
    }

    private static func integerElements(_ input: Tensor) -> [Int64]? {
        switch input.storage {
        case .int64(let values): return values
        case .int32(let values): return values.map { Int64($0) }
        case .int16(let values): return values.map { Int64($0) }
        default: return nil
        }
    }
}

/// The value side: the values by position and the default, in the output's element type.
enum LabelValues: Sendable {
    /// ml opset 1: strings input → index (int64), int64 input → class string.
    case classes([[UInt8]], defaultInt: Int64, defaultString: [UInt8])
    case strings([[UInt8]], default: [UInt8])
    case integers([Int64], ElementType, default: Int64)
    case reals([Double], ElementType, default: Double)

    init(_ list: LabelList, attributes: NodeAttributes) throws(KServeError) {
        let fromTensor = attributes.has("values_tensor")
        let defaultTensor = try attributes.tensor("default_tensor")
        switch list {
        case .strings(let values):
            var fallback = Array(try attributes.string("default_string", default: "_Unused").utf8)
            if fromTensor, let defaultTensor {
                guard case .string(let items) = defaultTensor.storage, let first = items.first else {
                    throw Self.mismatch(defaultTensor, "string")
                }
                fallback = first
            }
            self = .strings(values, default: fallback)
        case .integers(let values, let type):
            var fallback = try attributes.int("default_int64", default: -1)
            if fromTensor, let defaultTensor {
                guard let items = defaultTensor.integers(), let first = items.first else {
                    throw Self.mismatch(defaultTensor, "\(type)")
                }
                fallback = first
            }
            self = .integers(values, type, default: fallback)
        case .reals(let values, let type):
            var fallback = Double(try attributes.float("default_float", default: -0.0))
            if fromTensor, let defaultTensor {
                guard defaultTensor.elementType.isFloatingPoint, let items = defaultTensor.doubles(),
                    let first = items.first
                else {
                    throw Self.mismatch(defaultTensor, "\(type)")
                }
                fallback = first
            }
            self = .reals(values, type, default: fallback)
        }
    }

    private static func mismatch(_ tensor: Tensor, _ expected: String) -> KServeError {
        KServeError(
            .invalidInput,
            "default_tensor is a \(tensor.elementType) tensor of \(tensor.count) elements, expected one \(expected)"
        )
    }

    func gather(_ positions: [Int?], input: Tensor) throws(KServeError) -> TensorStorage {
        switch self {
        case .classes(let classes, let defaultInt, let defaultString):
            if input.elementType == .string {
                return .int64(positions.map { $0.map { Int64($0) } ?? defaultInt })
            }
            return .string(positions.map { $0.map { classes[$0] } ?? defaultString })
        case .strings(let values, let fallback):
            return .string(positions.map { $0.map { values[$0] } ?? fallback })
        case .integers(let values, let type, let fallback):
            let picked = positions.map { $0.map { values[$0] } ?? fallback }
            switch type {
            case .int32: return .int32(picked.map { Int32(truncatingIfNeeded: $0) })
            case .int16: return .int16(picked.map { Int16(truncatingIfNeeded: $0) })
            default: return .int64(picked)
            }
        case .reals(let values, let type, let fallback):
            let picked = positions.map { $0.map { values[$0] } ?? fallback }
            if type == .double { return .double(picked) }
            return .float(picked.map { Float($0) })
        }
    }
}
