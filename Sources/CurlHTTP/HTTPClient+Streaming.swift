import Core

extension HTTPClient {
    /// Sends `request` and hands the body of a 2xx answer to `onBody` chunk by chunk, as it arrives: for endless
    /// bodies such as a Kubernetes watch.
    ///
    /// `onBody` runs on the transfer's own thread, one chunk at a time, in order; returning false ends the transfer
    /// without an error. The returned response carries status and headers; its body is empty for a 2xx answer and
    /// holds the whole body (within `maxResponseBytes`) for any other status, so an error answer can be read.
    /// Cancelling the task aborts the transfer with `.interrupted` (within about a second when the body is idle).
    package func stream(
        _ request: HTTPRequest,
        onBody: @escaping @Sendable ([UInt8]) -> Bool
    ) async throws(KServeError) -> HTTPResponse {
        let flag = AtomicFlag()
        return try await BlockingThread.run(onCancel: flag.set) { () throws(KServeError) in
            try self.execute(request, cancellation: flag, bodySink: onBody)
        }
    }
}
