import Core

/// Callers that wait for a load (requests within `loadTimeout`, explicit loads without a deadline) or for an
/// unload's drain.
extension ModelRepository {
    /// Waits for the load under way; `acquires` takes a hold on success. A deadline or the task's cancellation ends
    /// the wait (not the load).
    func waitForLoad(_ name: String, acquires: Bool, timeout: Double?) async -> Result<LoadedModel, KServeError> {
        nextWaiterID &+= 1
        let id = nextWaiterID
        return await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<LoadedModel, KServeError>, Never>) in
                guard let entry = entries[name] else {
                    continuation.resume(returning: .failure(Self.unknown(name)))
                    return
                }
                guard !Task.isCancelled else {
                    continuation.resume(returning: .failure(Self.cancelled(name)))
                    return
                }
                var waiter = LoadWaiter(id: id, acquires: acquires, continuation: continuation)
                if let timeout {
                    waiter.deadline = Task {
                        try? await Task.sleep(nanoseconds: Self.nanoseconds(timeout))
                        guard !Task.isCancelled else { return }
                        self.endWait(name, id: id, error: Self.loadTimedOut(name, after: timeout))
                    }
                }
                guard entries[name]?.lifecycle.addLoadWaiter(waiter) == true else {
                    // The load ended in the same turn that started it: answer from where the model stands now.
                    waiter.deadline?.cancel()
                    let state = entry.lifecycle.state.rawValue.lowercased()
                    continuation.resume(returning: .failure(KServeError(.unavailable, "model \(name) is \(state)")))
                    return
                }
            }
        } onCancel: {
            Task { await self.endWait(name, id: id, error: Self.cancelled(name)) }
        }
    }

    /// Ends one wait with an error (deadline or cancellation) if it is still waiting.
    private func endWait(_ name: String, id: UInt64, error: KServeError) {
        guard let waiter = entries[name]?.lifecycle.removeLoadWaiter(id: id) else { return }
        waiter.deadline?.cancel()
        waiter.continuation.resume(returning: .failure(error))
    }

    /// Resumes load waiters with one result (their deadlines end).
    func resume(_ waiters: [LoadWaiter], with result: Result<LoadedModel, KServeError>) {
        for waiter in waiters {
            waiter.deadline?.cancel()
            waiter.continuation.resume(returning: result)
        }
    }

    /// Waits until the unload under way has drained; returns at once when none is.
    func waitForDrain(_ name: String) async {
        guard entries[name]?.lifecycle.state == .unloading else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if entries[name]?.lifecycle.addDrainWaiter(continuation) != true { continuation.resume() }
        }
    }

    private static func cancelled(_ name: String) -> KServeError {
        KServeError(.interrupted, "waiting for model \(name) to load was cancelled")
    }

    private static func loadTimedOut(_ name: String, after seconds: Double) -> KServeError {
        KServeError(
            .unavailable,
            "model \(name) is not ready: still loading after \(seconds) s",
            cause: KServeError(.timeout, "load deadline of \(seconds) s passed")
        )
    }
}
