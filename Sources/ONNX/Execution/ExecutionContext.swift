import Compute
import Core

/// What a running graph gives its operators: the compute backend, the request's memory limit and a scratch buffer.
///
/// One request uses a context at a time. ``ContextPool`` hands contexts from one request to the next, so that the
/// scratch buffer, grown to what the model's shapes need, is allocated once and reused (its lock orders the
/// hand-over, hence `@unchecked Sendable`).
package final class ExecutionContext: @unchecked Sendable {
    package let backend: any ComputeBackend
    /// Bytes one request's tensors may take; an operator asked for more fails the request (not the server).
    package let memoryLimit: Int
    /// The most bytes the request's intermediate tensors held at once (measured after each node).
    package private(set) var peakLiveBytes = 0

    private var scratchBuffer: UnsafeMutableRawPointer?
    private var scratchBytes = 0

    package init(backend: any ComputeBackend, memoryLimit: Int = Int.max) {
        self.backend = backend
        self.memoryLimit = memoryLimit
    }

    deinit { scratchBuffer?.deallocate() }

    /// Checks, before an operator allocates an output of `elements` elements of `type`, that it fits the request's
    /// memory limit. Operators whose output size comes from input values (ConstantOfShape, Expand, Tile, Range, Pad)
    /// and the large products (MatMul, Conv) call it.
    package func reserve(elements: Int, of type: ElementType) throws(KServeError) {
        let width = type.byteWidth ?? 16
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: width)
        guard !overflow, elements >= 0, bytes <= memoryLimit else {
            throw KServeError(
                .resourceExhausted,
                "an output of \(elements) \(type) elements needs more than the \(memoryLimit) bytes a request may use"
            )
        }
    }

    /// Room for `count` values of `T`, valid until the next call (an operator's temporary: Conv's unrolled input).
    /// The buffer grows to the largest size asked for and is kept for the next request; its contents are undefined.
    package func scratch<T>(_: T.Type, count: Int) throws(KServeError) -> UnsafeMutablePointer<T> {
        let (bytes, overflow) = max(1, count).multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard !overflow, bytes <= memoryLimit else {
            throw KServeError(
                .resourceExhausted,
                "a temporary of \(count) elements needs more than the \(memoryLimit) bytes a request may use"
            )
        }
        if bytes > scratchBytes {
            scratchBuffer?.deallocate()
            scratchBuffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            scratchBytes = bytes
        }
        guard let buffer = scratchBuffer else {
            throw KServeError(.internal, "the scratch buffer is missing")
        }
        return buffer.bindMemory(to: T.self, capacity: max(1, count))
    }

    func noteLiveBytes(_ bytes: Int) { peakLiveBytes = max(peakLiveBytes, bytes) }

    /// Starts a new request on this context.
    func resetPeak() { peakLiveBytes = 0 }
}
