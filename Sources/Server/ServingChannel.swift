import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// The server's child channel: `Base` (HTTP/1, maybe under TLS) with ``InferenceFastPath`` right after the HTTP/1
/// decoder. The router's requests run as Hummingbird runs them, on the global executor: the control plane's file
/// work and the repository's management calls stay off the event loops.
struct ServingChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    /// Nil: every request goes through the router.
    let fastPath: InferenceFastPath.Settings?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let fastPath = fastPath
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            guard let fastPath else { return value }
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(
                InferenceFastPath(settings: fastPath, eventLoop: channel.eventLoop),
                position: .after(decoder.handler)
            )
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
