import Core
import Inference
import Testing

@Suite struct MetadataTests {
    @Test func modelMetadataReadsTritonStyleDocuments() throws {
        let document = try json(
            #"{"name": "iris", "versions": ["1", "2"], "platform": "onnx_onnxv1","#
                + #" "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1, 4]}],"#
                + #" "outputs": [{"name": "y", "datatype": "INT64", "shape": [-1]}]}"#
        )
        let metadata = try ModelMetadata.from(json: document, source: "meta")
        #expect(
            metadata
                == ModelMetadata(
                    name: "iris",
                    versions: ["1", "2"],
                    platform: "onnx_onnxv1",
                    inputs: [TensorMetadata(name: "x", datatype: "FP32", shape: [-1, 4])],
                    outputs: [TensorMetadata(name: "y", datatype: "INT64", shape: [-1])]
                )
        )
        #expect(metadata.toJSON() == document)
    }

    @Test func modelMetadataToleratesMissingOptionalFields() throws {
        let metadata = try ModelMetadata.from(json: try json(#"{"name": "m", "versions": null}"#), source: "meta")
        #expect(metadata == ModelMetadata(name: "m", versions: [], platform: "", inputs: [], outputs: []))
    }

    @Test func modelMetadataErrors() throws {
        let cases: [(String, String)] = [
            ("[]", "meta: model metadata is an array, expected an object"),
            (#"{"platform": "x"}"#, #"meta: model metadata: missing "name""#),
            (#"{"name": "m", "versions": [1]}"#, "meta: model metadata: versions[0] is an integer, expected a string"),
            (
                #"{"name": "m", "inputs": [{"name": "x", "datatype": "FP32"}]}"#,
                #"meta: inputs[0] "x": missing "shape""#
            ),
            (
                #"{"name": "m", "outputs": [{"name": "y", "datatype": "FP32", "shape": [-2]}]}"#,
                #"meta: outputs[0] "y": shape[0] is -2, expected an integer of at least -1"#
            ),
        ]
        for (text, message) in cases {
            let document = try json(text)
            let error = thrownError { try ModelMetadata.from(json: document, source: "meta") }
            #expect(error?.message == message)
            #expect(error?.code == .badResponse)
        }
    }

    @Test func serverMetadata() throws {
        let document = try json(#"{"name": "kserve", "version": "0.15", "extensions": ["binary_tensor_data"]}"#)
        let metadata = try ServerMetadata.from(json: document, source: "v2")
        #expect(metadata == ServerMetadata(name: "kserve", version: "0.15", extensions: ["binary_tensor_data"]))
        #expect(metadata.toJSON() == document)
        let error = thrownError { try ServerMetadata.from(json: try json(#"{"name": "x"}"#), source: "v2") }
        #expect(error?.message == #"v2: server metadata: missing "version""#)
    }

    @Test func repositoryIndex() throws {
        let document = try json(
            #"[{"name": "a", "version": "1", "state": "READY", "reason": ""}, {"name": "b"},"#
                + #" {"name": "c", "state": "UNAVAILABLE", "reason": "unloaded"}]"#
        )
        let entries = try RepositoryIndexEntry.list(json: document, source: "index")
        #expect(
            entries == [
                RepositoryIndexEntry(name: "a", version: "1", state: "READY", reason: ""),
                RepositoryIndexEntry(name: "b", state: ""),
                RepositoryIndexEntry(name: "c", state: "UNAVAILABLE", reason: "unloaded"),
            ]
        )
        #expect(entries[0].toJSON() == document[0])
        let error = thrownError { try RepositoryIndexEntry.list(json: try json(#"[{"state": 1}]"#), source: "index") }
        #expect(error?.message == #"index[0]: repository index entry: missing "name""#)
        #expect(error?.code == .badResponse)
        let notArray = thrownError { try RepositoryIndexEntry.list(json: try json("{}"), source: "index") }
        #expect(notArray?.message == "index: repository index is an object, expected an array")
    }
}
