import Compute
import Core

/// What a running graph gives its operators: the compute backend and the request's memory limit.
///
/// One per request; not shared between threads.
package final class ExecutionContext {
    package let backend: any ComputeBackend
    /// Bytes one request's tensors may take; an operator asked for more fails the request (not the server).
    package let memoryLimit: Int

    /// The most bytes the request's intermediate tensors held at once (measured after each node).
    package private(set) var peakLiveBytes = 0

    package init(backend: any ComputeBackend, memoryLimit: Int = Int.max) {
        self.backend = backend
        self.memoryLimit = memoryLimit
    }

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

    func noteLiveBytes(_ bytes: Int) { peakLiveBytes = max(peakLiveBytes, bytes) }
}
