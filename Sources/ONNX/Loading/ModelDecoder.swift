import Compute
import Core
import Foundation
import SwiftProtobuf

/// Decodes an ONNX model file (a serialized ModelProto) into a ``Graph``.
package enum ModelDecoder {
    /// The model's graph; `directory` is where external data files are looked for.
    package static func decode(_ bytes: [UInt8], directory: String?) throws(KServeError) -> Graph {
        let model: Onnx_ModelProto
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 64
            model = try Onnx_ModelProto(serializedBytes: bytes, options: options)
        } catch {
            throw KServeError(.invalidInput, "not an ONNX model: \(error)")
        }
        guard model.hasGraph else { throw KServeError(.invalidInput, "the ONNX model has no graph") }
        var opsets: [String: Int] = [:]
        for opset in model.opsetImport {
            let domain = OperatorRegistry.normalized(opset.domain)
            guard opset.version >= 1, let version = Int(exactly: opset.version) else {
                throw KServeError(
                    .invalidInput,
                    "opset import of domain \"\(opset.domain)\" has version \(opset.version)"
                )
            }
            opsets[domain] = version
        }
        if model.opsetImport.isEmpty && model.irVersion < 3 {
            // Before IR version 3 the default domain's opset was implied.
            opsets[""] = 1
        }
        return try decode(model.graph, opsets: opsets, tensors: TensorDecoder(directory: directory))
    }

    static func decode(
        _ graph: Onnx_GraphProto,
        opsets: [String: Int],
        tensors: TensorDecoder
    ) throws(KServeError) -> Graph {
        guard graph.sparseInitializer.isEmpty else {
            throw KServeError(.unsupported, "sparse initializers are not supported")
        }
        var initializers: [String: Tensor] = [:]
        for initializer in graph.initializer {
            guard !initializer.name.isEmpty else { throw KServeError(.invalidInput, "an initializer has no name") }
            initializers[initializer.name] = try tensors.decode(initializer, what: "initializer \(initializer.name)")
        }
        let attributeDecoder = AttributeDecoder(tensors: tensors)
        var nodes: [NodeDescription] = []
        nodes.reserveCapacity(graph.node.count)
        for (index, node) in graph.node.enumerated() {
            let name = node.name.isEmpty ? "#\(index)" : node.name
            let domain = OperatorRegistry.normalized(node.domain)
            let label = "node \"\(name)\" (\(node.opType))"
            guard let version = opsets[domain] else {
                throw KServeError(
                    .invalidInput,
                    "\(label): the model imports no opset of domain \(domain.isEmpty ? "ai.onnx" : domain)"
                )
            }
            var attributes: [String: Attribute] = [:]
            for attribute in node.attribute {
                attributes[attribute.name] = try attributeDecoder.decode(attribute, node: label)
            }
            nodes.append(
                NodeDescription(
                    name: name,
                    opType: node.opType,
                    domain: domain,
                    opsetVersion: version,
                    inputs: node.input,
                    outputs: node.output,
                    attributes: NodeAttributes(attributes)
                )
            )
        }
        // Graph inputs that an initializer also names are constants with a default (IR < 4 listed every
        // initializer as an input); a request does not feed them.
        let inputs = graph.input.map(TypeDecoder.decode).filter { initializers[$0.name] == nil }
        let outputs = graph.output.map(TypeDecoder.decode)
        return Graph(
            name: graph.name,
            nodes: nodes,
            initializers: initializers,
            inputs: inputs,
            outputs: outputs,
            opsets: opsets
        )
    }

    /// One serialized TensorProto (a node test's `input_0.pb`), decoded.
    package static func decodeTensor(
        _ bytes: [UInt8],
        what: String
    ) throws(KServeError) -> (name: String, tensor: Tensor) {
        let proto: Onnx_TensorProto
        do {
            proto = try Onnx_TensorProto(serializedBytes: bytes)
        } catch {
            throw KServeError(.invalidInput, "\(what): not a TensorProto: \(error)")
        }
        return (proto.name, try TensorDecoder(directory: nil).decode(proto, what: what))
    }
}
