import Core
import Kube
import Resources

/// Waits on one object through a watch: until it is Ready for its current generation, fails terminally, is gone,
/// or the deadline passes.
struct ReadinessWaiter {
    let client: KubeClient
    let progress: ProgressLine

    private enum Outcome: Sendable {
        case done(Value?)
        case failed(KServeError)
    }

    /// Returns the Ready object; throws `.terminal` on FailedToLoad / BlockedByFailedLoad / InvalidSpec and
    /// `.timeout` at the deadline.
    func waitReady(
        _ kind: ResourceKind,
        name: String,
        namespace: String?,
        deadline: ContinuousClock.Instant?
    ) async throws(KServeError) -> Value {
        let label = "\(kind.singular)/\(name)"
        let outcome = await race(deadline: deadline) { () async throws(KServeError) -> Value? in
            try await follow(kind, name: name, namespace: namespace) { object throws(KServeError) -> Bool in
                guard let object else {
                    throw KServeError(.notFound, "\(label) was deleted while waiting for it to become Ready")
                }
                let status = ResourceStatus(object)
                progress.update("\(label): \(status.summary)")
                switch status.state {
                case .ready: return true
                case .progressing: return false
                case .failed(let reason):
                    throw KServeError(.terminal, "\(label) failed: \(reason)")
                }
            }
        }
        progress.finish()
        switch outcome {
        case .done(let object?): return object
        case .done(nil):
            let seen = progress.lastText.map { ": last seen \($0)" } ?? ""
            throw KServeError(.timeout, "timed out waiting for \(label) to become Ready\(seen)")
        case .failed(let error): throw error
        }
    }

    /// Returns once the object no longer exists; throws `.timeout` at the deadline.
    func waitGone(
        _ kind: ResourceKind,
        name: String,
        namespace: String?,
        deadline: ContinuousClock.Instant?
    ) async throws(KServeError) {
        let label = "\(kind.singular)/\(name)"
        let outcome = await race(deadline: deadline) { () async throws(KServeError) -> Value? in
            try await follow(kind, name: name, namespace: namespace) { object throws(KServeError) -> Bool in
                if object != nil { progress.update("\(label): waiting for deletion") }
                return object == nil
            }
            return Task.isCancelled ? nil : .null
        }
        progress.finish()
        switch outcome {
        case .done(.some): return
        case .done(nil): throw KServeError(.timeout, "timed out waiting for \(label) to be deleted")
        case .failed(let error): throw error
        }
    }

    /// Runs `work` against the deadline; `.done(nil)` means the deadline came first.
    private func race(
        deadline: ContinuousClock.Instant?,
        _ work: @escaping @Sendable () async throws(KServeError) -> Value?
    ) async -> Outcome {
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do throws(KServeError) {
                    return .done(try await work())
                } catch {
                    return .failed(error)
                }
            }
            if let deadline {
                group.addTask {
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    return .done(nil)
                }
            }
            let first = await group.next() ?? .done(nil)
            group.cancelAll()
            return first
        }
    }

    /// Reads the object, then follows its watch, calling `check` with each state (nil once deleted) until it
    /// answers true, and returns that state. A watch that ends is resumed with a fresh read.
    @discardableResult
    private func follow(
        _ kind: ResourceKind,
        name: String,
        namespace: String?,
        check: (Value?) throws(KServeError) -> Bool
    ) async throws(KServeError) -> Value? {
        while !Task.isCancelled {
            let current: Value?
            do throws(KServeError) {
                current = try await client.get(kind, name: name, namespace: namespace)
            } catch  where error.code == .notFound {
                current = nil
            }
            if try check(current) { return current }
            let version = current?["metadata"]?["resourceVersion"]?.stringValue
            let events = client.watch(kind, namespace: namespace, name: name, resourceVersion: version)
            do {
                for try await event in events {
                    switch event.kind {
                    case .bookmark: continue
                    case .deleted: if try check(nil) { return nil }
                    case .added, .modified: if try check(event.object) { return event.object }
                    }
                }
            } catch let error as KServeError {
                throw error
            } catch {
                if Task.isCancelled { return nil }
                throw KServeError(.transport, "watching \(kind.singular)/\(name) failed", cause: error)
            }
        }
        return nil
    }
}
