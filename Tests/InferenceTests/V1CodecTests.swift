import Core
import Inference
import Testing

@Suite struct V1CodecTests {
    @Test func instancesRequestRoundTrips() throws {
        let document = try json(#"{"instances": [[6.8, 2.8], [6.0, 3.4]], "signature_name": "serving"}"#)
        let request = try V1Codec.decodeRequest(document, source: "in.json")
        #expect(request.payload == .instances([[6.8, 2.8], [6.0, 3.4]]))
        #expect(request.extra == ["signature_name": "serving"])
        #expect(V1Codec.encodeRequest(request) == document)
        #expect(thrownError { try V1Codec.validateRequest(document, source: "in.json") } == nil)
    }

    @Test func columnarInputsAreKeptAsGiven() throws {
        let document = try json(#"{"inputs": {"a": [1, 2], "b": [[3]]}}"#)
        let request = try V1Codec.decodeRequest(document, source: "in.json")
        #expect(request.payload == .inputs(["a": [1, 2], "b": [[3]]]))
        #expect(V1Codec.encodeRequest(request) == document)
    }

    @Test func encodingPutsThePayloadFirst() {
        let request = V1Request(payload: .instances([1]), extra: ["parameters": ["k": 1]])
        #expect(JSONWriter.string(V1Codec.encodeRequest(request)) == #"{"instances":[1],"parameters":{"k":1}}"#)
        #expect(JSONWriter.string(V1Codec.encodeRequest(V1Request(instances: []))) == #"{"instances":[]}"#)
    }

    @Test func requestErrors() throws {
        let cases: [(String, String)] = [
            ("[1, 2]", #"in.json: V1 request is an array, expected an object with "instances" or "inputs""#),
            (#"{"instances": {"a": 1}}"#, #"in.json: "instances" is an object, expected an array"#),
            (
                #"{"instances": [1], "inputs": [1]}"#,
                #"in.json: V1 request has both "instances" and "inputs"; send one"#
            ),
            (#"{"data": [1]}"#, #"in.json: V1 request needs "instances" (a list of rows) or "inputs""#),
            (#"{"instances": null}"#, #"in.json: V1 request needs "instances" (a list of rows) or "inputs""#),
        ]
        for (text, message) in cases {
            let document = try json(text)
            let error = thrownError { try V1Codec.validateRequest(document, source: "in.json") }
            #expect(error?.message == message)
            #expect(error?.code == .invalidInput)
        }
    }

    @Test func responses() throws {
        let document = try json(#"{"predictions": [1, 0], "explanations": [{"a": 1}]}"#)
        let response = try V1Codec.decodeResponse(document, source: "answer")
        #expect(response.predictions == [1, 0])
        #expect(response.extra == ["explanations": [["a": 1]]])
        #expect(V1Codec.encodeResponse(response) == document)
        let columnar = try V1Codec.decodeResponse(try json(#"{"outputs": {"scores": [0.5]}}"#), source: "answer")
        #expect(columnar.payload == .outputs(["scores": [0.5]]))
        #expect(columnar.predictions == nil)
        #expect(JSONWriter.string(V1Codec.encodeResponse(V1Response(predictions: [2]))) == #"{"predictions":[2]}"#)
    }

    @Test func responseErrors() throws {
        let cases: [(String, String)] = [
            ("5", #"answer: V1 answer is an integer, expected an object with "predictions""#),
            (#"{"predictions": 5}"#, #"answer: "predictions" is an integer, expected an array"#),
            (#"{"error": "model not ready"}"#, "answer: the server answered with an error: model not ready"),
            (#"{"result": 1}"#, #"answer: V1 answer has neither "predictions" nor "outputs""#),
        ]
        for (text, message) in cases {
            let document = try json(text)
            let error = thrownError { try V1Codec.decodeResponse(document, source: "answer") }
            #expect(error?.message == message)
            #expect(error?.code == .badResponse)
        }
    }

    @Test func protocolDetection() throws {
        let cases: [(String, ProtocolVersion?)] = [
            (#"{"instances": [[1, 2]]}"#, .v1),
            (#"{"instances": []}"#, .v1),
            (#"{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}"#, .v2),
            (#"{"inputs": [{"name": "x"}, {"shape": [1]}]}"#, .v1),
            (#"{"inputs": [[1, 2]]}"#, .v1),
            (#"{"inputs": {"a": [1]}}"#, .v1),
            (#"{"inputs": []}"#, .v1),
            (#"{"data": 1}"#, nil),
            ("[1]", nil),
        ]
        for (text, expected) in cases {
            #expect(ProtocolVersion.detect(try json(text)) == expected, "\(text)")
        }
        #expect(ProtocolVersion(rawValue: "v2") == .v2)
    }
}
