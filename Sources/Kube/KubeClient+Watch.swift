import Core
import CurlHTTP
import Resources
import Synchronization

extension KubeClient {
    /// Watches `kind` in a namespace (or all namespaces), optionally one object by name, from `resourceVersion`.
    ///
    /// Emits ADDED, MODIFIED, DELETED and BOOKMARK events (bookmarks are requested). When the server closes the
    /// stream, it reconnects from the last resourceVersion seen; when that version is too old (410 Gone, as an
    /// answer or an ERROR event), it lists again and emits the difference from what it had seen, then watches on
    /// from the list. Other failures end the stream with a ``KServeError``. Stopping iteration cancels the watch.
    package func watch(
        _ kind: ResourceKind,
        namespace: String?,
        name: String? = nil,
        resourceVersion: String?,
        allNamespaces: Bool = false
    ) -> AsyncThrowingStream<WatchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let state = WatchState(
            resourceVersion: resourceVersion.flatMap { $0.isEmpty ? nil : $0 },
            continuation: continuation
        )
        let task = Task {
            do throws(KServeError) {
                try await runWatch(
                    kind,
                    namespace: allNamespaces ? nil : namespace,
                    allNamespaces: allNamespaces,
                    name: name,
                    state: state
                )
                continuation.finish()
            } catch {
                if Task.isCancelled { continuation.finish() } else { continuation.finish(throwing: error) }
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func runWatch(
        _ kind: ResourceKind,
        namespace: String?,
        allNamespaces: Bool,
        name: String?,
        state: WatchState
    ) async throws(KServeError) {
        let path = collectionPath(kind, namespace: namespace, allNamespaces: allNamespaces)
        let fieldSelector = name.map { "metadata.name=\($0)" }
        var needsList = false
        var quietConnections = 0
        var transportFailures = 0
        var relistsInARow = 0
        var busyAnswers = 0
        while !Task.isCancelled {
            if needsList {
                // A server that answers 410 even right after a fresh list would loop forever.
                relistsInARow += 1
                guard relistsInARow <= 5 else {
                    throw KServeError(.badResponse, "\(path): the watch keeps expiring right after a fresh list")
                }
                let list = try await self.list(
                    kind,
                    namespace: namespace,
                    allNamespaces: allNamespaces,
                    fieldSelector: fieldSelector
                )
                state.replace(with: list)
                needsList = false
            }
            var query = [("watch", "1"), ("allowWatchBookmarks", "true")]
            if let version = state.fields.withLock({ $0.resourceVersion }) {
                query.append(("resourceVersion", version))
            }
            if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
            let call = Call(method: "GET", path: path, query: query)

            state.beginConnection()
            let response: HTTPResponse
            do throws(KServeError) {
                response = try await send(call, timeout: nil, streamingTo: { chunk in state.receive(chunk) })
            } catch {
                if Task.isCancelled { return }
                let received = state.fields.withLock { $0.eventsThisConnection }
                // A stream the server cut off (or a brief outage) is resumed; a persistent failure is reported.
                guard error.code == .transport || error.code == .connectionRefused else { throw error }
                transportFailures = received > 0 ? 1 : transportFailures + 1
                guard transportFailures <= 3 else { throw error }
                try await Self.sleep(seconds: 0.25 * Double(1 << transportFailures), call: call)
                continue
            }
            transportFailures = 0
            if response.status == 410 {
                needsList = true
                continue
            }
            guard response.isSuccess else {
                if let wait = retryDelay(response), busyAnswers < options.maxAttempts {
                    busyAnswers += 1
                    try await Self.sleep(seconds: wait, call: call)
                    continue
                }
                throw KubeStatus.error(for: response, method: call.method, path: call.path)
            }
            busyAnswers = 0
            let (gone, failure, received, version) = state.fields.withLock {
                ($0.gone, $0.failure, $0.eventsThisConnection, $0.resourceVersion)
            }
            if let failure { throw failure }
            if gone || version == nil {
                needsList = true
                continue
            }
            if received > 0 { relistsInARow = 0 }
            // The server closed the stream: resume from the last version, pausing if it keeps closing at once.
            quietConnections = received > 0 ? 0 : quietConnections + 1
            if quietConnections > 0 {
                try await Self.sleep(seconds: min(0.1 * Double(1 << min(quietConnections, 5)), 2), call: call)
            }
        }
    }
}
