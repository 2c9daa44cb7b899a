import Core
import NIOCore

/// A request on the wire: which model, where its latency counts from, and when it actually left.
struct InFlight {
    var model: Int
    /// The intended send time (open loop) or the actual one (closed loop).
    var origin: UInt64
    var sentAt: UInt64
}

/// One keep-alive connection of a load level. Confined to its worker's event loop.
final class BenchConnection {
    enum State {
        case connecting
        case open
        case closed
    }

    unowned let worker: LoopWorker
    /// Requests kept outstanding on this connection in closed loop (more than 1 pipelines them).
    let depth: Int
    var state = State.connecting
    var handler: ResponseHandler?
    var inFlight = CircularBuffer<InFlight>(initialCapacity: 4)
    /// Set when this side closes the connection: its requests are already accounted for.
    var abandoned = false

    init(worker: LoopWorker, depth: Int) {
        self.worker = worker
        self.depth = depth
    }

    func send(_ bytes: ByteBuffer, _ request: InFlight) {
        inFlight.append(request)
        handler?.write(bytes)
    }

    func flush() { handler?.flush() }

    /// Closes from this side; whatever is in flight must have been accounted for already.
    func abandon() {
        abandoned = true
        inFlight.removeAll()
        handler?.close()
    }
}

/// Reads responses off the socket, pairs each with its request (in order) and tells the worker.
final class ResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private unowned let connection: BenchConnection
    private var parser = HTTPResponseParser()
    private var parsed: [ParsedResponse] = []
    private var context: ChannelHandlerContext?
    private var closed = false

    init(connection: BenchConnection) {
        self.connection = connection
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func write(_ bytes: ByteBuffer) {
        context?.write(wrapOutboundOut(bytes), promise: nil)
    }

    func flush() { context?.flush() }

    func close() {
        guard !closed else { return }
        closed = true
        context?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let now = Clock.monotonicNanos()
        var failure: HTTPParseError?
        do {
            try parser.feed(&buffer) { parsed.append($0) }
        } catch {
            failure = error
        }
        // Handled after parsing: the worker may write or close, which must not re-enter the parser.
        var responses: [ParsedResponse] = []
        swap(&responses, &parsed)
        for response in responses {
            connection.worker.received(response, on: connection, at: now)
        }
        responses.removeAll(keepingCapacity: true)
        parsed = responses
        if let failure {
            connection.worker.protocolFailure(failure.description, on: connection)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        if case .success(let response) = parser.connectionClosed() {
            connection.worker.received(response, on: connection, at: Clock.monotonicNanos())
        }
        connection.worker.closed(connection)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        connection.worker.noteError("\(error)", on: connection)
        close()
    }
}
