import Compute
import Core
import Inference
import ONNX

/// An ONNX model served as a ``ServableModel``: the graph's inputs and outputs, by name, with their declared
/// datatypes and shapes.
package struct ONNXServable: ServableModel {
    package let model: ONNXModel
    package let inputs: [TensorMetadata]
    package let outputs: [TensorMetadata]
    package let residentBytes: Int

    package var platform: String { "onnx" }

    package init(model: ONNXModel) {
        self.model = model
        let summary = model.graph
        let dynamicBatch = summary.inputs.contains { input in
            guard let first = input.type.shape?.first else { return false }
            if case .fixed = first { return false }
            return true
        }
        inputs = summary.inputs.map { input in
            TensorMetadata(
                name: input.name,
                datatype: ONNXTypes.dataType(input.type.elementType ?? .float).rawValue,
                shape: input.type.shape?.map(\.metadataValue) ?? [-1]
            )
        }
        outputs = summary.outputs.enumerated().map { position, output in
            let trialShape = model.trialOutputShapes.flatMap { position < $0.count ? $0[position] : nil }
            let trialType = model.trialOutputTypes.flatMap { position < $0.count ? $0[position] : nil }
            let type = output.type.elementType ?? trialType ?? .float
            var shape: [Int64]
            if let declared = output.type.shape {
                shape = declared.map(\.metadataValue)
            } else if let trialShape {
                shape = trialShape.map { Int64($0) }
                if dynamicBatch, !shape.isEmpty { shape[0] = -1 }
            } else {
                shape = [-1]
            }
            var parameters = ValueObject()
            if let labels = summary.zipMapLabels[output.name] {
                parameters["labels"] = .array(labels.map { .string($0) })
            }
            return TensorMetadata(
                name: output.name,
                datatype: ONNXTypes.dataType(type).rawValue,
                shape: shape,
                parameters: parameters
            )
        }
        residentBytes = model.plan.constantBytes + model.trialPeakBytes
    }

    /// Decodes and plans a model file's bytes; external data is looked for beside `path`.
    package static func load(bytes: [UInt8], path: String) throws(KServeError) -> ONNXServable {
        let directory = ModelFileLocator.directory(of: path)
        do {
            return ONNXServable(model: try ONNXModel(bytes: bytes, directory: directory))
        } catch {
            throw KServeError(error.code, "\(path): \(error.message)", cause: error.cause)
        }
    }
}
