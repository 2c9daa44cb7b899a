import Core
import Resources
import Synchronization

/// The state of one logical watch across its connections: the last resourceVersion seen, the objects known (to
/// emit the difference after a relist and skip repeats), and how the current connection ended.
final class WatchState: Sendable {
    struct Fields {
        var resourceVersion: String?
        /// Last object seen per `namespace/name`.
        var known: [String: Value] = [:]
        var splitter = JSONStreamSplitter()
        /// The server reported 410 Gone / Expired inside the stream.
        var gone = false
        var failure: KServeError?
        var eventsThisConnection = 0
    }

    let fields: Mutex<Fields>
    private let continuation: AsyncThrowingStream<WatchEvent, any Error>.Continuation

    init(resourceVersion: String?, continuation: AsyncThrowingStream<WatchEvent, any Error>.Continuation) {
        fields = Mutex(Fields(resourceVersion: resourceVersion))
        self.continuation = continuation
    }

    /// Starts a connection: clears the per-connection flags.
    func beginConnection() {
        fields.withLock { state in
            state.splitter = JSONStreamSplitter()
            state.gone = false
            state.failure = nil
            state.eventsThisConnection = 0
        }
    }

    /// Consumes one chunk of the watch body; false ends the connection (410 or an error).
    func receive(_ chunk: [UInt8]) -> Bool {
        fields.withLock { state in
            do throws(KServeError) {
                for document in try state.splitter.feed(chunk) {
                    guard try handle(document, state: &state) else { return false }
                }
                return true
            } catch {
                state.failure = error
                return false
            }
        }
    }

    private func handle(_ document: [UInt8], state: inout Fields) throws(KServeError) -> Bool {
        let event: Value
        do throws(KServeError) {
            event = try JSONParser.parse(document, source: "watch event")
        } catch {
            throw KServeError(.badResponse, "the watch stream holds invalid JSON: \(error.message)", cause: error)
        }
        guard let type = event["type"]?.stringValue, let object = event["object"] else {
            throw KServeError(.badResponse, "a watch event lacks type or object")
        }
        state.eventsThisConnection += 1
        if type == "ERROR" {
            let status = KubeStatus(object, httpStatus: 500) ?? KubeStatus(code: 500, reason: "", message: "")
            if status.code == 410 || status.reason == "Expired" || status.reason == "Gone" {
                state.gone = true
                return false
            }
            let message = status.message.isEmpty ? "the watch failed: \(status)" : status.message
            throw KServeError(
                KubeStatus.errorCode(forStatus: status.code),
                message,
                cause: status,
                httpStatus: status.code
            )
        }
        guard let kind = WatchEvent.Kind(rawValue: type) else {
            throw KServeError(.badResponse, "unknown watch event type \(type)")
        }
        let version = object["metadata"]?["resourceVersion"]?.stringValue
        if let version, !version.isEmpty { state.resourceVersion = version }
        if kind == .bookmark {
            continuation.yield(WatchEvent(kind: kind, object: object))
            return true
        }
        let key = Self.key(object)
        if kind == .deleted {
            state.known[key] = nil
        } else {
            // A reconnect without a resourceVersion replays the current state; skip what we already have.
            if let previous = state.known[key], version != nil, Self.version(previous) == version { return true }
            state.known[key] = object
        }
        continuation.yield(WatchEvent(kind: kind, object: object))
        return true
    }

    /// Emits the difference between what was known and a fresh list, and continues from the list's version.
    func replace(with list: ResourceList) {
        fields.withLock { state in
            var fresh: [String: Value] = [:]
            for item in list.items {
                let key = Self.key(item)
                fresh[key] = item
                if let previous = state.known[key] {
                    if Self.version(previous) != Self.version(item) {
                        continuation.yield(WatchEvent(kind: .modified, object: item))
                    }
                } else {
                    continuation.yield(WatchEvent(kind: .added, object: item))
                }
            }
            for (key, previous) in state.known.sorted(by: { $0.key < $1.key }) where fresh[key] == nil {
                continuation.yield(WatchEvent(kind: .deleted, object: previous))
            }
            state.known = fresh
            state.resourceVersion = list.resourceVersion.isEmpty ? nil : list.resourceVersion
        }
    }

    static func key(_ object: Value) -> String {
        let metadata = object["metadata"]
        return (metadata?["namespace"]?.stringValue ?? "") + "/" + (metadata?["name"]?.stringValue ?? "")
    }

    static func version(_ object: Value) -> String? {
        object["metadata"]?["resourceVersion"]?.stringValue
    }
}
