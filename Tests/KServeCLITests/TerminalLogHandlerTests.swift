import Core
import Logging
import Testing

@testable import KServeCLI

/// `kserve serve`'s log lines on stderr.
@Suite struct TerminalLogHandlerTests {
    @Test func aMessageIsOneLineAsWritten() {
        #expect(TerminalLogHandler.line("registered 2 models: a, b") == "registered 2 models: a, b\n")
        #expect(TerminalLogHandler.line("error: GET /v2: 500 boom\n") == "error: GET /v2: 500 boom\n")
        #expect(TerminalLogHandler.line("") == "\n")
    }

    @Test func quietLogsNothingAndOtherwiseFromInfoUp() {
        let terminal = Terminal(noColor: true, environment: [:])
        #expect(TerminalLogHandler.logger(terminal: terminal, quiet: true).handler is SwiftLogNoOpLogHandler)
        let logger = TerminalLogHandler.logger(terminal: terminal, quiet: false)
        #expect(logger.handler is TerminalLogHandler)
        #expect(logger.logLevel == .info)
    }
}
