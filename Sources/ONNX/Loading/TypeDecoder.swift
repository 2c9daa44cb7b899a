import Compute
import Core

/// Turns a ValueInfoProto's type into a ``ValueType``.
enum TypeDecoder {
    static func decode(_ info: Onnx_ValueInfoProto) -> ValueInfo {
        ValueInfo(name: info.name, type: decode(info.type, present: info.hasType))
    }

    static func decode(_ type: Onnx_TypeProto, present: Bool) -> ValueType {
        guard present else { return .tensor(nil, shape: nil) }
        switch type.value {
        case .tensorType(let tensor):
            let elementType = tensor.hasElemType ? ElementType(rawValue: Int(tensor.elemType)) : nil
            guard tensor.hasShape else { return .tensor(elementType, shape: nil) }
            let shape = tensor.shape.dim.map { dimension -> Dimension in
                switch dimension.value {
                case .dimValue(let value): return value >= 0 ? .fixed(Int(clamping: value)) : .unknown
                case .dimParam(let name): return name.isEmpty ? .unknown : .symbolic(name)
                case nil: return .unknown
                }
            }
            return .tensor(elementType, shape: shape)
        case .sequenceType: return .other("sequence")
        case .mapType: return .other("map")
        case .optionalType: return .other("optional")
        case nil: return .tensor(nil, shape: nil)
        }
    }
}
