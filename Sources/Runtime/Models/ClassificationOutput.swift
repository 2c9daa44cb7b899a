import Core
import Inference

/// The classification extension's form of an output: per row, the top N values as `"value:index"` strings.
enum ClassificationOutput {
    /// A BYTES tensor `[rows, min(top, perRow)]`; within a row, values descend and ties keep index order.
    static func tensor(
        name: String,
        values: [Double],
        rowCount: Int,
        perRow: Int,
        top: Int
    ) -> InferTensor {
        let kept = min(top, perRow)
        var strings: [[UInt8]] = []
        strings.reserveCapacity(rowCount * kept)
        var order = [Int](repeating: 0, count: perRow)
        for row in 0..<rowCount {
            let base = row * perRow
            for index in 0..<perRow { order[index] = index }
            order.sort { lhs, rhs in
                let left = values[base + lhs]
                let right = values[base + rhs]
                return left > right || (left == right && lhs < rhs)
            }
            for rank in 0..<kept {
                let index = order[rank]
                strings.append(Array("\(formatted(values[base + index])):\(index)".utf8))
            }
        }
        return InferTensor(name: name, shape: [Int64(rowCount), Int64(kept)], data: .bytes(strings))
    }

    /// A value printed as C++ `std::to_string` prints a double (`%f`), as Triton writes classification values.
    static func formatted(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = buffer.withUnsafeMutableBufferPointer { pointer in
            withVaList([value]) { vsnprintf(pointer.baseAddress, pointer.count, "%f", $0) }
        }
        guard written > 0 else { return String(value) }
        return String(decoding: buffer.prefix(Int(min(written, 511))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
