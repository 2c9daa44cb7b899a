import Compute
import Core

/// Constant: the tensor that one of its attributes gives (`value`, or a scalar or list from `value_float(s)`,
/// `value_int(s)` or `value_string(s)`), built once at load.
struct ConstantOperator: Operator {
    let value: Tensor

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let attributes = node.attributes
        let given = attributes.values.keys.filter { $0.hasPrefix("value") || $0 == "sparse_value" }
        guard given.count == 1, let name = given.first else {
            throw KServeError(
                .invalidInput,
                "exactly one value attribute must be given, got \(given.isEmpty ? "none" : given.sorted().joined(separator: ", "))"
            )
        }
        switch name {
        case "value":
            if let tensor = try attributes.tensor(name) { return ConstantOperator(value: tensor) }
        case "value_float":
            if let float = try attributes.float(name) {
                return ConstantOperator(value: Tensor(shape: [], floats: [float]))
            }
        case "value_floats":
            if let floats = try attributes.floats(name) {
                return ConstantOperator(value: Tensor(shape: [floats.count], floats: floats))
            }
        case "value_int":
            if let int = try attributes.int(name) { return ConstantOperator(value: Tensor(shape: [], int64s: [int])) }
        case "value_ints":
            if let ints = try attributes.ints(name) {
                return ConstantOperator(value: Tensor(shape: [ints.count], int64s: ints))
            }
        case "value_string":
            if case .string(let bytes)? = attributes[name] {
                return ConstantOperator(value: Tensor(shape: [], storage: .string([bytes])))
            }
            throw KServeError(
                .invalidInput,
                "attribute value_string is \(attributes[name]?.typeName ?? "missing"), expected STRING"
            )
        case "value_strings":
            if let strings = try attributes.byteStrings(name) {
                return ConstantOperator(value: Tensor(shape: [strings.count], storage: .string(strings)))
            }
        case "sparse_value":
            throw KServeError(.unsupported, "a sparse constant (attribute sparse_value) is not supported")
        default:
            break
        }
        throw KServeError(.unsupported, "Constant attribute \(name) is not supported")
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] { [value] }
}

/// ConstantOfShape: a tensor of the shape its input gives, every element the one-element `value` attribute (float 0
/// by default).
struct ConstantOfShapeOperator: Operator {
    let value: Tensor

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        guard let value = try node.attributes.tensor("value") else {
            return ConstantOfShapeOperator(value: Tensor(shape: [1], floats: [0]))
        }
        guard value.count == 1 else {
            throw KServeError(.invalidInput, "attribute value must hold one element, it holds \(value.count)")
        }
        return ConstantOfShapeOperator(value: value)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let shape = try ShapeSupport.integerList(inputs.required(0), "shape")
        let count = try ShapeSupport.reserve(shape, of: value.elementType, context: context)
        return [Tensor(shape: shape, storage: try ShapeSupport.repeated(value.storage, count: count))]
    }
}
