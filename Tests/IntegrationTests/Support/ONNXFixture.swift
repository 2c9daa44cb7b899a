import Core
import Foundation
import Testing

/// A fixture's case file: its inputs and onnxruntime's outputs, flat, with the agreement tolerance.
struct ONNXFixture {
    struct Tensor {
        var name: String
        var datatype: String
        var shape: [Int]
        var data: [Value]

        var rowCount: Int { shape.first ?? 1 }
        func row(_ index: Int) -> [Value] {
            let width = rowCount == 0 ? 0 : data.count / rowCount
            return Array(data[(index * width)..<((index + 1) * width)])
        }
    }

    var inputs: [Tensor]
    var outputs: [Tensor]
    var rtol: Double
    var atol: Double

    init(named name: String) throws {
        let url = ONNXServeIntegrationTests.fixtures.appendingPathComponent("\(name).case.json")
        let document = try JSONParser.parse(try InputFile.read(url.path), source: url.path)
        func tensors(_ key: String) throws -> [Tensor] {
            try (document[key]?.arrayValue ?? []).map { entry in
                Tensor(
                    name: try #require(entry["name"]?.stringValue),
                    datatype: try #require(entry["datatype"]?.stringValue),
                    shape: (entry["shape"]?.arrayValue ?? []).compactMap { $0.int64Value.map { Int($0) } },
                    data: entry["data"]?.arrayValue ?? []
                )
            }
        }
        inputs = try tensors("inputs")
        outputs = try tensors("outputs")
        rtol = document["tolerance"]?["rtol"]?.doubleValue ?? 1e-5
        atol = document["tolerance"]?["atol"]?.doubleValue ?? 1e-7
    }

    /// The case rows in which no input holds a NaN (null).
    var rowsWithoutNaN: [Int] {
        guard let first = inputs.first else { return [] }
        return (0..<first.rowCount).filter { row in inputs.allSatisfy { !$0.row(row).contains(.null) } }
    }

    /// Strings and integers equal; numbers within |got - want| <= atol + rtol * |want|.
    func expectAgreement(_ got: [Value], _ want: [Value], _ output: String) {
        #expect(got.count == want.count, "\(output): \(got.count) values, expected \(want.count)")
        for (index, (left, right)) in zip(got, want).enumerated() {
            switch (left, right) {
            case (.string, _), (_, .string), (.int, .int), (.uint, _), (_, .uint):
                #expect(left == right, "\(output)[\(index)]: \(left), expected \(right)")
            default:
                guard let a = left.doubleValue, let b = right.doubleValue else {
                    Issue.record("\(output)[\(index)]: \(left), expected \(right)")
                    continue
                }
                #expect(abs(a - b) <= atol + rtol * abs(b), "\(output)[\(index)]: \(a), expected \(b)")
            }
        }
    }
}

/// The scalars of a nested JSON array, in order.
func flatten(_ value: Value) -> [Value] {
    if case .array(let elements) = value { return elements.flatMap(flatten) }
    return [value]
}
