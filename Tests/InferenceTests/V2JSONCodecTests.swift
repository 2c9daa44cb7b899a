import Core
import Inference
import Testing

@Suite struct V2JSONCodecTests {
    /// Encodes, writes JSON text, parses it back and decodes: what a peer on the wire would see.
    private func throughText(_ request: InferRequest) throws -> InferRequest {
        let text = JSONWriter.string(V2JSONCodec.encodeRequest(request))
        return try V2JSONCodec.decodeRequest(try json(text), source: "test")
    }

    private func throughText(_ response: InferResponse) throws -> InferResponse {
        let text = JSONWriter.string(V2JSONCodec.encodeResponse(response))
        return try V2JSONCodec.decodeResponse(try json(text), source: "test")
    }

    /// Decodes a request with one input whose fields are given as JSON text; returns the error message.
    private func inputError(datatype: String, shape: String, data: String) throws -> String? {
        let text = #"{"inputs": [{"name": "x", "datatype": "\#(datatype)", "shape": \#(shape), "data": \#(data)}]}"#
        let document = try json(text)
        return thrownError { try V2JSONCodec.decodeRequest(document, source: "req.json") }?.message
    }

    private func decodedInput(datatype: String, shape: String, data: String) throws -> InferTensor? {
        let text = #"{"inputs": [{"name": "x", "datatype": "\#(datatype)", "shape": \#(shape), "data": \#(data)}]}"#
        return try V2JSONCodec.decodeRequest(try json(text), source: "req.json").inputs.first
    }

    @Test(arguments: DataType.allCases)
    func requestRoundTripsForEveryDatatype(type: DataType) throws {
        let request = InferRequest(id: "a", inputs: [Samples.tensor(type)])
        #expect(try throughText(request) == request)
    }

    @Test(arguments: DataType.allCases)
    func responseRoundTripsForEveryDatatype(type: DataType) throws {
        let response = InferResponse(modelName: "m", outputs: [Samples.tensor(type)])
        #expect(try throughText(response) == response)
    }

    @Test func wholeRequestAndResponseRoundTrip() throws {
        #expect(try throughText(Samples.request()) == Samples.request())
        #expect(try throughText(Samples.response()) == Samples.response())
    }

    @Test func keysFollowKServePythonOrder() {
        let request = InferRequest(
            id: "42",
            parameters: ["p": true],
            inputs: [InferTensor(name: "x", shape: [2], parameters: ["q": 1], data: .int32([1, 2]))],
            outputs: [RequestedOutput(name: "y")]
        )
        #expect(
            JSONWriter.string(V2JSONCodec.encodeRequest(request))
                == #"{"id":"42","inputs":[{"name":"x","shape":[2],"datatype":"INT32","parameters":{"q":1},"#
                + #""data":[1,2]}],"outputs":[{"name":"y"}],"parameters":{"p":true}}"#
        )
        let response = InferResponse(
            modelName: "m",
            modelVersion: "1",
            id: "42",
            outputs: [InferTensor(name: "y", shape: [1, 2], data: .fp32([0.5, 0.25]))]
        )
        #expect(
            JSONWriter.string(V2JSONCodec.encodeResponse(response))
                == #"{"id":"42","model_name":"m","model_version":"1","outputs":[{"name":"y","shape":[1,2],"#
                + #""datatype":"FP32","data":[0.5,0.25]}]}"#
        )
    }

    @Test func nestedAndFlatDataReadTheSame() throws {
        let flat = try decodedInput(datatype: "INT64", shape: "[2,3]", data: "[1,2,3,4,5,6]")
        let nested = try decodedInput(datatype: "INT64", shape: "[2,3]", data: "[[1,2,3],[4,5,6]]")
        #expect(flat?.data == .int64([1, 2, 3, 4, 5, 6]))
        #expect(nested == flat)
        let deep = try decodedInput(datatype: "BYTES", shape: "[1,2,1]", data: #"[[["a"],["b"]]]"#)
        #expect(deep?.data == .bytes([[0x61], [0x62]]))
    }

    @Test func scalarsAndEmptyTensors() throws {
        #expect(try decodedInput(datatype: "FP64", shape: "[]", data: "[2.5]")?.data == .fp64([2.5]))
        #expect(try decodedInput(datatype: "FP32", shape: "[0,3]", data: "[]")?.data == .fp32([]))
        #expect(try decodedInput(datatype: "INT8", shape: "[2,0]", data: "[[],[]]")?.data == .int8([]))
    }

    @Test func lenientValuesThatStillMeanOneThing() throws {
        #expect(
            try decodedInput(datatype: "BOOL", shape: "[3]", data: "[true,0,1]")?.data == .bool([true, false, true])
        )
        #expect(try decodedInput(datatype: "INT32", shape: "[2]", data: "[2.0,-3e2]")?.data == .int32([2, -300]))
        #expect(try decodedInput(datatype: "fp32", shape: "[2]", data: "[1,2]")?.data == .fp32([1, 2]))
        #expect(
            try decodedInput(datatype: "UINT64", shape: "[1]", data: "[18446744073709551615]")?.data == .uint64([.max])
        )
        #expect(try decodedInput(datatype: "FP16", shape: "[2]", data: "[0.1,-2]")?.data == .fp16([0x2E66, 0xC000]))
        #expect(try decodedInput(datatype: "BF16", shape: "[1]", data: "[0.1]")?.data == .bf16([0x3DCD]))
    }

    @Test func nullIsNaNForFloatsAndNaNIsWrittenAsNull() throws {
        let input = try decodedInput(datatype: "FP32", shape: "[2]", data: "[null, 1]")
        guard case .fp32(let values) = input?.data else {
            Issue.record("expected FP32 data")
            return
        }
        #expect(values[0].isNaN && values[1] == 1)
        let response = InferResponse(
            modelName: "m",
            outputs: [InferTensor(name: "y", shape: [3], data: .fp64([.nan, .infinity, 1]))]
        )
        #expect(JSONWriter.string(V2JSONCodec.encodeResponse(response)).contains(#""data":[null,null,1.0]"#))
        let fp16 = try decodedInput(datatype: "FP16", shape: "[1]", data: "[null]")
        #expect(fp16?.data == .fp16([0x7E00]))
    }

    @Test func pythonStyleNullsAndExtraKeysAreAccepted() throws {
        let document = try json(
            #"{"id": null, "model_name": "m", "model_version": null, "parameters": null, "extra": 1,"#
                + #" "outputs": [{"name": "y", "shape": [1], "datatype": "INT32", "parameters": null, "data": [7]}]}"#
        )
        let response = try V2JSONCodec.decodeResponse(document, source: "answer")
        #expect(
            response == InferResponse(modelName: "m", outputs: [InferTensor(name: "y", shape: [1], data: .int32([7]))])
        )
        let request = try V2JSONCodec.decodeRequest(
            try json(
                #"{"model_name": "m", "inputs": [{"name": "x", "shape": [1], "datatype": "BOOL", "data": [true]}]}"#
            ),
            source: "req"
        )
        #expect(request.id == nil && request.outputs.isEmpty && request.inputs.count == 1)
    }

    @Test func shapeAndCountErrors() throws {
        #expect(
            try inputError(datatype: "FP32", shape: "[2,4]", data: "[1,2,3,4,5,6]")
                == #"req.json: input "x": data has 6 elements but shape [2,4] needs 8"#
        )
        #expect(
            try inputError(datatype: "FP32", shape: "[2,4]", data: "[[1,2,3,4],[5,6,7]]")
                == #"req.json: input "x": data[1] has 3 elements but dimension 1 of shape [2,4] is 4"#
        )
        #expect(
            try inputError(datatype: "FP32", shape: "[2,2]", data: "[[1,2],[3,4],[5,6]]")
                == #"req.json: input "x": data has 3 elements but dimension 0 of shape [2,2] is 2"#
        )
        #expect(
            try inputError(datatype: "FP32", shape: "[2,2]", data: "[[1,2],3]")
                == #"req.json: input "x": ragged data: data[1] is an integer but dimension 1 of shape [2,2] needs "#
                + "an array of 2"
        )
        #expect(
            try inputError(datatype: "FP32", shape: "[2,1]", data: "[[1],[[2]]]")
                == #"req.json: input "x": data[1][0] is an array but shape [2,1] has only 2 dimensions"#
        )
        #expect(
            try inputError(datatype: "FP32", shape: "[2]", data: "[1,[2]]")
                == #"req.json: input "x": data[1] is an array but shape [2] has only 1 dimension"#
        )
        #expect(
            try inputError(datatype: "FP32", shape: "[2,-1]", data: "[1,2]")
                == #"req.json: input "x": shape[1] is -1, expected a non-negative integer"#
        )
        #expect(
            try inputError(datatype: "FP32", shape: "[2,\"a\"]", data: "[1,2]")
                == #"req.json: input "x": shape[1] is a string, expected a non-negative integer"#
        )
        #expect(
            try inputError(datatype: "FP32", shape: "[2]", data: "{\"a\": 1}")
                == #"req.json: input "x": data is an object, expected an array"#
        )
        #expect(
            try inputError(datatype: "FLOAT32", shape: "[1]", data: "[1]")
                == #"req.json: input "x": unknown datatype 'FLOAT32' (expected one of BOOL, UINT8, UINT16, UINT32, "#
                + "UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BF16, BYTES)"
        )
    }

    @Test func valueErrorsNameTheElement() throws {
        let cases: [(String, String, String, String)] = [
            ("FP32", "[2,2]", #"[[1,2],[3,"x"]]"#, #"data[1][1] is the string "x", but FP32 needs a number"#),
            ("INT32", "[3]", "[1,1.5,2]", "data[1] is 1.5, but INT32 needs an integer"),
            ("UINT8", "[1,3]", "[[1,300,2]]", "data[0][1] is 300, out of range for UINT8 (0...255)"),
            ("UINT16", "[2]", "[1,-1]", "data[1] is -1, out of range for UINT16 (0...65535)"),
            ("INT8", "[1]", "[-129]", "data[0] is -129, out of range for INT8 (-128...127)"),
            (
                "INT64", "[1]", "[18446744073709551615]",
                "data[0] is 18446744073709551615, out of range for INT64 (-9223372036854775808...9223372036854775807)"
            ),
            ("UINT32", "[1]", "[1e20]", "data[0] is 1e+20, out of range for UINT32 (0...4294967295)"),
            ("INT32", "[2]", "[1,null]", "data[1] is null, but INT32 needs an integer"),
            ("INT16", "[1]", "[true]", "data[0] is true, but INT16 needs an integer"),
            (
                "FP32", "[1]", "[1e39]",
                "data[0] is 1e+39, out of range for FP32 (largest finite 3.4028234663852886e+38)"
            ),
            ("FP16", "[1]", "[70000]", "data[0] is 70000, out of range for FP16 (largest finite 65504.0)"),
            (
                "BF16", "[1]", "[-1e39]",
                "data[0] is -1e+39, out of range for BF16 (largest finite 3.3895313892515355e+38)"
            ),
            ("FP64", "[1]", "[[1]]", "data[0] is an array but shape [1] has only 1 dimension"),
            ("FP64", "[]", "[[1]]", "data[0] is an array but shape [] is a scalar"),
            ("FP64", "[]", "[1,2]", "data has 2 elements but shape [] needs 1"),
            ("BOOL", "[2]", "[true,2]", "data[1] is 2, but BOOL needs true or false (or 0 or 1)"),
            ("BOOL", "[1]", #"["true"]"#, #"data[0] is the string "true", but BOOL needs true or false (or 0 or 1)"#),
            ("BYTES", "[2]", #"["a",5]"#, "data[1] is 5, but BYTES needs a string"),
            ("BYTES", "[1]", #"[{"b64": "AA=="}]"#, "data[0] is an object, but BYTES needs a string"),
        ]
        for (datatype, shape, data, problem) in cases {
            #expect(try inputError(datatype: datatype, shape: shape, data: data) == #"req.json: input "x": "# + problem)
        }
    }

    @Test func structureErrors() throws {
        let cases: [(String, String)] = [
            ("[1]", "req.json: request is an array, expected an object"),
            ("{}", #"req.json: request: missing "inputs""#),
            (#"{"inputs": {}}"#, #"req.json: request: "inputs" is an object, expected an array"#),
            (#"{"id": 7, "inputs": []}"#, #"req.json: request: "id" is an integer, expected a string"#),
            (#"{"inputs": [], "parameters": []}"#, #"req.json: request: "parameters" is an array, expected an object"#),
            (#"{"inputs": [5]}"#, "req.json: inputs[0] is an integer, expected an object"),
            (#"{"inputs": [{"shape": [1]}]}"#, #"req.json: inputs[0]: missing "name""#),
            (#"{"inputs": [{"name": "x", "shape": [1], "data": [1]}]}"#, #"req.json: input "x": missing "datatype""#),
            (
                #"{"inputs": [{"name": "x", "datatype": "INT8", "data": [1]}]}"#,
                #"req.json: input "x": missing "shape""#
            ),
            (
                #"{"inputs": [{"name": "x", "datatype": "INT8", "shape": [1]}]}"#,
                #"req.json: input "x": missing "data""#
            ),
            (
                #"{"inputs": [{"name": "x", "datatype": "INT8", "shape": [1],"#
                    + #" "parameters": {"binary_data_size": 1}}]}"#,
                #"req.json: input "x": has binary_data_size but the body is plain JSON with no binary data after it"#
            ),
            (
                #"{"inputs": [{"name": "x", "datatype": "INT8", "shape": [1], "data": [1]},"#
                    + #" {"name": "x", "datatype": "INT8", "shape": [1], "data": [2]}]}"#,
                #"req.json: input "x" appears more than once"#
            ),
            (#"{"inputs": [], "outputs": [{"parameters": {}}]}"#, #"req.json: outputs[0]: missing "name""#),
        ]
        for (text, message) in cases {
            let document = try json(text)
            let error = thrownError { try V2JSONCodec.decodeRequest(document, source: "req.json") }
            #expect(error?.message == message)
            #expect(error?.code == .invalidInput)
        }
    }

    @Test func responseErrorsAreBadResponses() throws {
        let cases: [(String, String)] = [
            (#"{"outputs": []}"#, #"answer: response: missing "model_name""#),
            (
                #"{"model_name": "m", "outputs": [{"name": "y", "datatype": "INT8", "shape": [2], "data": [1]}]}"#,
                #"answer: output "y": data has 1 element but shape [2] needs 2"#
            ),
        ]
        for (text, message) in cases {
            let document = try json(text)
            let error = thrownError { try V2JSONCodec.decodeResponse(document, source: "answer") }
            #expect(error?.message == message)
            #expect(error?.code == .badResponse)
        }
    }

    @Test func binaryOutputSelectionFollowsTheProtocol() {
        var request = InferRequest(inputs: [], outputs: [])
        #expect(request.binaryOutputs(among: ["a", "b"]).isEmpty)
        request.parameters["binary_data_output"] = true
        #expect(request.binaryOutputs(among: ["a", "b"]) == ["a", "b"])
        request.outputs = [RequestedOutput(name: "a", parameters: ["binary_data": false]), RequestedOutput(name: "b")]
        #expect(request.binaryOutputs(among: ["a", "b"]) == ["b"])
        request.parameters = [:]
        request.outputs = [RequestedOutput(name: "a", parameters: ["binary_data": true])]
        #expect(request.binaryOutputs(among: ["a", "b"]) == ["a"])
    }
}
