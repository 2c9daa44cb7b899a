import Core
import Foundation
import Kube
import Resources
import Testing

/// Watches against `Peers/fake_apiserver.py`, a stand-in for kube-apiserver (which cannot run on these machines).
@Suite struct KubeWatchTests {
    /// Reads events until `count` non-bookmark events arrived (bookmarks are collected too), or 10 s passed.
    func collect(
        _ iterator: inout AsyncThrowingStream<WatchEvent, any Error>.AsyncIterator,
        changes count: Int
    ) async throws -> [WatchEvent] {
        var events: [WatchEvent] = []
        while events.filter({ $0.kind != .bookmark }).count < count {
            guard let event = try await iterator.next() else { break }
            events.append(event)
        }
        return events
    }

    static func names(_ events: [WatchEvent]) -> [String] {
        events.filter { $0.kind != .bookmark }.map {
            "\($0.kind.rawValue) \($0.object["metadata"]?["name"]?.stringValue ?? "?")"
        }
    }

    @Test(.timeLimit(.minutes(1))) func watchDeliversChangesAndBookmarks() async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        _ = try await client.create(inferenceService("a"), kind: .inferenceService, namespace: nil, dryRun: false)
        let list = try await client.list(.inferenceService, namespace: nil)

        var iterator = client.watch(.inferenceService, namespace: nil, resourceVersion: list.resourceVersion)
            .makeAsyncIterator()
        let first = try #require(try await iterator.next())
        #expect(first.kind == .bookmark)
        #expect(first.object["metadata"]?["resourceVersion"]?.stringValue == list.resourceVersion)

        let patch = try JSONParser.parse(#"{"spec": {"predictor": {"minReplicas": 4}}}"#)
        _ = try await client.mergePatch(.inferenceService, name: "a", namespace: nil, patch: patch)
        _ = try await client.create(inferenceService("b"), kind: .inferenceService, namespace: nil, dryRun: false)
        try await client.delete(.inferenceService, name: "a", namespace: nil)
        let events = try await collect(&iterator, changes: 3)
        #expect(Self.names(events) == ["MODIFIED a", "ADDED b", "DELETED a"])
        #expect(events.first?.object["spec"]?["predictor"]?["minReplicas"]?.int64Value == 4)

        let watches = try server.log().filter { $0.query["watch"] == "1" }
        #expect(watches.count == 1)
        #expect(watches.first?.query["allowWatchBookmarks"] == "true")
        #expect(watches.first?.query["resourceVersion"] == list.resourceVersion)
    }

    @Test(.timeLimit(.minutes(1))) func watchOfOneNameUsesAFieldSelector() async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        var iterator = client.watch(.inferenceService, namespace: nil, name: "wanted", resourceVersion: nil)
            .makeAsyncIterator()
        _ = try await client.create(inferenceService("other"), kind: .inferenceService, namespace: nil, dryRun: false)
        _ = try await client.create(inferenceService("wanted"), kind: .inferenceService, namespace: nil, dryRun: false)
        let events = try await collect(&iterator, changes: 1)
        #expect(Self.names(events) == ["ADDED wanted"])
        let watch = try #require(try server.log().first { $0.query["watch"] == "1" })
        #expect(watch.query["fieldSelector"] == "metadata.name=wanted")
    }

    @Test(.timeLimit(.minutes(1))) func streamClosedByTheServerResumesFromTheLastVersion() async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        _ = try await client.create(inferenceService("a"), kind: .inferenceService, namespace: nil, dryRun: false)
        let list = try await client.list(.inferenceService, namespace: nil)
        try server.configure(#"{"closeWatchAfter": 0.4}"#)

        var iterator = client.watch(.inferenceService, namespace: nil, resourceVersion: list.resourceVersion)
            .makeAsyncIterator()
        let patch = try JSONParser.parse(#"{"spec": {"predictor": {"minReplicas": 2}}}"#)
        let modified = try await client.mergePatch(.inferenceService, name: "a", namespace: nil, patch: patch)
        let firstEvents = try await collect(&iterator, changes: 1)
        #expect(Self.names(firstEvents) == ["MODIFIED a"])

        // Wait for the server to close that stream, then change something: the reconnected watch must see it.
        try await Task.sleep(for: .milliseconds(700))
        _ = try await client.create(inferenceService("b"), kind: .inferenceService, namespace: nil, dryRun: false)
        let later = try await collect(&iterator, changes: 1)
        #expect(Self.names(later) == ["ADDED b"])

        let log = try server.log()
        let watches = log.filter { $0.query["watch"] == "1" }
        #expect(watches.count >= 2)
        #expect(watches[0].query["resourceVersion"] == list.resourceVersion)
        // Reconnects resume from the last version seen rather than listing again.
        let modifiedVersion = try #require(modified["metadata"]?["resourceVersion"]?.stringValue)
        #expect(watches.contains { $0.query["resourceVersion"] == modifiedVersion })
        #expect(watches.allSatisfy { $0.query["resourceVersion"] != nil })
        #expect(log.filter { $0.method == "GET" && $0.query["watch"] == nil }.count == 1)
    }

    @Test(.timeLimit(.minutes(1)), arguments: ["event", "status"])
    func goneRelistsAndEmitsTheFreshState(goneAs: String) async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        try server.configure(#"{"goneAs": "\#(goneAs)"}"#)
        _ = try await client.create(inferenceService("a"), kind: .inferenceService, namespace: nil, dryRun: false)
        let old = try await client.list(.inferenceService, namespace: nil).resourceVersion
        _ = try await client.create(inferenceService("b"), kind: .inferenceService, namespace: nil, dryRun: false)
        try server.configure(#"{"compact": true}"#)

        var iterator = client.watch(.inferenceService, namespace: nil, resourceVersion: old).makeAsyncIterator()
        let fresh = try await collect(&iterator, changes: 2)
        #expect(Self.names(fresh) == ["ADDED a", "ADDED b"])
        // Watching goes on from the list's version.
        _ = try await client.create(inferenceService("c"), kind: .inferenceService, namespace: nil, dryRun: false)
        let next = try await collect(&iterator, changes: 1)
        #expect(Self.names(next) == ["ADDED c"])

        let log = try server.log()
        let lists = log.filter { $0.method == "GET" && $0.query["watch"] == nil }
        #expect(lists.count == 2)
        let watches = log.filter { $0.query["watch"] == "1" }
        #expect(watches.count == 2)
        #expect(watches[0].query["resourceVersion"] == old)
        #expect(watches[1].query["resourceVersion"] != old)
    }

    @Test(.timeLimit(.minutes(1))) func relistAfterGoneReportsWhatDisappearedMeanwhile() async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        let start = try await client.list(.inferenceService, namespace: nil).resourceVersion
        var iterator = client.watch(.inferenceService, namespace: nil, resourceVersion: start).makeAsyncIterator()
        _ = try await client.create(inferenceService("keep"), kind: .inferenceService, namespace: nil, dryRun: false)
        _ = try await client.create(inferenceService("lost"), kind: .inferenceService, namespace: nil, dryRun: false)
        #expect(Self.names(try await collect(&iterator, changes: 2)) == ["ADDED keep", "ADDED lost"])

        // "lost" vanishes without an event and history is compacted: the reconnect gets 410 and relists.
        try server.configure(
            #"{"silentDelete": {"plural": "inferenceservices", "namespace": "default", "name": "lost"}, "#
                + #""compact": true}"#
        )
        let after = try await collect(&iterator, changes: 1)
        #expect(Self.names(after) == ["DELETED lost"])
    }

    @Test(.timeLimit(.minutes(1))) func busyAnswerIsRetriedAfterRetryAfter() async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        let start = try await client.list(.inferenceService, namespace: nil).resourceVersion
        try server.configure(#"{"fail": {"method": "GET", "status": 429, "retryAfter": 1, "times": 1}}"#)
        var iterator = client.watch(.inferenceService, namespace: nil, resourceVersion: start).makeAsyncIterator()
        let first = try #require(try await iterator.next())
        #expect(first.kind == .bookmark)
        let watches = try server.log().filter { $0.query["watch"] == "1" }
        #expect(watches.count == 2)
        #expect(watches.allSatisfy { $0.query["resourceVersion"] == start })
    }

    @Test(.timeLimit(.minutes(1))) func watchErrorsEndTheStreamAndStoppingCancels() async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        try server.configure(#"{"tokens": ["right"]}"#)
        var iterator = client.watch(.inferenceService, namespace: nil, resourceVersion: "1").makeAsyncIterator()
        do {
            _ = try await iterator.next()
            Issue.record("expected the watch to fail")
        } catch let error as KServeError {
            #expect(error.code == .auth)
        }

        try server.configure(#"{"tokens": null}"#)
        let open = try server.client()
        let task = Task {
            var count = 0
            for try await _ in open.watch(.inferenceService, namespace: nil, resourceVersion: nil) { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        // Cancelling ends the iteration without an error.
        _ = try await task.value
    }
}
