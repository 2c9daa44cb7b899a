import Core
import Foundation
import Inference
import Runtime
import Testing
import Trees

/// The V1 and V2 adapters over real fixture models, compared with the predictions XGBoost and LightGBM made for
/// the same rows (the fixtures' `.expected.json`).
@Suite struct LoadedModelTests {
    private static func request(_ expected: Expected, data: TensorData? = nil, shape: [Int64]? = nil) -> InferRequest {
        let tensor = InferTensor(
            name: "input-0",
            shape: shape ?? [Int64(expected.rowCount), Int64(expected.featureCount)],
            data: data ?? .fp64(expected.rows)
        )
        return InferRequest(id: "r1", inputs: [tensor])
    }

    private static func invalidInput(_ work: () throws -> Void) -> String? {
        do {
            try work()
            return nil
        } catch let error as KServeError {
            return error.code == .invalidInput ? error.message : "code \(error.code)"
        } catch {
            return "\(error)"
        }
    }

    // MARK: - V2

    @Test(
        arguments: ["binary_logistic", "multi_softprob", "reg_squarederror"]
    )
    func xgboostV2MatchesTheLibraryBitForBit(name: String) throws {
        let model = try Fixtures.loadedModel(.xgboost, name)
        let expected = try Fixtures.expected(.xgboost, name)
        let response = try model.infer(Self.request(expected))
        #expect(response.modelName == name)
        #expect(response.id == "r1")
        let output = try #require(response.outputs.first)
        #expect(response.outputs.count == 1)
        #expect(output.name == "output-0")
        #expect(output.datatype == .fp32)
        let rows = Int64(expected.rowCount)
        #expect(output.shape == (expected.outputsPerRow == 1 ? [rows] : [rows, Int64(expected.outputsPerRow)]))
        guard case .fp32(let values) = output.data else {
            Issue.record("output is \(output.data.dataType), expected FP32")
            return
        }
        #expect(values.map(\.bitPattern) == expected.float32Bits)
    }

    @Test
    func xgboostTakesFP32InputsAsTheLibraryDoes() throws {
        // XGBoost converts every input to float32 before predicting, so FP32 inputs give the same bits.
        let model = try Fixtures.loadedModel(.xgboost, "binary_logistic")
        let expected = try Fixtures.expected(.xgboost, "binary_logistic")
        let response = try model.infer(Self.request(expected, data: .fp32(expected.rows.map { Float($0) })))
        guard case .fp32(let values) = response.outputs.first?.data else {
            Issue.record("no FP32 output")
            return
        }
        #expect(values.map(\.bitPattern) == expected.float32Bits)
    }

    @Test(
        arguments: ["binary", "multiclass", "regression"]
    )
    func lightgbmV2MatchesTheLibrary(name: String) throws {
        let model = try Fixtures.loadedModel(.lightgbm, name)
        let expected = try Fixtures.expected(.lightgbm, name)
        let response = try model.infer(Self.request(expected))
        let output = try #require(response.outputs.first)
        #expect(output.datatype == .fp64)
        let rows = Int64(expected.rowCount)
        #expect(output.shape == (expected.outputsPerRow == 1 ? [rows] : [rows, Int64(expected.outputsPerRow)]))
        guard case .fp64(let values) = output.data else {
            Issue.record("output is \(output.data.dataType), expected FP64")
            return
        }
        #expect(values.count == expected.values.count)
        for (actual, wanted) in zip(values, expected.values) {
            #expect(abs(actual - wanted) <= 1e-12 * max(1, abs(wanted)), "\(actual) vs \(wanted)")
        }
    }

    @Test
    func integerAndOneDimensionalInputsReadAsRows() throws {
        let model = try Fixtures.loadedModel(.lightgbm, "multiclass")
        let expected = try Fixtures.expected(.lightgbm, "multiclass")
        let features = expected.featureCount
        let rounded = expected.rows.map { $0.isFinite ? min(max($0.rounded(), -1e6), 1e6) : 0 }
        let asDoubles = try model.infer(Self.request(expected, data: .fp64(rounded)))
        let asInts = try model.infer(Self.request(expected, data: .int64(rounded.map { Int64($0) })))
        let asBytes = try model.infer(Self.request(expected, data: .uint8(rounded.map { UInt8(clamping: Int($0)) })))
        #expect(asInts.outputs == asDoubles.outputs)
        if rounded.allSatisfy({ $0 >= 0 && $0 <= 255 }) { #expect(asBytes.outputs == asDoubles.outputs) }

        let firstRow = Array(expected.rows.prefix(features))
        let single = try model.infer(Self.request(expected, data: .fp64(firstRow), shape: [Int64(features)]))
        let output = try #require(single.outputs.first)
        #expect(output.shape == [1, Int64(expected.outputsPerRow)])
        guard case .fp64(let values) = output.data else {
            Issue.record("no FP64 output")
            return
        }
        for (actual, wanted) in zip(values, expected.values.prefix(expected.outputsPerRow)) {
            #expect(abs(actual - wanted) <= 1e-12 * max(1, abs(wanted)))
        }
    }

    @Test
    func metadataComesFromTheModelFile() throws {
        let xgboost = try Fixtures.loadedModel(.xgboost, "multi_softprob", as: "iris")
        let expected = try Fixtures.expected(.xgboost, "multi_softprob")
        #expect(xgboost.metadata.name == "iris")
        #expect(xgboost.metadata.platform == "xgboost")
        #expect(
            xgboost.metadata.inputs == [
                TensorMetadata(name: "input-0", datatype: "FP32", shape: [-1, Int64(expected.featureCount)])
            ]
        )
        #expect(
            xgboost.metadata.outputs == [
                TensorMetadata(name: "output-0", datatype: "FP32", shape: [-1, Int64(expected.outputsPerRow)])
            ]
        )
        let lightgbm = try Fixtures.loadedModel(.lightgbm, "binary")
        #expect(lightgbm.metadata.inputs.first?.datatype == "FP64")
        #expect(lightgbm.metadata.outputs == [TensorMetadata(name: "output-0", datatype: "FP64", shape: [-1])])
        #expect(xgboost.residentBytes > 0)
    }

    @Test
    func classificationReturnsTheTopClassesPerRow() throws {
        let model = try Fixtures.loadedModel(.xgboost, "multi_softprob")
        let expected = try Fixtures.expected(.xgboost, "multi_softprob")
        var request = Self.request(expected)
        request.outputs = [RequestedOutput(name: "output-0", parameters: ["classification": 2])]
        let output = try #require(try model.infer(request).outputs.first)
        #expect(output.datatype == .bytes)
        #expect(output.shape == [Int64(expected.rowCount), 2])
        guard case .bytes(let strings) = output.data else {
            Issue.record("classification output is not BYTES")
            return
        }
        let perRow = expected.outputsPerRow
        for row in 0..<expected.rowCount {
            let values = Array(expected.values[(row * perRow)..<((row + 1) * perRow)])
            let order = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
            let wanted = order.prefix(2).map { String(format: "%f:%d", values[$0], $0) }
            #expect(strings[(row * 2)..<(row * 2 + 2)].map { String(decoding: $0, as: UTF8.self) } == wanted)
        }

        // More classes than the model has: every class, once.
        request.outputs = [RequestedOutput(name: "output-0", parameters: ["classification": 10])]
        #expect(try model.infer(request).outputs.first?.shape == [Int64(expected.rowCount), Int64(perRow)])
        request.outputs = [RequestedOutput(name: "output-0", parameters: ["classification": 0])]
        #expect(Self.invalidInput { _ = try model.infer(request) }?.contains("classification") == true)
        request.outputs = [RequestedOutput(name: "output-0", parameters: ["classification": "two"])]
        #expect(Self.invalidInput { _ = try model.infer(request) }?.contains("classification") == true)
    }

    @Test
    func refusesBadRequestsWithClearMessages() throws {
        let model = try Fixtures.loadedModel(.xgboost, "binary_logistic", as: "cancer")
        let expected = try Fixtures.expected(.xgboost, "binary_logistic")
        let features = Int64(expected.featureCount)
        let rows = expected.rows

        var request = Self.request(expected)
        request.outputs = [RequestedOutput(name: "probabilities")]
        #expect(Self.invalidInput { _ = try model.infer(request) }?.contains("no output \"probabilities\"") == true)
        request.outputs = [RequestedOutput(name: "output-0")]
        #expect(try model.infer(request).outputs.first?.name == "output-0")

        let wrongWidth = Self.request(
            expected,
            data: .fp64(Array(rows.prefix(Int(features + 1)))),
            shape: [1, features + 1]
        )
        #expect(Self.invalidInput { _ = try model.infer(wrongWidth) }?.contains("expected [rows, \(features)]") == true)
        let threeD = Self.request(expected, data: .fp64(Array(rows.prefix(Int(features)))), shape: [1, 1, features])
        #expect(Self.invalidInput { _ = try model.infer(threeD) }?.contains("[1,1,\(features)]") == true)
        let short = Self.request(expected, data: .fp64(Array(rows.prefix(3))), shape: [2, features])
        #expect(Self.invalidInput { _ = try model.infer(short) } != nil)
        let text = Self.request(expected, data: .bytes([Array("1".utf8)]), shape: [1])
        #expect(Self.invalidInput { _ = try model.infer(text) }?.contains("BYTES") == true)

        let tensor = InferTensor(name: "input-0", shape: [1, features], data: .fp64(Array(rows.prefix(Int(features)))))
        let two = InferRequest(inputs: [tensor, tensor])
        #expect(Self.invalidInput { _ = try model.infer(two) }?.contains("exactly one input") == true)
        #expect(Self.invalidInput { _ = try model.infer(InferRequest(inputs: [])) } != nil)
    }

    // MARK: - V1

    @Test(
        arguments: ["binary_logistic", "multi_softprob"]
    )
    func xgboostV1AnswersLikeXgbserver(name: String) throws {
        let model = try Fixtures.loadedModel(.xgboost, name)
        let expected = try Fixtures.expected(.xgboost, name)
        let instances = (0..<expected.rowCount).map(expected.instance)
        let predictions = try model.predictV1(instances: instances)
        #expect(predictions.count == expected.rowCount)
        // xgbserver answers booster.predict(...).tolist(): float32 values widened to Python floats.
        let perRow = expected.outputsPerRow
        for (row, prediction) in predictions.enumerated() {
            let wanted = expected.values[(row * perRow)..<((row + 1) * perRow)].map(Value.double)
            #expect(perRow == 1 ? prediction == wanted[0] : prediction == .array(Array(wanted)))
        }
    }

    @Test
    func lightgbmV1AnswersLikeLgbserver() throws {
        let model = try Fixtures.loadedModel(.lightgbm, "multiclass")
        let expected = try Fixtures.expected(.lightgbm, "multiclass")
        let instances = (0..<expected.rowCount).map(expected.instance)
        let predictions = try model.predictV1(instances: instances)
        let perRow = expected.outputsPerRow
        #expect(predictions.count == expected.rowCount)
        for (row, prediction) in predictions.enumerated() {
            let values = try #require(prediction.arrayValue).compactMap(\.doubleValue)
            #expect(values.count == perRow)
            for (actual, wanted) in zip(values, expected.values[(row * perRow)..<((row + 1) * perRow)]) {
                #expect(abs(actual - wanted) <= 1e-12 * max(1, abs(wanted)))
            }
        }
    }

    @Test
    func v1RefusesMalformedInstances() throws {
        let model = try Fixtures.loadedModel(.xgboost, "binary_logistic", as: "cancer")
        let features = try #require(model.tree).featureCount
        let row = Value.array((0..<features).map { .double(Double($0)) })
        #expect(try model.predictV1(instances: []) == [])
        #expect(try model.predictV1(instances: [row, row]).count == 2)
        let short = Value.array([1, 2])
        #expect(
            Self.invalidInput { _ = try model.predictV1(instances: [row, short]) }?.contains("instances[1]") == true
        )
        var words = (0..<features).map { _ in Value.double(1) }
        words[2] = "x"
        #expect(
            Self.invalidInput { _ = try model.predictV1(instances: [.array(words)]) }?.contains("instances[0][2]")
                == true
        )
        #expect(Self.invalidInput { _ = try model.predictV1(instances: [1, 2]) }?.contains("list of numbers") == true)
    }
}
