import Logging
import ServingTestSupport
import Testing

@testable import Server

/// The HTTP framework's log lines, as they reach the server's logger.
@Suite struct ForwardingLogHandlerTests {
    @Test func warningsAndErrorsBecomeLinesWithTheirLevelAndMetadata() {
        let captured = CapturedLog()
        var framework = Logger(label: "kserve.server.http") { _ in ForwardingLogHandler(target: captured.logger) }
        framework[metadataKey: "hb.request.id"] = "7"
        framework.info("server started")
        framework.warning("slow client", metadata: ["peer": "127.0.0.1"])
        framework.error("channel closed")
        #expect(
            captured.lines == [
                "warning: slow client hb.request.id=7 peer=127.0.0.1",
                "error: channel closed hb.request.id=7",
            ]
        )
        #expect(captured.lines(at: .warning).count == 1)
        #expect(captured.lines(at: .error).count == 1)
    }
}
