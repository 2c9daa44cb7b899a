import Compute
import Core

/// Pad: adds `pads[i]` elements before and `pads[i + n]` after each padded axis `i` (negative amounts crop), filled
/// with a constant or read from the input by reflecting, repeating the edge, or wrapping around.
///
/// Opset 1 names the pads `paddings`; opset 2 to 10 give pads and a float `value` as attributes; from opset 11 they
/// are inputs (pads, `constant_value` of the data's type), and from opset 18 an `axes` input picks the axes.
struct PadOperator: Operator {
    enum Mode: String {
        case constant
        case reflect
        case edge
        case wrap
    }

    let mode: Mode
    /// Before opset 11.
    let attributePads: [Int]?
    let attributeValue: Float
    let axesInput: Bool

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let modeName = try node.attributes.string("mode", default: "constant")
        guard let mode = Mode(rawValue: modeName) else {
            throw KServeError(.unsupported, "padding mode \(modeName) is not supported")
        }
        var attributePads: [Int]?
        if node.opsetVersion < 11 {
            let name = node.opsetVersion < 2 ? "paddings" : "pads"
            guard let pads = try node.attributes.ints(name) else {
                throw KServeError(.invalidInput, "attribute \(name) is missing")
            }
            attributePads = pads.map { Int($0) }
        }
        return PadOperator(
            mode: mode,
            attributePads: attributePads,
            attributeValue: try node.attributes.float("value", default: 0),
            axesInput: node.opsetVersion >= 18
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let pads: [Int]
        if let attributePads {
            pads = attributePads
        } else {
            pads = try ShapeSupport.integerList(inputs.required(1), "pads")
        }
        var axes = Array(0..<data.rank)
        if axesInput, let given = inputs.optional(3) {
            axes = try ShapeSupport.axes(try ShapeSupport.integerList(given, "axes"), rank: data.rank)
        }
        guard pads.count == 2 * axes.count else {
            throw KServeError(
                .invalidInput,
                "pads \(Tensor.describe(pads)) must hold \(2 * axes.count) amounts (before and after each of"
                    + " \(axes.count) axes)"
            )
        }
        var maps = data.shape.map { AxisMap.identity($0) }
        var shape = data.shape
        for (position, axis) in axes.enumerated() {
            let before = pads[position]
            let after = pads[position + axes.count]
            guard before != 0 || after != 0 else { continue }
            let size = data.shape[axis]
            let (grown, overflow) = size.addingReportingOverflow(before)
            let (target, overflowAfter) = grown.addingReportingOverflow(after)
            guard !overflow, !overflowAfter, target >= 0 else {
                throw KServeError(
                    .invalidInput,
                    "pads \(before) and \(after) do not fit axis \(axis) of size \(size)"
                )
            }
            guard mode == .constant || size > 0 || target == 0 else {
                throw KServeError(.invalidInput, "\(mode) padding needs elements along axis \(axis), it has none")
            }
            shape[axis] = target
            try ShapeSupport.reserve(shape, of: data.elementType, context: context)
            maps[axis] = .indices((0..<target).map { Self.source($0 - before, size: size, mode: mode) })
        }
        try ShapeSupport.reserve(shape, of: data.elementType, context: context)
        var storages = [data.storage]
        if mode == .constant { storages.append(try fill(inputs, type: data.elementType)) }
        let kernel = AxisMapGather(sourceShape: data.shape, maps: maps)
        let outputs = try TensorStorage.moved(storages, with: kernel)
        guard let output = outputs.first else { throw KServeError(.invalidInput, "Pad produced no output") }
        return [Tensor(shape: shape, storage: output)]
    }

    /// The source coordinate that padded coordinate `index` (relative to the input's start) reads, -1 for the
    /// constant.
    static func source(_ index: Int, size: Int, mode: Mode) -> Int {
        if index >= 0 && index < size { return index }
        switch mode {
        case .constant:
            return -1
        case .edge:
            return index < 0 ? 0 : size - 1
        case .wrap:
            return ((index % size) + size) % size
        case .reflect:
            // Reflection about the first and last elements repeats every 2 (size - 1).
            guard size > 1 else { return 0 }
            let period = 2 * (size - 1)
            let folded = ((index % period) + period) % period
            return folded < size ? folded : period - folded
        }
    }

    /// The constant, one element of the data's type: the `constant_value` input (opset 11+), else the `value`
    /// attribute, else zero.
    private func fill(_ inputs: OperatorInputs, type: ElementType) throws(KServeError) -> TensorStorage {
        if attributePads == nil {
            guard let given = inputs.optional(2), given.count > 0 else { return .zeros(type, count: 1) }
            guard given.elementType == type, given.count == 1 else {
                throw KServeError(
                    .invalidInput,
                    "constant_value must be one \(type) element, got \(given.elementType) of shape"
                        + " \(Tensor.describe(given.shape))"
                )
            }
            return given.storage
        }
        let value = Double(attributeValue)
        switch type {
        case .float: return .float([attributeValue])
        case .double: return .double([value])
        case .float16: return .float16([HalfPrecision.fp16Bits(value)])
        case .bfloat16: return .bfloat16([HalfPrecision.bf16Bits(value)])
        default:
            guard value == 0 else {
                throw KServeError(.invalidInput, "a padding value of \(value) does not suit \(type) data")
            }
            return .zeros(type, count: 1)
        }
    }
}
