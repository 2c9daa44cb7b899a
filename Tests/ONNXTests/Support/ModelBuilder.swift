import Compute
import Foundation
import SwiftProtobuf

@testable import ONNX

/// Builds small ONNX models in memory for the loader's tests.
struct ModelBuilder {
    var model = Onnx_ModelProto()

    init(opset: Int64 = 17) {
        model.irVersion = 8
        var imports = Onnx_OperatorSetIdProto()
        imports.domain = ""
        imports.version = opset
        model.opsetImport = [imports]
        model.graph = Onnx_GraphProto()
        model.graph.name = "test"
    }

    /// A tensor input or output declaration; nil dimensions are symbolic (`N`).
    static func value(_ name: String, _ type: ElementType, _ shape: [Int?]) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(type.rawValue)
        var shapeProto = Onnx_TensorShapeProto()
        shapeProto.dim = shape.map { size in
            var dimension = Onnx_TensorShapeProto.Dimension()
            if let size { dimension.dimValue = Int64(size) } else { dimension.dimParam = "N" }
            return dimension
        }
        tensor.shape = shapeProto
        var type = Onnx_TypeProto()
        type.tensorType = tensor
        info.type = type
        return info
    }

    mutating func input(_ name: String, _ type: ElementType = .float, _ shape: [Int?]) {
        model.graph.input.append(Self.value(name, type, shape))
    }

    mutating func output(_ name: String, _ type: ElementType = .float, _ shape: [Int?]) {
        model.graph.output.append(Self.value(name, type, shape))
    }

    mutating func node(
        _ opType: String,
        _ inputs: [String],
        _ outputs: [String],
        name: String = "",
        domain: String = ""
    ) {
        var node = Onnx_NodeProto()
        node.opType = opType
        node.input = inputs
        node.output = outputs
        node.name = name
        if !domain.isEmpty { node.domain = domain }
        model.graph.node.append(node)
    }

    mutating func initializer(_ name: String, dims: [Int64], floats: [Float]) {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = dims
        tensor.dataType = Int32(ElementType.float.rawValue)
        tensor.floatData = floats
        model.graph.initializer.append(tensor)
    }

    mutating func rawInitializer(_ name: String, dims: [Int64], raw: [UInt8]) {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = dims
        tensor.dataType = Int32(ElementType.float.rawValue)
        tensor.rawData = Data(raw)
        model.graph.initializer.append(tensor)
    }

    mutating func externalInitializer(_ name: String, dims: [Int64], location: String, offset: Int? = nil) {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = dims
        tensor.dataType = Int32(ElementType.float.rawValue)
        tensor.dataLocation = .external
        var entries: [Onnx_StringStringEntryProto] = []
        var entry = Onnx_StringStringEntryProto()
        entry.key = "location"
        entry.value = location
        entries.append(entry)
        if let offset {
            var offsetEntry = Onnx_StringStringEntryProto()
            offsetEntry.key = "offset"
            offsetEntry.value = String(offset)
            entries.append(offsetEntry)
        }
        tensor.externalData = entries
        model.graph.initializer.append(tensor)
    }

    func bytes() throws -> [UInt8] { try model.serializedBytes() }
}
