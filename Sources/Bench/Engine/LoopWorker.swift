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
    private(set) var control = RunControl(budget: nil)
    /// Raised with every new `control`: answers to requests sent before are left out of the counts.
    private var epoch: UInt32 = 0
    var sampler: ModelSampler
    var stats: LoopStats
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
        stats = LoopStats(modelCount: setup.templates.count)
    }

    // MARK: - Levels

    /// Starts a new phase (warm-up, measurement): what was sent before no longer counts. Returns what was
    /// measured in the phase that ends.
    @discardableResult
    func setControl(_ control: RunControl) -> LoopStats {
        self.control = control
        epoch &+= 1
        return harvest()
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

    /// Stops sending at `moment`; in open loop every intended send up to then that never left counts as dropped.
    func halt(at moment: UInt64) {
        control.stop()
        guard let loop = openLoop else { return }
        loop.timer?.cancel()
        loop.timer = nil
        while loop.next <= moment {
            stats.recordDropped(model: sampler.next())
            loop.advance()
        }
        while let waiting = loop.waiting.popFirst() { stats.recordDropped(model: waiting.model) }
    }

    var inFlightCount: Int { connections.reduce(0) { $0 + $1.inFlight.count } }

    /// Closes every connection; returns how many requests were still unanswered (not counted anywhere).
    func closeAll() -> Int {
        timeoutTask?.cancel()
        timeoutTask = nil
        openLoop?.timer?.cancel()
        openLoop = nil
        let unanswered = inFlightCount
        let all = connections
        connections.removeAll()
        for connection in all { connection.abandon() }
        return unanswered
    }

    /// Hands over what was measured since the last harvest and starts afresh.
    func harvest() -> LoopStats {
        var taken = LoopStats(modelCount: setup.templates.count)
        swap(&taken, &stats)
        return taken
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
            control.finish()
            stats.recordFailure(model: sampler.next(), kind: .connection, description: description)
            connect(depth: connection.depth, after: .milliseconds(50))
        } else if let loop = openLoop, let waiting = loop.waiting.popFirst() {
            control.finish()
            stats.recordFailure(model: waiting.model, kind: .connection, description: description)
        }
    }

    /// A connection can take requests: fill it (closed loop) or give it the oldest waiting request (open loop).
    private func ready(_ connection: BenchConnection) {
        if closedLoop {
            let now = MonotonicClock.now()
            var sent = false
            while connection.inFlight.count < connection.depth, control.claim(at: now) {
                send(on: connection, model: sampler.next(), origin: now, now: now)
                sent = true
            }
            if sent { connection.flush() }
        } else if let loop = openLoop {
            if let waiting = loop.waiting.popFirst() {
                send(on: connection, model: waiting.model, origin: waiting.intended, now: MonotonicClock.now())
                connection.flush()
            } else {
                loop.idle.append(connection)
            }
        }
    }

    private func send(on connection: BenchConnection, model: Int, origin: UInt64, now: UInt64) {
        let late = now > origin && now - origin > Self.lateNanoseconds
        stats.recordSent(model: model, bytes: templateSizes[model], late: late)
        connection.send(setup.templates[model].bytes, InFlight(model: model, origin: origin, sentAt: now, epoch: epoch))
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
        let counted = request.epoch == epoch
        if counted { control.finish() }
        if !counted {
            // An answer to a warm-up request: only the connection matters.
        } else if (200..<300).contains(response.status) {
            let latency = now > request.origin ? now - request.origin : 0
            stats.recordSuccess(model: request.model, latencyNanoseconds: latency, bytesReceived: response.wireBytes)
        } else {
            stats.recordFailure(
                model: request.model,
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
            guard request.epoch == epoch else { continue }
            control.finish()
            stats.recordFailure(model: request.model, kind: kind, description: description)
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
        let now = MonotonicClock.now()
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

    /// Sends everything due, then sleeps until the next intended send.
    func tick() {
        guard let loop = openLoop, !control.isStopping else { return }
        let now = MonotonicClock.now()
        var used: [BenchConnection] = []
        while loop.next <= now {
            let intended = loop.next
            loop.advance()
            guard control.claim(at: intended) else { return }
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
        guard loop.next != .max else { return }
        loop.timer = eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(loop.next)) { [self] in
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
