import Testing

@testable import KServeCLI

@Suite struct HelpRendererTests {
    /// `nil` is the top-level page.
    static let pages: [String?] = [nil] + CommandTable.commands.filter { !$0.hidden }.map(\.name)

    static func goldenName(_ command: String?) -> String {
        command.map { "help-\($0).txt" } ?? "help.txt"
    }

    @Test(arguments: pages)
    func matchesGoldenFile(_ command: String?) throws {
        try GoldenFile.check(HelpRenderer.help(for: command), against: Self.goldenName(command))
    }

    @Test func everyGoldenFileBelongsToAPage() throws {
        guard !GoldenFile.updating else { return }
        #expect(try GoldenFile.names() == Set(Self.pages.map(Self.goldenName)))
    }

    @Test(arguments: pages)
    func staysWithinWidth(_ command: String?) {
        let help = HelpRenderer.help(for: command)
        let long = help.split(separator: "\n").filter { $0.count > HelpRenderer.width }
        #expect(long.isEmpty, "lines over \(HelpRenderer.width) columns: \(long)")
        #expect(help.hasSuffix("\n") && !help.hasSuffix("\n\n"))
    }

    @Test func aliasShowsTheCommandsPage() {
        #expect(HelpRenderer.help(for: "list") == HelpRenderer.help(for: "models"))
        #expect(HelpRenderer.help(for: "no-such-command") == HelpRenderer.help(for: nil))
    }

    @Test func usageLines() {
        #expect(HelpRenderer.usageLine(for: "predict") == "Usage: kserve predict --model NAME --input FILE [options]")
        #expect(HelpRenderer.usageLine(for: "models") == "Usage: kserve models [NAME] [options]")
        #expect(HelpRenderer.usageLine(for: "help") == "Usage: kserve help [COMMAND] [options]")
        #expect(HelpRenderer.usageLine(for: nil) == "Usage: kserve COMMAND [options]")
        #expect(
            HelpRenderer.usageLine(for: "deploy", in: TestTables.set)
                == "Usage: kserve deploy --filename FILE NAME [EXTRA...] [options]"
        )
    }

    @Test func everyVisibleOptionAndCommandIsShown() {
        let topLevel = HelpRenderer.help(for: nil)
        for command in CommandTable.commands where !command.hidden {
            #expect(topLevel.contains("\n  \(command.name) "), "\(command.name) missing from the command list")
            let page = HelpRenderer.help(for: command.name)
            for option in command.options + CommandTable.globalOptions where !option.hidden {
                let isOutput = option.long == CommandTable.outputOption
                let expected = !isOutput || !command.outputFormats.isEmpty
                #expect(page.contains("--\(option.long)") == expected, "--\(option.long) on \(command.name)'s page")
            }
        }
    }

    @Test func hiddenOptionsAndCommandsAreNeverShown() {
        let topLevel = HelpRenderer.help(for: nil, in: TestTables.set)
        #expect(topLevel.contains("  deploy "))
        #expect(!topLevel.contains("internal"))
        let deploy = HelpRenderer.help(for: "deploy", in: TestTables.set)
        #expect(deploy.contains("--replicas N"))
        #expect(!deploy.contains("secret"))
    }

    @Test func optionNotesComeFromTheTable() {
        let page = HelpRenderer.help(for: "deploy", in: TestTables.set)
        #expect(page.contains("  -f, --filename FILE      Manifest to apply [required] [repeatable]\n"))
        #expect(page.contains("      --timeout DURATION   How long to wait [default: 5m] [env: TEST_TIMEOUT]\n"))
        #expect(page.contains("  -o, --output name|json   Output format [default: name]\n"))
        let plain = HelpRenderer.help(for: "plain", in: TestTables.set)
        #expect(!plain.contains("--output"))
    }

    @Test func wrapsLongDescriptionsUnderTheirColumn() {
        let rows = [HelpRow(term: "--a", description: String(repeating: "word ", count: 30))]
        let lines = HelpRow.render(rows, column: 10, width: 40)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 10) + "word") })
        let long = HelpRow.render(
            [HelpRow(term: String(repeating: "x", count: 40), description: "d")],
            column: 10,
            width: 40
        )
        #expect(long == ["  " + String(repeating: "x", count: 40), String(repeating: " ", count: 10) + "d"])
    }

    @Test func noBreakSpaceKeepsNotesTogether() {
        let lines = TextWrapper.wrap("aaaa [env:\u{A0}LONG_NAME]", width: 12, indent: 0)
        #expect(lines == ["aaaa", "[env: LONG_NAME]"])
    }

    @Test func renderedUsageErrorWithoutCommand() {
        let text = UsageErrorRenderer.render(UsageError("unknown command 'x'"))
        #expect(text == "error: unknown command 'x'\nUsage: kserve COMMAND [options]\nRun 'kserve --help' for more.")
    }
}
