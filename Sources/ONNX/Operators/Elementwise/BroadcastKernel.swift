import Compute
import Core

/// How the elements of numpy-broadcast inputs line up with the output: the output shape, and its axes merged
/// wherever every input walks them contiguously. Equal shapes become a single run, a scalar input a stride-0 run,
/// `[N,C] + [C]` a run of C under an outer loop of N.
package struct BroadcastLayout: Sendable {
    /// The broadcast shape of the inputs.
    package let shape: [Int]
    /// Elements of the output.
    package let count: Int
    /// Merged dimensions, outermost first; empty when the output holds one element.
    package let dims: [Int]
    /// Per input, its stride in elements along each merged dimension; 0 where the input is broadcast.
    package let strides: [[Int]]

    /// The layout of `tensors`; an error when their shapes do not broadcast or a shape and its element count differ.
    package init(_ tensors: [Tensor]) throws(KServeError) {
        for tensor in tensors {
            let needed = try Tensor.elementCount(tensor.shape)
            guard needed == tensor.count else {
                throw KServeError(
                    .invalidInput,
                    "a tensor of shape \(Tensor.describe(tensor.shape)) holds \(tensor.count) elements"
                )
            }
        }
        try self.init(shapes: tensors.map(\.shape))
    }

    /// The layout of inputs of `shapes`, whose element counts the caller has checked.
    package init(shapes: [[Int]]) throws(KServeError) {
        let shape = try Broadcasting.shape(shapes)
        let count = try Tensor.elementCount(shape)
        let full = shapes.map { Broadcasting.strides(of: $0, in: shape) }
        // Built innermost first, then reversed.
        var dims: [Int] = []
        var strides = [[Int]](repeating: [], count: shapes.count)
        for axis in shape.indices.reversed() where shape[axis] != 1 {
            let size = shape[axis]
            if let inner = dims.last, Self.merges(full, axis: axis, into: strides, innerSize: inner) {
                dims[dims.count - 1] = inner * size
            } else {
                dims.append(size)
                for input in strides.indices { strides[input].append(full[input][axis]) }
            }
        }
        self.shape = shape
        self.count = count
        self.dims = dims.reversed()
        self.strides = strides.map { $0.reversed() }
    }

    /// Whether `axis` continues every input's innermost merged run: its stride is the run's stride times its size.
    private static func merges(_ full: [[Int]], axis: Int, into strides: [[Int]], innerSize: Int) -> Bool {
        for input in strides.indices {
            guard let innerStride = strides[input].last, full[input][axis] == innerStride * innerSize else {
                return false
            }
        }
        return true
    }
}

/// The loops of the broadcasting operators: the innermost merged dimension runs as a tight loop (specialised for
/// the contiguous and the scalar side), the outer ones as an odometer.
package enum BroadcastKernel {
    /// `op` of each pair of elements of `a` and `b` broadcast as `layout` says (`a` is input 0, `b` input 1).
    @inline(__always)
    package static func map<A, B, R>(
        _ a: [A],
        _ b: [B],
        _ layout: BroadcastLayout,
        _ op: (A, B) -> R
    ) -> [R] {
        let count = layout.count
        guard count > 0 else { return [] }
        return [R](unsafeUninitializedCapacity: count) { out, initialized in
            guard let po = out.baseAddress else { return }
            a.withUnsafeBufferPointer { bufferA in
                b.withUnsafeBufferPointer { bufferB in
                    guard let pa = bufferA.baseAddress, let pb = bufferB.baseAddress else { return }
                    let dims = layout.dims
                    guard let inner = dims.last else {
                        po.initialize(to: op(pa[0], pb[0]))
                        initialized = 1
                        return
                    }
                    let rank = dims.count
                    let outerStridesA = layout.strides[0]
                    let outerStridesB = layout.strides[1]
                    let sa = outerStridesA[rank - 1]
                    let sb = outerStridesB[rank - 1]
                    var offsetA = 0
                    var offsetB = 0
                    var offsetOut = 0
                    var counters = [Int](repeating: 0, count: rank)
                    while offsetOut < count {
                        let qa = pa + offsetA
                        let qb = pb + offsetB
                        let qo = po + offsetOut
                        if sa == 1 && sb == 1 {
                            for k in 0..<inner { (qo + k).initialize(to: op(qa[k], qb[k])) }
                        } else if sa == 0 && sb == 1 {
                            let x = qa[0]
                            for k in 0..<inner { (qo + k).initialize(to: op(x, qb[k])) }
                        } else if sa == 1 && sb == 0 {
                            let y = qb[0]
                            for k in 0..<inner { (qo + k).initialize(to: op(qa[k], y)) }
                        } else {
                            for k in 0..<inner { (qo + k).initialize(to: op(qa[k * sa], qb[k * sb])) }
                        }
                        offsetOut += inner
                        // The odometer over the outer dimensions.
                        var axis = rank - 2
                        while axis >= 0 {
                            counters[axis] += 1
                            offsetA += outerStridesA[axis]
                            offsetB += outerStridesB[axis]
                            if counters[axis] < dims[axis] { break }
                            offsetA -= outerStridesA[axis] * dims[axis]
                            offsetB -= outerStridesB[axis] * dims[axis]
                            counters[axis] = 0
                            axis -= 1
                        }
                    }
                    initialized = count
                }
            }
        }
    }

    /// `op` of each triple of elements of `a`, `b` and `c` broadcast as `layout` says (Where's loop).
    @inline(__always)
    package static func map<A, B, C, R>(
        _ a: [A],
        _ b: [B],
        _ c: [C],
        _ layout: BroadcastLayout,
        _ op: (A, B, C) -> R
    ) -> [R] {
        let count = layout.count
        guard count > 0 else { return [] }
        return [R](unsafeUninitializedCapacity: count) { out, initialized in
            guard let po = out.baseAddress else { return }
            a.withUnsafeBufferPointer { bufferA in
                b.withUnsafeBufferPointer { bufferB in
                    c.withUnsafeBufferPointer { bufferC in
                        guard let pa = bufferA.baseAddress, let pb = bufferB.baseAddress, let pc = bufferC.baseAddress
                        else { return }
                        let dims = layout.dims
                        guard let inner = dims.last else {
                            po.initialize(to: op(pa[0], pb[0], pc[0]))
                            initialized = 1
                            return
                        }
                        let rank = dims.count
                        let stridesA = layout.strides[0]
                        let stridesB = layout.strides[1]
                        let stridesC = layout.strides[2]
                        let sa = stridesA[rank - 1]
                        let sb = stridesB[rank - 1]
                        let sc = stridesC[rank - 1]
                        var offsetA = 0
                        var offsetB = 0
                        var offsetC = 0
                        var offsetOut = 0
                        var counters = [Int](repeating: 0, count: rank)
                        while offsetOut < count {
                            let qa = pa + offsetA
                            let qb = pb + offsetB
                            let qc = pc + offsetC
                            let qo = po + offsetOut
                            for k in 0..<inner { (qo + k).initialize(to: op(qa[k * sa], qb[k * sb], qc[k * sc])) }
                            offsetOut += inner
                            var axis = rank - 2
                            while axis >= 0 {
                                counters[axis] += 1
                                offsetA += stridesA[axis]
                                offsetB += stridesB[axis]
                                offsetC += stridesC[axis]
                                if counters[axis] < dims[axis] { break }
                                offsetA -= stridesA[axis] * dims[axis]
                                offsetB -= stridesB[axis] * dims[axis]
                                offsetC -= stridesC[axis] * dims[axis]
                                counters[axis] = 0
                                axis -= 1
                            }
                        }
                        initialized = count
                    }
                }
            }
        }
    }

    /// `op` of each element of `values`, in one tight loop.
    @inline(__always)
    package static func map<A, R>(_ values: [A], _ op: (A) -> R) -> [R] {
        let count = values.count
        guard count > 0 else { return [] }
        return [R](unsafeUninitializedCapacity: count) { out, initialized in
            guard let po = out.baseAddress else { return }
            values.withUnsafeBufferPointer { buffer in
                guard let pa = buffer.baseAddress else { return }
                for k in 0..<count { (po + k).initialize(to: op(pa[k])) }
                initialized = count
            }
        }
    }
}
