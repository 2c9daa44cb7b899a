extension HTTPClient {
    /// Sends `request` and hands the body of a 2xx answer to `onBody` chunk by chunk, as it arrives: for endless
    /// bodies such as a Kubernetes watch.
    ///
    /// `onBody` runs on the transfer's own thread, one chunk at a time, in order; returning false ends the transfer
    /// without an error. The returned response carries status and headers; its body is empty for a 2xx answer and
    /// holds the whole body (within `maxResponseBytes`) for any other status, so an error answer can be read.
    /// Cancelling the task aborts the transfer with `.interrupted` (within about a second when the body is idle).
    public func stream(
        _ request: HTTPRequest,
        onBody: @escaping @Sendable ([UInt8]) -> Bool
    ) async throws(KServeError) -> HTTPResponse {
        let flag = CancellationFlag()
        let result: Result<HTTPResponse, KServeError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                BlockingThread.run {
                    do throws(KServeError) {
                        let response = try self.execute(request, cancellation: flag, bodySink: onBody)
                        continuation.resume(returning: .success(response))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
            }
        } onCancel: {
            flag.cancel()
        }
        return try result.get()
    }
}
