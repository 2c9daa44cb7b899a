import Compute
import Core

/// Cast (`to` an element type) and CastLike (to the type of its second input).
///
/// Every pair of the executor's element types converts, strings included. Float8, int4 and the other packed types
/// that ONNX also names are refused at load. Opset 1 wrote `to` as a type name ("FLOAT"); from opset 6 it is the
/// DataType number. `saturate` (opset 19) and `round_mode` (opset 25) only concern float8 and float8e8m0 targets, so
/// they are read and otherwise ignored.
struct Cast: Operator {
    let target: ElementType

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        switch node.attributes["to"] {
        case .int(let number):
            guard let type = ElementType(rawValue: Int(truncatingIfNeeded: number)) else {
                throw KServeError(
                    .unsupported,
                    "casting to data type \(number) (\(Self.typeName(number))) is not supported"
                )
            }
            return Cast(target: type)
        case .string(let bytes):
            let name = String(decoding: bytes, as: UTF8.self)
            guard let type = ElementType.allCases.first(where: { $0.description.uppercased() == name.uppercased() })
            else {
                throw KServeError(.unsupported, "casting to data type \"\(name)\" is not supported")
            }
            return Cast(target: type)
        case .none:
            throw KServeError(.invalidInput, "attribute to is required")
        case .some(let other):
            throw KServeError(.invalidInput, "attribute to is \(other.typeName), expected INT")
        }
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        [try CastConversion.convert(try inputs.required(0), to: target)]
    }

    /// ONNX's names for the data types the executor does not hold, for the refusal message.
    private static func typeName(_ number: Int64) -> String {
        switch number {
        case 14: return "complex64"
        case 15: return "complex128"
        case 17: return "float8e4m3fn"
        case 18: return "float8e4m3fnuz"
        case 19: return "float8e5m2"
        case 20: return "float8e5m2fnuz"
        case 21: return "uint4"
        case 22: return "int4"
        case 23: return "float4e2m1"
        case 24: return "float8e8m0"
        case 25: return "uint2"
        case 26: return "int2"
        case 27: return "float6e2m3"
        case 28: return "float6e3m2"
        default: return "unknown"
        }
    }
}

/// CastLike (opset 15): casts input 0 to the element type of input 1.
struct CastLike: Operator {
    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        let like = try inputs.required(1)
        return [try CastConversion.convert(input, to: like.elementType)]
    }
}

/// The conversions of Cast, as numpy's `astype` makes them where that is defined.
///
/// - Floating point to integer truncates toward zero; NaN becomes 0 and values out of range, infinities included,
///   saturate to the target's bounds (C leaves these undefined, and runtimes differ; this is Rust's and TensorRT's
///   choice).
/// - Integer to integer keeps the low bits; anything to bool is `x != 0` (NaN is true); bool is 0 or 1.
/// - To float16/bfloat16: rounded to nearest even from the exact value.
/// - Numbers to strings: the shortest text that reads back to the same value ("0.1", "1e-05", "inf", "nan"); bool
///   as "True"/"False". Strings to numbers: decimal and scientific notation, "INF"/"+INF"/"-INF"/"NaN" in any case;
///   an empty string is NaN (0 as an integer, false as a bool); any other string that is not a number is an error.
package enum CastConversion {
    package static func convert(_ tensor: Tensor, to target: ElementType) throws(KServeError) -> Tensor {
        let source = tensor.elementType
        if source == target { return tensor }
        let shape = tensor.shape
        switch tensor.storage {
        case .string(let strings):
            return Tensor(shape: shape, storage: try fromStrings(strings, to: target))
        case .float16, .bfloat16:
            return try convert(HalfPrecisionBridge.widened(tensor), to: target)
        case .bool(let flags):
            if target == .string {
                return Tensor(shape: shape, storage: .string(flags.map { Array(($0 ? "True" : "False").utf8) }))
            }
            return try convert(Tensor(shape: shape, storage: .uint8(flags.map { $0 ? 1 : 0 })), to: target)
        default:
            break
        }
        switch target {
        case .string:
            return Tensor(
                shape: shape,
                storage: .string(try ElementDispatch.numeric(source, ToStrings(tensor: tensor)))
            )
        case .bool:
            return Tensor(shape: shape, storage: .bool(try ElementDispatch.numeric(source, ToBool(tensor: tensor))))
        case .float16, .bfloat16:
            let doubles = tensor.doubles() ?? []
            let bits =
                target == .float16
                ? BroadcastKernel.map(doubles) { HalfPrecision.fp16Bits($0) }
                : BroadcastKernel.map(doubles) { HalfPrecision.bf16Bits($0) }
            return Tensor(shape: shape, storage: target == .float16 ? .float16(bits) : .bfloat16(bits))
        default:
            let storage = try ElementDispatch.numeric(source, FromNumbers(tensor: tensor, target: target))
            return Tensor(shape: shape, storage: storage)
        }
    }

    /// Picks the source type, then the target's.
    private struct FromNumbers: NumericVisitor {
        let tensor: Tensor
        let target: ElementType

        func visit<S: NumericElement>(_: S.Type) throws(KServeError) -> TensorStorage {
            let values = try ElementDispatch.values(tensor, as: S.self)
            return try ElementDispatch.numeric(target, ToNumbers(values: values))
        }
    }

    private struct ToNumbers<Source: NumericElement>: NumericVisitor {
        let values: [Source]

        func visit<D: NumericElement>(_: D.Type) throws(KServeError) -> TensorStorage {
            D.storage(BroadcastKernel.map(values) { D(casting: $0) })
        }
    }

    private struct ToBool: NumericVisitor {
        let tensor: Tensor

        func visit<S: NumericElement>(_: S.Type) throws(KServeError) -> [Bool] {
            BroadcastKernel.map(try ElementDispatch.values(tensor, as: S.self)) { $0 != S.zero }
        }
    }

    private struct ToStrings: NumericVisitor {
        let tensor: Tensor

        func visit<S: NumericElement>(_: S.Type) throws(KServeError) -> [[UInt8]] {
            // Float and Double describe themselves with the shortest round-trip digits; integers in decimal.
            try ElementDispatch.values(tensor, as: S.self).map { Array("\($0)".utf8) }
        }
    }

    private static func fromStrings(_ strings: [[UInt8]], to target: ElementType) throws(KServeError) -> TensorStorage {
        switch target {
        case .string: return .string(strings)
        case .bool:
            var flags: [Bool] = []
            flags.reserveCapacity(strings.count)
            for bytes in strings {
                let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
                switch text.lowercased() {
                case "true": flags.append(true)
                case "false", "": flags.append(false)
                default: flags.append(try parseDouble(text) != 0)
                }
            }
            return .bool(flags)
        case .float16, .bfloat16:
            var doubles: [Double] = []
            doubles.reserveCapacity(strings.count)
            for bytes in strings { doubles.append(try parseDouble(String(decoding: bytes, as: UTF8.self))) }
            return try convert(Tensor(shape: [doubles.count], storage: .double(doubles)), to: target).storage
        default:
            return try ElementDispatch.numeric(target, ParseNumbers(strings: strings))
        }
    }

    private struct ParseNumbers: NumericVisitor {
        let strings: [[UInt8]]

        func visit<D: NumericElement>(_: D.Type) throws(KServeError) -> TensorStorage {
            var values: [D] = []
            values.reserveCapacity(strings.count)
            for bytes in strings {
                let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
                // Integers parse exactly (past 2^53 too); anything else goes through Double and truncates.
                if D.isInteger, let integer = Int64(text) {
                    values.append(D(castingInt64: integer))
                } else if D.isInteger, !D.isSigned, let integer = UInt64(text) {
                    values.append(D(castingUInt64: integer))
                } else {
                    values.append(D(castingDouble: try parseDouble(text)))
                }
            }
            return D.storage(values)
        }
    }

    /// Decimal or scientific notation, or INF/+INF/-INF/NaN in any case.
    package static func parseDouble(_ raw: String) throws(KServeError) -> Double {
        let text = raw.trimmingWhitespace()
        switch text.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        // An empty string is a missing value (and what the trial run at load feeds string inputs).
        case "nan", "+nan", "-nan", "": return .nan
        default: break
        }
        guard let value = Double(text) else {
            throw KServeError(.invalidInput, "cannot cast the string \"\(raw.prefix(64))\" to a number")
        }
        return value
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
