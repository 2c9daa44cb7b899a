import Core
import Foundation
import Runtime
import Testing

@Suite struct WorkerPoolTests {
    @Test func returnsResultsOfManyJobs() async throws {
        let pool = WorkerPool(threads: 2, name: "test")
        defer { pool.shutdown() }
        let sums = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for index in 0..<500 {
                group.addTask { (index, try await pool.run { (0...index).reduce(0, +) }) }
            }
            var results: [Int: Int] = [:]
            for try await (index, sum) in group { results[index] = sum }
            return results
        }
        #expect(sums.count == 500)
        for (index, sum) in sums { #expect(sum == index * (index + 1) / 2) }
    }

    @Test func runsAtMostThreadCountJobsAtOnceOnItsOwnThreads() async throws {
        let pool = WorkerPool(threads: 2, name: "test")
        defer { pool.shutdown() }
        let running = Locked((now: 0, most: 0, threads: Set<UInt>()))
        let caller = UInt(pthread_self())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await pool.run {
                        let thread = UInt(pthread_self())
                        running.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                            $0.threads.insert(thread)
                        }
                        usleep(50_000)
                        running.withLock { $0.now -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        let observed = running.withLock { $0 }
        #expect(observed.most == 2)
        #expect(observed.threads.count == 2)
        #expect(!observed.threads.contains(caller))
    }

    @Test func runsJobsInSubmissionOrderOnOneThread() async throws {
        let pool = WorkerPool(threads: 1, name: "test")
        defer { pool.shutdown() }
        let order = Locked<[Int]>([])
        let gate = Locked(false)
        let holding = Locked(false)
        // Hold the only thread (and wait until it is held, so that the queue counts only the jobs below), then queue
        // jobs one by one (each queued before the next is submitted).
        let blocker = Task {
            try await pool.run {
                holding.withLock { $0 = true }
                while !gate.value { usleep(1000) }
            }
        }
        while !holding.value { try await Task.sleep(nanoseconds: 1_000_000) }
        var jobs: [Task<Void, any Error>] = []
        for index in 0..<20 {
            jobs.append(Task { try await pool.run { order.withLock { $0.append(index) } } })
            var waited = 0
            while pool.queuedJobs < index + 1 && waited < 2000 {
                try await Task.sleep(nanoseconds: 1_000_000)
                waited += 1
            }
        }
        #expect(pool.queuedJobs == 20)
        gate.withLock { $0 = true }
        try await blocker.value
        for job in jobs { try await job.value }
        #expect(order.value == Array(0..<20))
    }

    @Test func passesTypedErrorsThrough() async {
        let pool = WorkerPool(threads: 1, name: "test")
        defer { pool.shutdown() }
        do {
            _ = try await pool.run { () throws(KServeError) -> Int in
                throw KServeError(.invalidInput, "bad row 3")
            }
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message == "bad row 3")
        }
    }

    @Test func shutdownFinishesQueuedJobsThenRefusesWork() async throws {
        let pool = WorkerPool(threads: 1, name: "test")
        let finished = Locked(0)
        let jobs = (0..<5).map { _ in
            Task {
                try await pool.run {
                    usleep(20_000)
                    finished.withLock { $0 += 1 }
                }
            }
        }
        // Wait until one job runs and four are queued, so shutdown meets a non-empty queue.
        var waited = 0
        while pool.queuedJobs < 4 && waited < 500 {
            try await Task.sleep(nanoseconds: 1_000_000)
            waited += 1
        }
        #expect(pool.queuedJobs >= 3)
        pool.shutdown()
        for job in jobs { _ = await job.result }
        #expect(finished.withLock { $0 } == 5)
        do {
            _ = try await pool.run { 1 }
            Issue.record("a shut-down pool ran work")
        } catch {
            #expect(error.code == .unavailable)
        }
    }
}
