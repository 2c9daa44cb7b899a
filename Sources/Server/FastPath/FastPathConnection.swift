import Core
import NIOCore
import NIOHTTP1

/// The state of one connection as ``InferenceFastPath`` sees it; its mutating functions return what the handler
/// does next.
///
/// A request is idle, being collected (a taken request whose body arrives), being answered here, or passed to the
/// router (until both its last part and its answer's last part went by). While a request is answered, here or by
/// the router, what arrives next waits in order, so that answers leave in the order of the requests.
struct FastPathConnection {
    enum Action {
        case none
        /// Hand this part on to the router.
        case pass(HTTPServerRequestPart)
        /// Answer this request here.
        case answer(FastInferRoute, ByteBuffer)
    }

    private enum State {
        case idle
        case collecting(FastInferRoute, ByteBuffer)
        case answering
        case passing(requestEnded: Bool, answerEnded: Bool)
        case closed
    }

    /// Parts that may wait before reading stops: a client pipelining this far ahead waits for the server.
    static let waitingLimit = 256

    private var state = State.idle
    private var waiting = FIFOQueue<HTTPServerRequestPart>()
    private var readHeld = false
    private var quiesceDeferred = false

    /// Whether what arrives now must wait for an answer in progress.
    private var isBusy: Bool {
        switch state {
        case .answering, .passing(requestEnded: true, answerEnded: false): return true
        default: return false
        }
    }

    /// A part from the decoder; `route` says whether a request head is one this path answers.
    mutating func received(
        _ part: HTTPServerRequestPart,
        route: (HTTPRequestHead) -> FastInferRoute?
    ) -> Action {
        if isBusy || !waiting.isEmpty {
            waiting.append(part)
            return .none
        }
        return handle(part, route: route)
    }

    /// The next thing to do with what waited, nil once nothing waits or a request is being answered again.
    mutating func nextWaiting(route: (HTTPRequestHead) -> FastInferRoute?) -> Action? {
        while !isBusy, let part = waiting.popFirst() {
            let action = handle(part, route: route)
            if case .none = action { continue }
            return action
        }
        return nil
    }

    private mutating func handle(_ part: HTTPServerRequestPart, route: (HTTPRequestHead) -> FastInferRoute?) -> Action {
        switch state {
        case .idle:
            guard case .head(let head) = part else { return .pass(part) }
            if let taken = route(head) {
                state = .collecting(taken, ByteBufferAllocator().buffer(capacity: taken.bodyLength))
                return .none
            }
            state = .passing(requestEnded: false, answerEnded: false)
            return .pass(part)
        case .collecting(let taken, var body):
            switch part {
            case .body(let chunk):
                // Out of the enum while it grows, so that the buffer is not copied.
                state = .answering
                body.writeImmutableBuffer(chunk)
                state = .collecting(taken, body)
                return .none
            case .end:
                state = .answering
                return .answer(taken, body)
            case .head:
                // The decoder ends one request before it starts the next; a head here is the router's to judge.
                state = .passing(requestEnded: false, answerEnded: false)
                return .pass(part)
            }
        case .passing(_, let answerEnded):
            if case .end = part {
                state = answerEnded ? .idle : .passing(requestEnded: true, answerEnded: false)
            }
            return .pass(part)
        case .answering:
            waiting.append(part)
            return .none
        case .closed:
            return .none
        }
    }

    /// The router wrote the end of an answer; true when something waits for that (parts, a held read, a deferred
    /// shutdown request).
    mutating func routerAnswerEnded() -> Bool {
        guard case .passing(let requestEnded, _) = state else { return false }
        guard requestEnded else {
            state = .passing(requestEnded: false, answerEnded: true)
            return false
        }
        state = .idle
        return !waiting.isEmpty || readHeld || quiesceDeferred
    }

    /// This path's answer is about to be written; false when the connection went away meanwhile.
    mutating func answered() -> Bool {
        guard case .answering = state else { return false }
        state = .idle
        return true
    }

    /// Whether to hold the channel's next read (too much waits already).
    mutating func holdsRead() -> Bool {
        guard waiting.count >= Self.waitingLimit else { return false }
        readHeld = true
        return true
    }

    /// Whether to issue the read held earlier.
    mutating func releaseRead() -> Bool {
        guard readHeld, waiting.count < Self.waitingLimit else { return false }
        readHeld = false
        return true
    }

    /// Whether to keep a shutdown request until this path's request is answered.
    mutating func deferQuiesce() -> Bool {
        switch state {
        case .collecting, .answering:
            quiesceDeferred = true
            return true
        default:
            return false
        }
    }

    /// Whether to hand on the shutdown request kept earlier (no request of this path in progress any more).
    mutating func releaseQuiesce() -> Bool {
        guard quiesceDeferred else { return false }
        switch state {
        case .collecting, .answering: return false
        default:
            quiesceDeferred = false
            return true
        }
    }

    /// The decoder failed: a request being collected is the router's now (it answers the parse error).
    mutating func failed() {
        if case .collecting = state { state = .passing(requestEnded: true, answerEnded: false) }
    }

    mutating func closed() {
        state = .closed
        _ = waiting.removeAll()
    }
}
