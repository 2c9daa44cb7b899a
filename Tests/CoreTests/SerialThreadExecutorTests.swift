import Core
import Testing

/// An actor whose isolated code runs on a ``SerialThreadExecutor``.
private actor Recorder {
    private let executor: SerialThreadExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private(set) var values: [Int] = []

    init() throws {
        executor = try SerialThreadExecutor(name: "a test recorder")
    }

    /// Records `value`; returns the thread it ran on.
    func record(_ value: Int) -> pthread_t {
        values.append(value)
        return pthread_self()
    }
}

@Suite struct SerialThreadExecutorTests {
    @Test func isolatedCodeRunsOnTheExecutorsThreadInOrder() async throws {
        let recorder = try Recorder()
        let other = try Recorder()
        let thread = await recorder.record(-1)
        #expect(await other.record(-1) != thread)
        #expect(pthread_self() != thread)
        for value in 0..<200 {
            #expect(await recorder.record(value) == thread)
        }
        #expect(await recorder.values == [-1] + Array(0..<200))
    }

    @Test func concurrentCallersRunOneAtATime() async throws {
        let recorder = try Recorder()
        await withDiscardingTaskGroup { group in
            for value in 0..<1000 {
                group.addTask { _ = await recorder.record(value) }
            }
        }
        #expect(await recorder.values.sorted() == Array(0..<1000))
    }
}
