import Core
import NIOCore
import NIOPosix

/// The load of one event loop: its connections, its share of the requests, and what it measured since the last
/// harvest. Every method runs on `eventLoop`; nothing here is shared with another thread, so nothing is locked.
final class LoopWorker {
    /// What every worker of a run shares, fixed for the run.
    struct Setup: Sendable {
        var address: SocketAddress
        var templates: [RequestTemplate]
        var timeoutNanoseconds: UInt64
    }

    /// A send more than this after its intended time is late (perf_analyzer's rule).
    static let lateNanoseconds: UInt64 = 1_000_000

    let eventLoop: any EventLoop
    let setup: Setup
    private let templateSizes: [Int]
    private(set) var control = RunControl(grid: PhaseGrid(measureFrom: 0, windowNanoseconds: 1), budget: nil)
    var sampler: ModelSampler
    var stats: PhasedStats
    var connections: [BenchConnection] = []
    /// Set in open loop.
    var openLoop: OpenLoop?
    private var timeoutTask: Scheduled<Void>?
    private var closedLoop = false

    init(eventLoop: any EventLoop, setup: Setup, sampler: ModelSampler) {
        self.eventLoop = eventLoop
        self.setup = setup
        self.sampler = sampler
        templateSizes = setup.templates.map(\.bytes.readableBytes)
        stats = PhasedStats(modelCount: setup.templates.count, grid: control.grid)
    }

    // MARK: - Levels

    /// Starts a new level (its warm-up and windows are in `control.grid`); counts of an earlier level are dropped.
    func setControl(_ control: RunControl) {
        self.control = control
        stats = PhasedStats(modelCount: setup.templates.count, grid: control.grid)
    }

    /// Closed loop: one connection per entry of `depths`, each keeping that many requests outstanding.
    func beginClosed(depths: [Int]) {
        closedLoop = true
        openLoop = nil
        startTimeoutChecks()
        for depth in depths where depth > 0 { connect(depth: depth) }
    }

    /// Open loop: sends on `schedule` from `start` (absolute, monotonic), with at most `maxConnections`.
    func beginOpen(schedule: ArrivalSchedule, start: UInt64, maxConnections: Int) {
        closedLoop = false
        let loop = OpenLoop(schedule: schedule, start: start, maxConnections: maxConnections)
        openLoop = loop
        startTimeoutChecks()
        tick()
    }

    /// Stops sending at `moment` (Ctrl-C); in open loop every intended send before then that never left (its timer
    /// had not fired, or it waited for a connection) counts as dropped.
    func halt(at moment: UInt64) {
        control.stop()
        guard let loop = openLoop else { return }
        loop.timer?.cancel()
        loop.timer = nil
        while loop.next <= moment, loop.next < control.sendUntil {
            stats.recordDropped(model: sampler.next(), origin: loop.next, claimed: false)
            loop.advance()
        }
        while let waiting = loop.waiting.popFirst() {
            stats.recordDropped(model: waiting.model, origin: waiting.intended, claimed: true)
        }
    }

    /// Ends the level: stops sending, counts every request still in flight as unanswered (a timeout) and every one
    /// still waiting for a connection as dropped, and closes every connection.
    func closeAll() {
        control.stop()
        timeoutTask?.cancel()
        timeoutTask = nil
        if let loop = openLoop {
            loop.timer?.cancel()
            while let waiting = loop.waiting.popFirst() {
                stats.recordDropped(model: waiting.model, origin: waiting.intended, claimed: true)
            }
        }
        openLoop = nil
        let all = connections
        connections.removeAll()
        for connection in all {
            if !connection.abandoned {
                while let request = connection.inFlight.popFirst() {
                    control.finish(origin: request.origin)
                    stats.recordUnanswered(model: request.model, origin: request.origin)
                }
            }
            connection.abandon()
        }
    }

    /// Hands over what was measured since the last harvest, by phase, with what is still pending. An open loop
    /// first sends everything due, so that every request intended before now is claimed (and so pending) when a
    /// loop starved past a window's end is asked.
    func harvest() -> PhaseHarvest {
        if openLoop != nil, !control.isStopping { tick(precise: false) }
        return stats.take()
    }

    // MARK: - Connections

    private func connect(depth: Int, after delay: TimeAmount? = nil) {
        let connection = BenchConnection(worker: self, depth: depth)
        connections.append(connection)
        let start = { [self] in
            let bound = NIOLoopBound(connection, eventLoop: eventLoop)
            ClientBootstrap(group: eventLoop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.nanoseconds(Int64(min(setup.timeoutNanoseconds, UInt64(Int64.max)))))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = ResponseHandler(connection: bound.value)
                        bound.value.handler = handler
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(to: setup.address)
                .assumeIsolated()
                .whenComplete { result in
                    switch result {
                    case .success: self.opened(connection)
                    case .failure(let error): self.connectFailed(connection, error: error)
                    }
                }
        }
        if let delay {
            eventLoop.assumeIsolated().scheduleTask(in: delay) { start() }
        } else {
            start()
        }
    }

    private func opened(_ connection: BenchConnection) {
        guard connection.state == .connecting else { return }
        connection.state = .open
        if control.isStopping {
            forget(connection)
            connection.abandon()
            return
        }
        ready(connection)
    }

    private func connectFailed(_ connection: BenchConnection, error: any Error) {
        connection.state = .closed
        forget(connection)
        guard !control.isStopping else { return }
        let description = "cannot connect to \(setup.address): \(error)"
        if closedLoop {
            // One failed request per attempt, and a pause so a dead server is not hammered.
            let now = Clock.monotonicNanos()
            if control.claim(at: now) {
                stats.claimed(origin: now)
                control.finish(origin: now)
                stats.recordFailure(model: sampler.next(), origin: now, kind: .connection, description: description)
            }
            connect(depth: connection.depth, after: .milliseconds(50))
        } else if let loop = openLoop, let waiting = loop.waiting.popFirst() {
            control.finish(origin: waiting.intended)
            stats.recordFailure(
                model: waiting.model,
                origin: waiting.intended,
                kind: .connection,
                description: description
            )
        }
    }

    /// A connection can take requests: fill it (closed loop) or give it the oldest waiting request (open loop).
    private func ready(_ connection: BenchConnection) {
        if closedLoop {
            let now = Clock.monotonicNanos()
            var sent = false
            while connection.inFlight.count < connection.depth, control.claim(at: now) {
                stats.claimed(origin: now)
                send(on: connection, model: sampler.next(), origin: now, now: now)
                sent = true
            }
            if sent { connection.flush() }
        } else if let loop = openLoop {
            if let waiting = loop.waiting.popFirst() {
                send(on: connection, model: waiting.model, origin: waiting.intended, now: Clock.monotonicNanos())
                connection.flush()
            } else {
                loop.idle.append(connection)
            }
        }
    }

    private func send(on connection: BenchConnection, model: Int, origin: UInt64, now: UInt64) {
        let late = now > origin && now - origin > Self.lateNanoseconds
        stats.recordSent(model: model, origin: origin, bytes: templateSizes[model], late: late)
        connection.send(setup.templates[model].bytes, InFlight(model: model, origin: origin, sentAt: now))
    }

    private func forget(_ connection: BenchConnection) {
        connections.removeAll { $0 === connection }
        openLoop?.idle.removeAll { $0 === connection }
    }

    // MARK: - Events from the connections

    func received(_ response: ParsedResponse, on connection: BenchConnection, at now: UInt64) {
        guard let request = connection.inFlight.popFirst() else {
            if !connection.abandoned { protocolFailure("an answer arrived for no request", on: connection) }
            return
        }
        control.finish(origin: request.origin)
        if (200..<300).contains(response.status) {
            let latency = now > request.origin ? now - request.origin : 0
            stats.recordSuccess(
                model: request.model,
                origin: request.origin,
                latencyNanoseconds: latency,
                bytesReceived: response.wireBytes
            )
        } else {
            stats.recordFailure(
                model: request.model,
                origin: request.origin,
                kind: .http,
                status: response.status,
                bytesReceived: response.wireBytes,
                description: Self.describe(response, model: setup.templates[request.model].model)
            )
        }
        if !response.keepAlive {
            // The server closes after this answer; whatever else was pipelined fails when it does.
            connection.handler?.close()
            return
        }
        if connection.state == .open, !connection.abandoned { ready(connection) }
    }

    func protocolFailure(_ description: String, on connection: BenchConnection) {
        failInFlight(of: connection, kind: .badResponse, description: "unreadable answer: \(description)")
        connection.abandon()
    }

    func noteError(_ description: String, on connection: BenchConnection) {
        failInFlight(of: connection, kind: .transport, description: description)
    }

    func closed(_ connection: BenchConnection) {
        let wasAbandoned = connection.abandoned
        let hadRequests = !connection.inFlight.isEmpty
        failInFlight(
            of: connection,
            kind: .connection,
            description: "the server closed the connection before answering"
        )
        connection.state = .closed
        let known = connections.contains { $0 === connection }
        forget(connection)
        guard known, !control.isStopping else { return }
        if closedLoop {
            connect(depth: connection.depth, after: hadRequests && !wasAbandoned ? .milliseconds(10) : nil)
        } else if let loop = openLoop, !loop.waiting.isEmpty, connections.count < loop.maxConnections {
            connect(depth: 1)
        }
    }

    private func failInFlight(of connection: BenchConnection, kind: ErrorTally.Kind, description: String) {
        guard !connection.abandoned else { return }
        while let request = connection.inFlight.popFirst() {
            control.finish(origin: request.origin)
            stats.recordFailure(model: request.model, origin: request.origin, kind: kind, description: description)
        }
    }

    private static func describe(_ response: ParsedResponse, model: String) -> String {
        var text = "model \"\(model)\": HTTP \(response.status)"
        let body =
            String(decoding: response.errorBody, as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
        if !body.isEmpty { text += ": \(body)" }
        return text
    }

    // MARK: - Timeouts

    private func startTimeoutChecks() {
        timeoutTask?.cancel()
        let period = max(10_000_000, min(100_000_000, Int64(clamping: setup.timeoutNanoseconds / 10)))
        timeoutTask = eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(period)) { [self] in
            checkTimeouts()
            startTimeoutChecks()
        }
    }

    private func checkTimeouts() {
        let now = Clock.monotonicNanos()
        let limit = setup.timeoutNanoseconds
        for connection in connections where connection.state == .open && !connection.abandoned {
            guard let oldest = connection.inFlight.first, now > oldest.sentAt, now - oldest.sentAt > limit else {
                continue
            }
            let seconds = Double(limit) / 1e9
            failInFlight(
                of: connection,
                kind: .timeout,
                description: "no answer within the \(seconds) s request timeout"
            )
            connection.abandon()
        }
    }

    // MARK: - Open loop

    /// Sends everything due, then sleeps until the next intended send. When the timer woke it early (as the pacer
    /// asked) it first waits on the clock for the next intended send; `precise: false` (a harvest) never waits.
    func tick(precise: Bool = true) {
        guard let loop = openLoop, !control.isStopping else { return }
        loop.timer?.cancel()
        loop.timer = nil
        var now = Clock.monotonicNanos()
        if precise, loop.next != .max, loop.next > now {
            now = loop.pacer.wait(until: loop.next, now: now, clock: Clock.monotonicNanos)
        }
        var used: [BenchConnection] = []
        var sending = true
        while loop.next <= now {
            let intended = loop.next
            loop.advance()
            guard control.claim(at: intended) else {
                sending = false
                break
            }
            stats.claimed(origin: intended)
            let model = sampler.next()
            if let connection = loop.idle.popLast() {
                send(on: connection, model: model, origin: intended, now: now)
                used.append(connection)
            } else {
                loop.waiting.append((model, intended))
                if connections.count < loop.maxConnections { connect(depth: 1) }
            }
        }
        for connection in used { connection.flush() }
        guard sending, loop.next != .max else { return }
        let deadline = loop.pacer.wakeDeadline(for: loop.next, now: now)
        // A deadline already past (sends closer together than the margin) fires at once: its lateness counts from now.
        let asked = max(deadline, now)
        loop.timer = eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(deadline)) { [self] in
            openLoop?.pacer.woke(at: Clock.monotonicNanos(), askedFor: asked)
            tick()
        }
    }
}

/// The schedule and the free connections of an open loop on one event loop.
final class OpenLoop {
    var schedule: ArrivalSchedule
    let start: UInt64
    let maxConnections: Int
    /// The absolute intended time of the next send.
    private(set) var next: UInt64
    var waiting = CircularBuffer<(model: Int, intended: UInt64)>()
    var idle: [BenchConnection] = []
    var timer: Scheduled<Void>?
    var pacer = SendPacer()

    init(schedule: ArrivalSchedule, start: UInt64, maxConnections: Int) {
        self.schedule = schedule
        self.start = start
        self.maxConnections = max(1, maxConnections)
        let first = self.schedule.next()
        next = first == .max ? .max : start &+ first
    }

    func advance() {
        let offset = schedule.next()
        next = offset == .max ? .max : start &+ offset
    }
}
