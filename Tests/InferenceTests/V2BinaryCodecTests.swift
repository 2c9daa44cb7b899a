import Core
import Inference
import Testing

@Suite struct V2BinaryCodecTests {
    private func header(_ body: BinaryBody) -> String? {
        body.jsonHeaderLength.map { String(decoding: body.bytes[0..<$0], as: UTF8.self) }
    }

    private func requestError(_ header: String, _ binary: [UInt8], headerLength: Int? = nil) -> KServeError? {
        let bytes = Array(header.utf8) + binary
        let body = BinaryBody(bytes: bytes, jsonHeaderLength: headerLength ?? header.utf8.count)
        return thrownError { try V2BinaryCodec.decodeRequest(body, source: "body") }
    }

    private func input(_ datatype: String, _ shape: String, size: String) -> String {
        #"{"inputs":[{"name":"x","shape":\#(shape),"datatype":"\#(datatype)","#
            + #""parameters":{"binary_data_size":\#(size)}}]}"#
    }

    @Test(arguments: DataType.allCases)
    func requestRoundTripsForEveryDatatype(type: DataType) throws {
        let request = InferRequest(id: "a", inputs: [Samples.tensor(type)])
        let body = try V2BinaryCodec.encodeRequest(request, binaryInputs: true, binaryOutputs: false)
        #expect(body.jsonHeaderLength != nil)
        #expect(try V2BinaryCodec.decodeRequest(body, source: "body") == request)
    }

    @Test(arguments: DataType.allCases)
    func responseRoundTripsForEveryDatatype(type: DataType) throws {
        let response = InferResponse(modelName: "m", outputs: [Samples.tensor(type)])
        let body = V2BinaryCodec.encodeResponse(response, binaryOutputs: [type.rawValue.lowercased()])
        #expect(body.jsonHeaderLength != nil)
        #expect(try V2BinaryCodec.decodeResponse(body, source: "body") == response)
    }

    @Test func wholeRequestRoundTripsAndAsksForBinaryOutputs() throws {
        let request = Samples.request()
        let body = try V2BinaryCodec.encodeRequest(request, binaryInputs: true, binaryOutputs: true)
        var expected = request
        expected.parameters["binary_data_output"] = true
        expected.outputs[0].parameters["binary_data"] = true
        #expect(try V2BinaryCodec.decodeRequest(body, source: "body") == expected)
        #expect(header(body)?.contains(#""binary_data_output":true"#) == true)
    }

    @Test func exactLayout() throws {
        let request = InferRequest(
            inputs: [
                InferTensor(name: "a", shape: [2], data: .int32([1, -2])),
                InferTensor(name: "s", shape: [1], data: .bytes([[0x61, 0x62]])),
                InferTensor(name: "f", shape: [1], data: .bool([true])),
            ]
        )
        let body = try V2BinaryCodec.encodeRequest(request, binaryInputs: true, binaryOutputs: false)
        #expect(
            header(body)
                == #"{"inputs":[{"name":"a","shape":[2],"datatype":"INT32","parameters":{"binary_data_size":8}},"#
                + #"{"name":"s","shape":[1],"datatype":"BYTES","parameters":{"binary_data_size":6}},"#
                + #"{"name":"f","shape":[1],"datatype":"BOOL","parameters":{"binary_data_size":1}}]}"#
        )
        let tail = Array(body.bytes[(body.jsonHeaderLength ?? 0)...])
        #expect(tail == [1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 0x61, 0x62, 1])
        let floats = InferTensor(name: "h", shape: [2], data: .fp32([1, -2]))
        #expect(floats.data.binaryBytes() == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0])
        #expect(TensorData.fp16([0x3C00]).binaryBytes() == [0x00, 0x3C])
    }

    @Test func jsonOnlyEncodingIsPlainJSON() throws {
        let request = Samples.request()
        let body = try V2BinaryCodec.encodeRequest(request, binaryInputs: false, binaryOutputs: false)
        #expect(body.jsonHeaderLength == nil)
        #expect(try V2BinaryCodec.decodeRequest(body, source: "body") == request)
        #expect(try V2JSONCodec.decodeRequest(try JSONParser.parse(body.bytes), source: "body") == request)
    }

    @Test func mixedBinaryAndJSONOutputs() throws {
        let response = Samples.response()
        let binary: Set<String> = ["fp16", "bytes", "bool", "int64"]
        let body = V2BinaryCodec.encodeResponse(response, binaryOutputs: binary)
        #expect(try V2BinaryCodec.decodeResponse(body, source: "body") == response)
        let document = try JSONParser.parse(Array(body.bytes[0..<(body.jsonHeaderLength ?? 0)]))
        for output in document["outputs"]?.arrayValue ?? [] {
            let name = output["name"]?.stringValue ?? ""
            #expect((output["data"] == nil) == binary.contains(name), "\(name)")
            #expect((output["parameters"]?["binary_data_size"] != nil) == binary.contains(name), "\(name)")
        }
        let none = V2BinaryCodec.encodeResponse(response, binaryOutputs: [])
        #expect(none.jsonHeaderLength == nil)
        #expect(try V2BinaryCodec.decodeResponse(none, source: "body") == response)
    }

    @Test func encodingChecksInputs() {
        let wrong = InferRequest(inputs: [InferTensor(name: "x", datatype: .fp32, shape: [3], data: .fp32([1]))])
        #expect(
            thrownError { try V2BinaryCodec.encodeRequest(wrong, binaryInputs: true, binaryOutputs: false) }?.message
                == #"input "x": data has 1 element but shape [3] needs 3"#
        )
        let latin1 = InferRequest(inputs: [InferTensor(name: "s", shape: [2], data: .bytes([[0x61], [0xE9]]))])
        #expect(
            thrownError { try V2BinaryCodec.encodeRequest(latin1, binaryInputs: false, binaryOutputs: false) }?.message
                == #"input "s": BYTES element 1 is not valid UTF-8, so it can only be sent as binary data"#
        )
        #expect(
            thrownError { try V2BinaryCodec.encodeRequest(latin1, binaryInputs: true, binaryOutputs: false) } == nil
        )
    }

    @Test func sizeAndLengthErrors() {
        let cases: [(KServeError?, String)] = [
            (
                requestError(input("FP32", "[2,3]", size: "20"), Array(repeating: 0, count: 20)),
                #"body: input "x": binary_data_size is 20 but shape [2,3] of FP32 needs 24 bytes"#
            ),
            (
                requestError(input("FP32", "[2]", size: "8"), [0, 0, 0, 0]),
                #"body: input "x": binary_data_size is 8 but only 4 bytes of binary data remain in the body"#
            ),
            (
                requestError(input("INT8", "[2]", size: "2"), [1, 2, 3]),
                "body: 1 byte after the binary data that the JSON header describes"
            ),
            (
                requestError(input("INT8", "[2]", size: "-2"), [1, 2]),
                #"body: input "x": binary_data_size is -2, expected a non-negative integer"#
            ),
            (
                requestError(input("INT8", "[2]", size: "\"2\""), [1, 2]),
                #"body: input "x": binary_data_size is a string, expected a non-negative integer"#
            ),
            (
                requestError(input("BOOL", "[2]", size: "2"), [1, 2]),
                #"body: input "x": BOOL element 1 is byte 2 in the binary data, expected 0 or 1"#
            ),
            (
                requestError(input("INT8", "[2]", size: "2"), [1, 2], headerLength: 500),
                "body: JSON header length 500 does not fit the 93-byte body"
            ),
            (
                requestError(input("INT8", "[2]", size: "2"), [1, 2], headerLength: -1),
                "body: JSON header length -1 does not fit the 93-byte body"
            ),
            (
                requestError(input("INT8", "[2]", size: "2"), [1, 2], headerLength: 10),
                "body (JSON header):1:11: unexpected end of input, expected a value"
            ),
            (
                requestError(
                    #"{"inputs":[{"name":"x","shape":[1],"datatype":"INT8","data":[1],"#
                        + #""parameters":{"binary_data_size":1}}]}"#,
                    [1]
                ),
                #"body: input "x": has both "data" and binary_data_size"#
            ),
        ]
        for (error, message) in cases {
            #expect(error?.message == message)
            #expect(error?.code == .invalidInput)
        }
    }

    @Test func bytesElementErrors() {
        let cases: [([UInt8], String, String)] = [
            ([1, 0, 0, 0, 0x61, 2, 0], "7", "BYTES element 1 is cut off in its 4-byte length (2 bytes left)"),
            ([1, 0, 0, 0, 0x61, 9, 0, 0, 0, 0x62], "10", "BYTES element 1 claims 9 bytes but only 1 remain"),
            ([1, 0, 0, 0, 0x61], "5", "binary data holds 1 BYTES element but 2 are needed"),
            (
                [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "12",
                "4 bytes of binary data left after the last of 2 BYTES elements"
            ),
            ([0xFF, 0xFF, 0xFF, 0xFF], "4", "BYTES element 0 claims 4294967295 bytes but only 0 remain"),
        ]
        for (binary, size, problem) in cases {
            let error = requestError(input("BYTES", "[2]", size: size), binary)
            #expect(error?.message == #"body: input "x": "# + problem)
        }
    }

    @Test func responseErrorsAreBadResponses() {
        let header =
            #"{"model_name":"m","outputs":[{"name":"y","shape":[2],"datatype":"INT16","#
            + #""parameters":{"binary_data_size":4}}]}"#
        let body = BinaryBody(bytes: Array(header.utf8) + [1, 0], jsonHeaderLength: header.utf8.count)
        let error = thrownError { try V2BinaryCodec.decodeResponse(body, source: "answer") }
        #expect(error?.code == .badResponse)
        #expect(
            error?.message
                == #"answer: output "y": binary_data_size is 4 but only 2 bytes of binary data remain in the body"#
        )
        let bad = BinaryBody(bytes: Array("{".utf8), jsonHeaderLength: 1)
        #expect(thrownError { try V2BinaryCodec.decodeResponse(bad, source: "answer") }?.code == .badResponse)
    }

    /// Every prefix of a valid body, with the header length it claimed or cut to the prefix, must fail cleanly.
    @Test func truncatedBodiesFailWithoutCrashing() throws {
        let request = Samples.request()
        let body = try V2BinaryCodec.encodeRequest(request, binaryInputs: true, binaryOutputs: true)
        let response = V2BinaryCodec.encodeResponse(Samples.response(), binaryOutputs: ["fp32", "bytes", "bf16"])
        for (valid, isRequest) in [(body, true), (response, false)] {
            for cut in 0..<valid.bytes.count {
                let prefix = Array(valid.bytes[0..<cut])
                for length in [valid.jsonHeaderLength, min(cut, valid.jsonHeaderLength ?? 0)] {
                    let truncated = BinaryBody(bytes: prefix, jsonHeaderLength: length)
                    let error = thrownError {
                        if isRequest {
                            _ = try V2BinaryCodec.decodeRequest(truncated, source: "cut")
                        } else {
                            _ = try V2BinaryCodec.decodeResponse(truncated, source: "cut")
                        }
                    }
                    #expect(error != nil, "prefix \(cut) of \(valid.bytes.count), header \(String(describing: length))")
                    #expect(error?.code == (isRequest ? .invalidInput : .badResponse))
                }
            }
        }
    }

    /// Corrupting any single byte either still decodes or fails with an error; it never traps.
    @Test func corruptedBytesNeverCrash() throws {
        let body = try V2BinaryCodec.encodeRequest(Samples.request(), binaryInputs: true, binaryOutputs: false)
        var random = SplitMix64(seed: 7)
        var failures = 0
        for position in 0..<body.bytes.count {
            var bytes = body.bytes
            bytes[position] = UInt8(truncatingIfNeeded: random.next())
            if thrownError({
                try V2BinaryCodec.decodeRequest(
                    BinaryBody(bytes: bytes, jsonHeaderLength: body.jsonHeaderLength),
                    source: "x"
                )
            }) != nil {
                failures += 1
            }
        }
        #expect(failures > 0)
    }
}
