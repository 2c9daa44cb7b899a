import Core
import Inference
import Testing

@Suite struct DataTypeTests {
    @Test func wireNamesRoundTrip() throws {
        #expect(DataType.allCases.count == 14)
        for type in DataType.allCases {
            #expect(try DataType(wireName: type.rawValue) == type)
            #expect(try DataType(wireName: type.rawValue.lowercased()) == type)
        }
    }

    @Test func unknownNameIsAnErrorListingTheKnownOnes() {
        let error = thrownError { try DataType(wireName: "FLOAT32") }
        #expect(error?.code == .invalidInput)
        #expect(
            error?.message
                == "unknown datatype 'FLOAT32' (expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, "
                + "INT32, INT64, FP16, FP32, FP64, BF16, BYTES)"
        )
    }

    @Test func elementSizes() {
        let expected: [DataType: Int?] = [
            .bool: 1, .uint8: 1, .uint16: 2, .uint32: 4, .uint64: 8, .int8: 1, .int16: 2, .int32: 4, .int64: 8,
            .fp16: 2, .fp32: 4, .fp64: 8, .bf16: 2, .bytes: nil,
        ]
        for type in DataType.allCases { #expect(type.elementSize == expected[type], "\(type)") }
    }

    @Test func tensorDataKnowsItsTypeAndCount() {
        for type in DataType.allCases {
            #expect(TensorData.empty(type).dataType == type)
            #expect(TensorData.empty(type).count == 0)
            #expect(Samples.data(type).dataType == type)
            #expect(Samples.data(type).count == 6)
        }
    }

    @Test func binaryByteCountMatchesTheBytes() {
        for type in DataType.allCases {
            let data = Samples.data(type)
            #expect(data.binaryByteCount == data.binaryBytes().count, "\(type)")
        }
    }

    @Test func validateChecksShapeTypeAndCount() {
        var tensor = Samples.tensor(.fp32, name: "x")
        #expect(thrownError { try tensor.validate() } == nil)
        tensor.shape = [2, 4]
        #expect(
            thrownError { try tensor.validate() }?.message
                == "tensor \"x\": data has 6 elements but shape [2,4] needs 8"
        )
        tensor.shape = [-2, -3]
        #expect(
            thrownError { try tensor.validate() }?.message == "tensor \"x\": shape [-2,-3] has a negative dimension"
        )
        tensor.shape = [6]
        tensor.datatype = .int32
        #expect(
            thrownError { try tensor.validate() }?.message
                == "tensor \"x\": datatype INT32 does not match its FP32 data"
        )
        tensor.datatype = .fp32
        tensor.shape = [Int64.max, 4]
        #expect(
            thrownError { try tensor.validate() }?.message
                == "tensor \"x\": shape [9223372036854775807,4] has too many elements"
        )
    }

    @Test func jsonValuesAreExactDoublesAndReplaceBadUTF8() {
        #expect(TensorData.fp32([0.1, 1.5]).jsonValues() == [.double(0.10000000149011612), .double(1.5)])
        #expect(TensorData.fp16([0x2E66]).jsonValues() == [.double(0.0999755859375)])
        #expect(TensorData.bf16([0x3DCD]).jsonValues() == [.double(0.10009765625)])
        #expect(TensorData.uint64([.max]).jsonValues() == [.uint(.max)])
        #expect(TensorData.fp32([.nan]).jsonValues().first?.doubleValue?.isNaN == true)
        let bytes = TensorData.bytes([[0x61], [0xFF, 0x62]])
        #expect(bytes.jsonValues() == [.string("a"), .string("\u{FFFD}b")])
        #expect(bytes.firstNonUTF8Index == 1)
        #expect(TensorData.bytes([[0x61]]).firstNonUTF8Index == nil)
    }
}
