import Testing

@testable import KServeCLI

/// Parser behaviour on shapes only the test table has.
extension ArgumentParserTests {
    private func parse(_ argv: [String], environment: [String: String] = [:]) -> Result<ParseOutcome, UsageError> {
        ArgumentParser.parse(argv, environment: environment, in: TestTables.set)
    }

    @Test func repeatingArgumentTakesTheRest() throws {
        let outcome = try parse(["apply", "a", "-f", "x.yaml", "b", "c", "--filename=-", "--replicas", "-2"]).get()
        let expected = Invocation(
            command: "deploy",
            positionals: ["a", "b", "c"],
            given: ["filename": ["x.yaml", "-"], "replicas": ["-2"]],
            defaults: ["timeout": "5m", "output": "name"]
        )
        #expect(outcome == .run(expected))
        guard case .run(let invocation) = outcome else { return }
        #expect(invocation.int(OptionKey("replicas")) == -2)
        #expect(invocation.duration(OptionKey("timeout")) == 300)
    }

    @Test func missingRequiredArgument() {
        #expect(parse(["deploy", "-f", "m.yaml"]) == .failure(UsageError("missing argument NAME", command: "deploy")))
    }

    @Test func invalidInteger() {
        let error = UsageError("invalid value 'many' for --replicas: expected an integer", command: "deploy")
        #expect(parse(["deploy", "a", "-f", "m", "--replicas", "many"]) == .failure(error))
    }

    @Test func environmentValuesAreValidated() {
        let error = UsageError(
            "invalid value 'soon' for --timeout (from TEST_TIMEOUT): expected a duration such as 30s, 5m or 1h",
            command: "deploy"
        )
        #expect(parse(["deploy", "a", "-f", "m"], environment: ["TEST_TIMEOUT": "soon"]) == .failure(error))
    }

    @Test func environmentBeatsDefaultAndFlagBeatsEnvironment() throws {
        let environment = ["TEST_TIMEOUT": "2s"]
        let fromEnvironment = try parse(["deploy", "a", "-f", "m"], environment: environment).get()
        let fromFlag = try parse(["deploy", "a", "-f", "m", "--timeout", "1h"], environment: environment).get()
        guard case .run(let first) = fromEnvironment, case .run(let second) = fromFlag else {
            Issue.record("expected runs, got \(fromEnvironment) and \(fromFlag)")
            return
        }
        #expect(first.duration(OptionKey("timeout")) == 2)
        #expect(first.isSet(OptionKey("timeout")))
        #expect(second.duration(OptionKey("timeout")) == 3600)
    }

    @Test func hiddenOptionParsesButIsNeverSuggested() throws {
        let outcome = try parse(["deploy", "a", "-f", "m", "--secret"]).get()
        guard case .run(let invocation) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(invocation.flag(OptionKey("secret")))
        #expect(
            parse(["deploy", "a", "-f", "m", "--secrt"])
                == .failure(UsageError("unknown option '--secrt'", command: "deploy"))
        )
    }

    @Test func hiddenCommandRunsButIsNeverSuggested() {
        #expect(parse(["internal"]) == .success(.run(Invocation(command: "internal"))))
        #expect(parse(["internl"]) == .failure(UsageError("unknown command 'internl'")))
    }

    @Test func commandWithoutFormatsRejectsOutput() {
        let error = UsageError("option '--output' is not accepted by 'kserve plain'", command: "plain")
        #expect(parse(["plain", "-o", "json"]) == .failure(error))
    }
}
