import Compute
import Core
import Foundation
import Testing

@testable import ONNX

/// Small ai.onnx.ml cases with onnxruntime 1.31.1's outputs (Fixtures/ml_onnxruntime_cases.json; its outputs are
/// recomputed by Fixtures/refresh_ml_cases.py): the binary tree-classifier layouts and base values, aggregates and
/// transforms of the regressors, TreeEnsemble's post_transform numbering and set membership, and the binary widening
/// of LinearClassifier and SVMClassifier.
@Suite("ai.onnx.ml agreement with onnxruntime")
struct MLOnnxruntimeAgreementTests {
    @Test("every case matches onnxruntime's outputs")
    func agreement() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ml_onnxruntime_cases.json").path
        let cases = try JSONParser.parse(try InputFile.read(file), source: file, allowNonFinite: true)
        let list = try #require(cases.arrayValue)
        #expect(list.count == 92)
        for item in list {
            let name = item["name"]?.stringValue ?? "?"
            do {
                try Self.check(item)
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    private static func check(_ item: Value) throws {
        let name = item["name"]?.stringValue ?? "?"
        var attributes: [String: Attribute] = [:]
        for (key, value) in item["attributes"]?.objectValue ?? ValueObject() {
            attributes[key] = try attribute(value)
        }
        let inputs = try (item["inputs"]?.arrayValue ?? []).map(tensor)
        let expected = try (item["outputs"]?.arrayValue ?? []).map(tensor)
        let outputs = try MLHarness.run(
            item["op"]?.stringValue ?? "",
            opset: Int(item["opset"]?.int64Value ?? 1),
            attributes: attributes,
            inputs: inputs,
            outputs: expected.count
        )
        #expect(outputs.count == expected.count, "\(name)")
        for (index, (actual, wanted)) in zip(outputs, expected).enumerated() {
            #expect(actual.shape == wanted.shape, "\(name) output \(index)")
            guard let got = actual.doubles(), let want = wanted.doubles() else {
                #expect(actual.storage == wanted.storage, "\(name) output \(index)")
                continue
            }
            #expect(actual.elementType == wanted.elementType, "\(name) output \(index)")
            let agrees =
                got.count == want.count
                && zip(got, want).allSatisfy {
                    $0 == $1 || ($0.isNaN && $1.isNaN) || abs($0 - $1) <= 1e-6 + 1e-5 * abs($1)
                }
            #expect(agrees, "\(name) output \(index): \(got) vs \(want)")
        }
    }

    private static func attribute(_ value: Value) throws -> Attribute {
        if let int = value["int"]?.int64Value { return .int(int) }
        if let float = value["float"]?.doubleValue { return .float(Float(float)) }
        if let string = value["string"]?.stringValue { return .string(Array(string.utf8)) }
        if let ints = value["ints"]?.arrayValue { return .ints(ints.compactMap(\.int64Value)) }
        if let floats = value["floats"]?.arrayValue {
            return .floats(floats.compactMap(\.doubleValue).map { Float($0) })
        }
        if let strings = value["strings"]?.arrayValue {
            return .strings(strings.compactMap(\.stringValue).map { Array($0.utf8) })
        }
        return .tensor(try tensor(value))
    }

    private static func tensor(_ value: Value) throws -> Tensor {
        let shape = (value["shape"]?.arrayValue ?? []).compactMap(\.int64Value).map { Int($0) }
        let values = value["values"]?.arrayValue ?? []
        let storage: TensorStorage
        switch value["type"]?.stringValue ?? value["tensor"]?.stringValue {
        case "float": storage = .float(values.map { Float($0.doubleValue ?? .nan) })
        case "double": storage = .double(values.map { $0.doubleValue ?? .nan })
        case "int64": storage = .int64(values.compactMap(\.int64Value))
        case "int32": storage = .int32(values.compactMap(\.int64Value).map { Int32($0) })
        case "uint8": storage = .uint8(values.compactMap(\.int64Value).map { UInt8($0) })
        case "string": storage = .string(values.compactMap(\.stringValue).map { Array($0.utf8) })
        case let other: throw KServeError(.invalidInput, "unknown tensor type \(other ?? "nil")")
        }
        return try Tensor(checkedShape: shape, storage: storage)
    }
}
