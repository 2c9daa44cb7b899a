import Compute
import Core

/// Einsum: the equation is parsed at load. Two float or double operands whose labels split into batch, row, column
/// and contracted groups run as a batched matrix product through the backend (operands permuted first when their
/// axes are not already in that order); anything else (one or three operands, diagonals, labels summed within one
/// operand, size-1 broadcasting) runs as one plain loop over every label.
struct EinsumOperator: Operator {
    /// One side of the equation: label ids in axis order, ``ellipsis`` where "..." stands.
    struct Term: Equatable {
        var labels: [Int]
        var hasEllipsis: Bool { labels.contains(EinsumOperator.ellipsis) }
    }

    static let ellipsis = -1
    /// Letters are ids 0..<52 in ASCII order (A-Z, then a-z); the axes of "..." are ids from 52 on.
    static let firstEllipsisLabel = 52

    let terms: [Term]
    /// Nil when the equation has no "->" (the output is then "..." followed by the letters used once, sorted).
    let output: Term?

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        guard let equation = try node.attributes.string("equation") else {
            throw KServeError(.invalidInput, "attribute equation is required")
        }
        let (terms, output) = try parse(equation)
        return EinsumOperator(terms: terms, output: output)
    }

    static func parse(_ equation: String) throws(KServeError) -> ([Term], Term?) {
        let text = Array(equation.utf8.filter { $0 != UInt8(ascii: " ") })
        var sides: [[UInt8]] = [[]]
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "-"), index + 1 < text.count, text[index + 1] == UInt8(ascii: ">") {
                sides.append([])
                index += 2
            } else {
                sides[sides.count - 1].append(text[index])
                index += 1
            }
        }
        guard sides.count <= 2 else {
            throw KServeError(.invalidInput, "equation \"\(equation)\" has more than one \"->\"")
        }
        let inputs = try sides[0].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map {
            (part: ArraySlice<UInt8>) throws(KServeError) in try term(Array(part), equation: equation)
        }
        let output = try sides.count == 2 ? term(sides[1], equation: equation) : nil
        if let output {
            let letters = output.labels.filter { $0 != ellipsis }
            guard Set(letters).count == letters.count else {
                throw KServeError(.invalidInput, "equation \"\(equation)\" repeats a label in its output")
            }
        }
        return (inputs, output)
    }

    private static func term(_ text: [UInt8], equation: String) throws(KServeError) -> Term {
        var labels: [Int] = []
        var index = 0
        while index < text.count {
            let character = text[index]
            if character == UInt8(ascii: ".") {
                guard index + 2 < text.count, text[index + 1] == character, text[index + 2] == character,
                    !labels.contains(ellipsis)
                else {
                    throw KServeError(.invalidInput, "equation \"\(equation)\" has a malformed or repeated \"...\"")
                }
                labels.append(ellipsis)
                index += 3
                continue
            }
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): labels.append(Int(character - UInt8(ascii: "A")))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): labels.append(26 + Int(character - UInt8(ascii: "a")))
            default:
                throw KServeError(
                    .invalidInput,
                    "equation \"\(equation)\" has \"\(Character(Unicode.Scalar(character)))\", expected letters,"
                        + " \"...\", \",\" and \"->\""
                )
            }
            index += 1
        }
        return Term(labels: labels)
    }

    /// The equation applied to the run's shapes: each operand's label per axis, each label's size, the output's
    /// labels.
    struct Plan {
        var operandLabels: [[Int]]
        var sizes: [Int: Int]
        var outputLabels: [Int]
        var summedLabels: [Int]
        var outputShape: [Int] { outputLabels.map { sizes[$0] ?? 1 } }
    }

    func plan(_ shapes: [[Int]]) throws(KServeError) -> Plan {
        guard shapes.count == terms.count else {
            throw KServeError(
                .invalidInput,
                "the equation has \(terms.count) operands, the node \(shapes.count) inputs"
            )
        }
        let ellipsisRank =
            try zip(terms, shapes).map { (term, shape) throws(KServeError) -> Int in
                let letters = term.labels.count - (term.hasEllipsis ? 1 : 0)
                guard term.hasEllipsis ? shape.count >= letters : shape.count == letters else {
                    throw KServeError(
                        .invalidInput,
                        "an operand of shape \(Tensor.describe(shape)) does not fit its \(letters) labels in the equation"
                    )
                }
                return shape.count - letters
            }.max() ?? 0
        var operandLabels: [[Int]] = []
        var sizes: [Int: Int] = [:]
        for (term, shape) in zip(terms, shapes) {
            let own = shape.count - (term.labels.count - (term.hasEllipsis ? 1 : 0))
            var labels: [Int] = []
            for label in term.labels {
                if label == Self.ellipsis {
                    labels += (0..<own).map { Self.firstEllipsisLabel + ellipsisRank - own + $0 }
                } else {
                    labels.append(label)
                }
            }
            for (label, size) in zip(labels, shape) {
                let known = sizes[label] ?? 1
                guard size == known || size == 1 || known == 1 else {
                    throw KServeError(
                        .invalidInput,
                        "the operands give one einsum label the sizes \(known) and \(size)"
                    )
                }
                if size != 1 || sizes[label] == nil { sizes[label] = size == 1 ? known : size }
            }
            operandLabels.append(labels)
        }
        let ellipsisLabels = (0..<ellipsisRank).map { Self.firstEllipsisLabel + $0 }
        var outputLabels: [Int]
        if let output {
            outputLabels = []
            for label in output.labels {
                if label == Self.ellipsis {
                    outputLabels += ellipsisLabels
                } else {
                    guard sizes[label] != nil else {
                        throw KServeError(.invalidInput, "the equation's output has a label that no operand has")
                    }
                    outputLabels.append(label)
                }
            }
        } else {
            var uses: [Int: Int] = [:]
            for labels in operandLabels {
                for label in labels where label < Self.firstEllipsisLabel { uses[label, default: 0] += 1 }
            }
            outputLabels = ellipsisLabels + uses.filter { $0.value == 1 }.keys.sorted()
        }
        let summed = sizes.keys.filter { !outputLabels.contains($0) }.sorted()
        return Plan(operandLabels: operandLabels, sizes: sizes, outputLabels: outputLabels, summedLabels: summed)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        var operands: [Tensor] = []
        for index in 0..<inputs.count { operands.append(try inputs.required(index)) }
        let plan = try plan(operands.map(\.shape))
        let count = try NeuralSupport.product(plan.outputShape)
        // The loop visits every combination of labels: that count must be an Int too.
        _ = try NeuralSupport.product(plan.outputShape + plan.summedLabels.map { plan.sizes[$0] ?? 1 })
        try context.reserve(elements: count, of: operands.first?.elementType ?? .float)
        guard let first = operands.first else {
            throw KServeError(.invalidInput, "Einsum takes one or more inputs")
        }
        switch first.storage {
        case .float:
            let values = try operands.map { (tensor: Tensor) throws(KServeError) in
                try NeuralSupport.values(tensor, as: Float.self, input: "Inputs")
            }
            if let product = try EinsumProduct.run(values, shapes: operands.map(\.shape), plan, context: context) {
                return [product]
            }
            return [EinsumLoop.run(values, shapes: operands.map(\.shape), plan)]
        case .double:
            let values = try operands.map { (tensor: Tensor) throws(KServeError) in
                try NeuralSupport.values(tensor, as: Double.self, input: "Inputs")
            }
            if let product = try EinsumProduct.run(values, shapes: operands.map(\.shape), plan, context: context) {
                return [product]
            }
            return [EinsumLoop.run(values, shapes: operands.map(\.shape), plan)]
        case .int32:
            let values = try operands.map { (tensor: Tensor) throws(KServeError) in
                try NeuralSupport.values(tensor, as: Int32.self, input: "Inputs")
            }
            return [EinsumLoop.run(values, shapes: operands.map(\.shape), plan)]
        case .int64:
            let values = try operands.map { (tensor: Tensor) throws(KServeError) in
                try NeuralSupport.values(tensor, as: Int64.self, input: "Inputs")
            }
            return [EinsumLoop.run(values, shapes: operands.map(\.shape), plan)]
        default:
            throw NeuralSupport.unsupportedType("Einsum", first, expected: "float, double, int32 or int64")
        }
    }
}

/// An element type that Einsum's loop sums products of; integers wrap on overflow.
protocol EinsumScalar: TensorElement {
    static var zero: Self { get }
    static func multiply(_ a: Self, _ b: Self) -> Self
    static func add(_ a: Self, _ b: Self) -> Self
}

extension Float: EinsumScalar {
    static func multiply(_ a: Float, _ b: Float) -> Float { a * b }
    static func add(_ a: Float, _ b: Float) -> Float { a + b }
}

extension Double: EinsumScalar {
    static func multiply(_ a: Double, _ b: Double) -> Double { a * b }
    static func add(_ a: Double, _ b: Double) -> Double { a + b }
}

extension Int32: EinsumScalar {
    static func multiply(_ a: Int32, _ b: Int32) -> Int32 { a &* b }
    static func add(_ a: Int32, _ b: Int32) -> Int32 { a &+ b }
}

extension Int64: EinsumScalar {
    static func multiply(_ a: Int64, _ b: Int64) -> Int64 { a &* b }
    static func add(_ a: Int64, _ b: Int64) -> Int64 { a &+ b }
}

/// Einsum as one loop over the output labels and, inside, the summed ones; each operand read through its stride per
/// label (a repeated label adds its axes' strides: the diagonal; a size-1 axis under a larger label has stride 0).
enum EinsumLoop {
    static func run<T: EinsumScalar>(_ operands: [[T]], shapes: [[Int]], _ plan: EinsumOperator.Plan) -> Tensor {
        let labels = plan.outputLabels + plan.summedLabels
        let sizes = labels.map { plan.sizes[$0] ?? 1 }
        let count = plan.outputShape.reduce(1, *)
        let inner = plan.summedLabels.reduce(1) { $0 * (plan.sizes[$1] ?? 1) }
        let strides = zip(plan.operandLabels, shapes).map { (operandLabels, shape) in
            let own = Tensor.strides(shape)
            return labels.map { label in
                operandLabels.indices.reduce(0) { total, axis in
                    operandLabels[axis] == label && shape[axis] != 1 ? total + own[axis] : total
                }
            }
        }
        var output = [T](repeating: T.zero, count: count)
        guard inner > 0 else { return Tensor(shape: plan.outputShape, values: output) }
        output.withUnsafeMutableBufferPointer { out in
            switch operands.count {
            case 1:
                operands[0].withUnsafeBufferPointer { a in
                    Broadcasting.forEach(sizes, strides: strides) { index, sources in
                        out[index / inner] = T.add(out[index / inner], a[sources[0]])
                    }
                }
            case 2:
                operands[0].withUnsafeBufferPointer { a in
                    operands[1].withUnsafeBufferPointer { b in
                        Broadcasting.forEach(sizes, strides: strides) { index, sources in
                            out[index / inner] = T.add(out[index / inner], T.multiply(a[sources[0]], b[sources[1]]))
                        }
                    }
                }
            default:
                Broadcasting.forEach(sizes, strides: strides) { index, sources in
                    var product = operands[0][sources[0]]
                    for operand in 1..<operands.count {
                        product = T.multiply(product, operands[operand][sources[operand]])
                    }
                    out[index / inner] = T.add(out[index / inner], product)
                }
            }
        }
        return Tensor(shape: plan.outputShape, values: output)
    }
}

/// Two-operand Einsum as a batched matrix product: labels in both operands and the output are batches, in one operand
/// and the output rows (A) or columns (B), in both but not the output contracted.
enum EinsumProduct {
    /// The product, or nil when the equation does not have that form (the loop then runs it).
    static func run<T: NeuralElement>(
        _ operands: [[T]],
        shapes: [[Int]],
        _ plan: EinsumOperator.Plan,
        context: ExecutionContext
    ) throws(KServeError) -> Tensor? {
        guard operands.count == 2 else { return nil }
        let (labelsA, labelsB) = (plan.operandLabels[0], plan.operandLabels[1])
        // Diagonals, broadcasting and labels summed within one operand are the loop's.
        guard Set(labelsA).count == labelsA.count, Set(labelsB).count == labelsB.count,
            zip(labelsA, shapes[0]).allSatisfy({ plan.sizes[$0.0] == $0.1 }),
            zip(labelsB, shapes[1]).allSatisfy({ plan.sizes[$0.0] == $0.1 })
        else { return nil }
        let output = plan.outputLabels
        let batch = output.filter { labelsA.contains($0) && labelsB.contains($0) }
        let rows = output.filter { labelsA.contains($0) && !labelsB.contains($0) }
        let columns = output.filter { labelsB.contains($0) && !labelsA.contains($0) }
        let contracted = labelsA.filter { labelsB.contains($0) && !output.contains($0) }
        guard batch.count + rows.count + contracted.count == labelsA.count,
            batch.count + columns.count + contracted.count == labelsB.count
        else { return nil }
        let size = { (labels: [Int]) in labels.reduce(1) { $0 * (plan.sizes[$1] ?? 1) } }
        let (batchCount, m, n, k) = (size(batch), size(rows), size(columns), size(contracted))
        let count = batchCount * m * n
        guard count > 0, k > 0 else { return nil }
        // A as [batch, m, k] or [batch, k, m]; B as [batch, k, n] or [batch, n, k]; else a permuted copy.
        let (left, transposeA) = arrange(operands[0], labelsA, shapes[0], batch, rows, contracted, plan)
        let (right, transposeB) = arrange(operands[1], labelsB, shapes[1], batch, contracted, columns, plan)
        try context.reserve(elements: count, of: T.elementType)
        let shape = GemmShape(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k)
        let backend = context.backend
        let product: [T] = NeuralSupport.array(count: count) { out in
            guard let outBase = out.baseAddress else { return }
            left.withUnsafeBufferPointer { a in
                right.withUnsafeBufferPointer { b in
                    guard let aBase = a.baseAddress, let bBase = b.baseAddress else { return }
                    for item in 0..<batchCount {
                        T.gemm(
                            backend,
                            shape,
                            a: aBase + item * m * k,
                            b: bBase + item * k * n,
                            c: outBase + item * m * n
                        )
                    }
                }
            }
        }
        // The product's axes are batch + rows + columns; the output may order them otherwise.
        let productLabels = batch + rows + columns
        let productShape = productLabels.map { plan.sizes[$0] ?? 1 }
        let order = output.compactMap { productLabels.firstIndex(of: $0) }
        return Tensor(shape: plan.outputShape, values: permuted(product, shape: productShape, order: order))
    }

    /// The operand laid out as `[batch, first, second]`, or as `[batch, second, first]` with the transpose flag set
    /// when that is how it is stored; a permuted copy otherwise.
    private static func arrange<T>(
        _ values: [T],
        _ labels: [Int],
        _ shape: [Int],
        _ batch: [Int],
        _ first: [Int],
        _ second: [Int],
        _ plan: EinsumOperator.Plan
    ) -> ([T], Bool) {
        if labels == batch + first + second { return (values, false) }
        if labels == batch + second + first { return (values, true) }
        let order = (batch + first + second).compactMap { labels.firstIndex(of: $0) }
        return (permuted(values, shape: shape, order: order), false)
    }

    /// `values` of `shape` with its axes reordered: axis `i` of the result is axis `order[i]` of the input.
    static func permuted<T>(_ values: [T], shape: [Int], order: [Int]) -> [T] {
        if order == Array(shape.indices) { return values }
        let own = Tensor.strides(shape)
        let target = order.map { shape[$0] }
        let strides = order.map { own[$0] }
        return NeuralSupport.array(count: values.count) { out in
            values.withUnsafeBufferPointer { source in
                Broadcasting.forEach(target, strides: [strides]) { index, sources in
                    out.initializeElement(at: index, to: source[sources[0]])
                }
            }
        }
    }
}
