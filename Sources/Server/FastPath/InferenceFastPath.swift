import Core
import NIOCore
import NIOHTTP1

/// Answers V2 infer requests addressed by model name (see ``FastInferRoute``) straight from the HTTP/1 decoder, in
/// front of Hummingbird's router, and passes every other request on to the router untouched.
///
/// The router's way costs a request and a response object, an async sequence element each way and a trip through
/// the route tree and the middleware; on a small model that was most of the server's time per request. This
/// handler sits between NIO's HTTP/1 decoder and Hummingbird's codec. It keeps HTTP/1.1's order: while one request
/// is being answered, here or by the router, what a pipelining client sends next waits (and reading stops when too
/// much waits), and a graceful shutdown waits for the answer in progress.
final class InferenceFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    struct Settings: Sendable {
        var plane: DataPlane
        var limits: FastInferRoute.Limits
    }

    private let settings: Settings
    private let executor: EventLoopExecutor
    private var connection = FastPathConnection()
    private var date = HTTPDate()

    init(settings: Settings, eventLoop: any EventLoop) {
        self.settings = settings
        self.executor = EventLoopExecutor(eventLoop)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        let limits = settings.limits
        let action = connection.received(part) { FastInferRoute.match($0, limits: limits) }
        perform(action, context: context)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        context.write(data, promise: promise)
        guard case .end = part, connection.routerAnswerEnded() else { return }
        // Not from within the router's write: what waited is handed on from the next turn of the loop.
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let (handler, context) = bound.value
            handler.drain(context: context)
        }
    }

    func read(context: ChannelHandlerContext) {
        if connection.holdsRead() { return }
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The router's connection handler closes a connection it thinks idle; one of ours may be mid-answer.
        if event is ChannelShouldQuiesceEvent, connection.deferQuiesce() { return }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        connection.failed()
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.closed()
        context.fireChannelInactive()
    }

    private func perform(_ action: FastPathConnection.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .pass(let part):
            context.fireChannelRead(wrapInboundOut(part))
        case .answer(let route, let body):
            answer(route, body: body, context: context)
        }
    }

    /// Runs the request on the data plane in a task that prefers this channel's event loop, then writes the answer.
    private func answer(_ route: FastInferRoute, body: ByteBuffer, context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let plane = settings.plane
        let eventLoop = context.eventLoop
        Task(executorPreference: executor) {
            let answer = await plane.answer(route, body: body)
            // The preferred executor runs the task on the event loop; the check keeps that an assumption no more.
            if eventLoop.inEventLoop {
                let (handler, context) = bound.value
                handler.finish(answer, context: context)
            } else {
                eventLoop.execute {
                    let (handler, context) = bound.value
                    handler.finish(answer, context: context)
                }
            }
        }
    }

    private func finish(_ answer: FastAnswer, context: ChannelHandlerContext) {
        guard connection.answered() else { return }
        var headers = HTTPHeaders()
        headers.reserveCapacity(3 + answer.fields.count)
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(answer.body.count))
        headers.add(name: "Date", value: date.now())
        for field in answer.fields { headers.add(name: field.name, value: field.value) }
        var body = context.channel.allocator.buffer(capacity: answer.body.count)
        body.writeBytes(answer.body)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: answer.status, headers: headers))),
            promise: nil
        )
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        if answer.closesConnection {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        drain(context: context)
    }

    /// Hands on what waited while a request was answered, until the next request being answered; then the deferred
    /// shutdown request and the held read, if any.
    private func drain(context: ChannelHandlerContext) {
        var passed = false
        let limits = settings.limits
        while let action = connection.nextWaiting(route: { FastInferRoute.match($0, limits: limits) }) {
            if case .pass = action { passed = true }
            perform(action, context: context)
        }
        if passed { context.fireChannelReadComplete() }
        if connection.releaseQuiesce() { context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
        if connection.releaseRead() { context.read() }
    }
}
