import Compute
import Core
import Foundation

/// Turns AttributeProtos into ``Attribute`` values.
struct AttributeDecoder {
    let tensors: TensorDecoder

    func decode(_ proto: Onnx_AttributeProto, node: String) throws(KServeError) -> Attribute {
        let what = "\(node): attribute \(proto.name)"
        guard proto.refAttrName.isEmpty else {
            throw KServeError(.unsupported, "\(what) refers to a function attribute, which is not supported")
        }
        switch proto.type {
        case .float: return .float(proto.f)
        case .int: return .int(proto.i)
        case .string: return .string([UInt8](proto.s))
        case .tensor: return .tensor(try tensors.decode(proto.t, what: what))
        case .floats: return .floats(proto.floats)
        case .ints: return .ints(proto.ints)
        case .strings: return .strings(proto.strings.map { [UInt8]($0) })
        case .tensors:
            var decoded: [Tensor] = []
            for tensor in proto.tensors { decoded.append(try tensors.decode(tensor, what: what)) }
            return .tensors(decoded)
        case .graph: return .graph(proto.g.name)
        case .undefined:
            // IR version 1 files name no type: infer it from the one field that is set.
            if !proto.floats.isEmpty { return .floats(proto.floats) }
            if !proto.ints.isEmpty { return .ints(proto.ints) }
            if !proto.strings.isEmpty { return .strings(proto.strings.map { [UInt8]($0) }) }
            if proto.hasT { return .tensor(try tensors.decode(proto.t, what: what)) }
            if proto.hasS { return .string([UInt8](proto.s)) }
            if proto.hasI { return .int(proto.i) }
            if proto.hasF { return .float(proto.f) }
            throw KServeError(.invalidInput, "\(what) has no type and no value")
        default:
            throw KServeError(.unsupported, "\(what) has type \(proto.type), which is not supported")
        }
    }
}
