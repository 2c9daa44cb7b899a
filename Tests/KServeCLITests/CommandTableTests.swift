import Testing

@testable import KServeCLI

@Suite struct CommandTableTests {
    @Test func tableIsValid() {
        #expect(CommandTable.validate() == [])
    }

    @Test func testTableIsValid() {
        #expect(CommandTable.validate(TestTables.set) == [])
    }

    /// Commands read options through `OptionKey` constants: each one is declared by the table, and every option the
    /// table declares has one.
    @Test func everyOptionKeyIsDeclaredAndEveryDeclaredOptionHasAKey() {
        let declared = Set(
            (CommandTable.globalOptions + CommandTable.rootOptions + CommandTable.commands.flatMap(\.options))
                .map(\.long)
        )
        let keys = Set(OptionKey.all.map(\.name))
        #expect(keys.count == OptionKey.all.count, "a key is listed twice in OptionKey.all")
        #expect(keys.subtracting(declared).sorted() == [], "keys no option declares")
        #expect(declared.subtracting(keys).sorted() == [], "options without a key in OptionKey.all")
    }

    @Test func commandsAndAliases() {
        #expect(
            CommandTable.commands.map(\.name) == [
                "deploy", "models", "predict", "scale", "delete", "bench", "serve", "version", "help",
            ]
        )
        #expect(CommandTable.command(named: "apply")?.name == "deploy")
        #expect(CommandTable.command(named: "list")?.name == "models")
        #expect(CommandTable.command(named: "predict")?.name == "predict")
        #expect(CommandTable.command(named: "nope") == nil)
    }

    @Test func globalOptions() {
        let globals = CommandTable.globalOptions.map { "\($0.short.map { "-\($0)/" } ?? "")--\($0.long)" }
        #expect(
            globals == [
                "-n/--namespace", "--context", "--kubeconfig", "--local", "-o/--output", "-v/--verbose", "-q/--quiet",
                "--no-color", "-h/--help",
            ]
        )
        #expect(CommandTable.globalOptions.first { $0.long == "verbose" }?.kind == .counter)
        #expect(CommandTable.globalOptions.first { $0.long == "no-color" }?.env == "NO_COLOR")
    }

    @Test func predictOptions() throws {
        let predict = try #require(CommandTable.command(named: "predict"))
        let byName = Dictionary(uniqueKeysWithValues: predict.options.map { ($0.long, $0) })
        #expect(byName["model"]?.required == true)
        #expect(byName["model"]?.completion == .dynamic("models"))
        #expect(byName["input"]?.required == true)
        #expect(byName["input"]?.completion == .file(extensions: ["json"]))
        #expect(byName["url"]?.env == "KSERVE_URL")
        #expect(byName["protocol"]?.kind == .value(.choice(["v1", "v2"]), valueName: "PROTOCOL"))
        #expect(byName["protocol"]?.completion == .values(["v1", "v2"]))
        #expect(byName["header"]?.kind == .repeated(.keyValue, valueName: "HEADER"))
        #expect(byName["timeout"]?.defaultValue == "60s")
        #expect(predict.outputFormats == ["json", "table"])
    }

    @Test func otherCommands() throws {
        let models = try #require(CommandTable.command(named: "models"))
        #expect(models.outputFormats == ["table", "wide", "json", "yaml", "name"])
        #expect(models.positionals.map(\.optional) == [true])
        #expect(CommandTable.command(named: "version")?.outputFormats == ["text", "json"])
        let help = try #require(CommandTable.command(named: "help"))
        #expect(
            help.positionals.first?.completion
                == .values(["deploy", "models", "predict", "scale", "delete", "bench", "serve", "version", "help"])
        )
        let scale = try #require(CommandTable.command(named: "scale"))
        #expect(scale.positionals.map(\.optional) == [false])
        #expect(CommandTable.command(named: "deploy")?.positionals.first?.repeating == true)
        #expect(CommandTable.command(named: "delete")?.positionals.first?.repeating == true)
    }

    static let brokenTables: [(String, CommandSet)] = [
        (
            "predict: '-n' is declared twice",
            table(options: [OptionSpec(long: OptionKey("name"), short: "n", kind: .flag, help: "x")])
        ),
        (
            "predict: '--quiet' is declared twice",
            table(options: [OptionSpec(long: OptionKey("quiet"), kind: .flag, help: "x")])
        ),
        (
            "predict: option '--wait': default 'soon' is invalid: expected a duration such as 30s, 5m or 1h",
            table(options: [
                OptionSpec(
                    long: OptionKey("wait"),
                    kind: .value(.duration, valueName: "D"),
                    help: "x",
                    defaultValue: "soon"
                )
            ])
        ),
        (
            "predict: option '--mode': default 'c' is invalid: expected one of a, b",
            table(options: [
                OptionSpec(
                    long: OptionKey("mode"),
                    kind: .value(.choice(["a", "b"]), valueName: "M"),
                    help: "x",
                    defaultValue: "c"
                )
            ])
        ),
        (
            "predict: option '--fast': a flag or counter cannot have a default",
            table(options: [OptionSpec(long: OptionKey("fast"), kind: .flag, help: "x", defaultValue: "1")])
        ),
        (
            "predict: option '--must': a required option can be neither defaulted nor hidden",
            table(options: [
                OptionSpec(
                    long: OptionKey("must"),
                    kind: .value(.string, valueName: "V"),
                    help: "x",
                    defaultValue: "v",
                    required: true
                )
            ])
        ),
        (
            "predict: option '--Bad': long name is not lowercase letters, digits, '-'",
            table(options: [OptionSpec(long: OptionKey("Bad"), kind: .flag, help: "x")])
        ),
        (
            "predict: option '--tok': 'my-token' is not an environment variable name",
            table(options: [
                OptionSpec(long: OptionKey("tok"), kind: .value(.string, valueName: "T"), help: "x", env: "my-token")
            ])
        ),
        (
            "predict: argument FILES: only the last argument may repeat",
            table(positionals: [
                PositionalSpec(name: "FILES", help: "x", repeating: true), PositionalSpec(name: "LAST", help: "y"),
            ])
        ),
        (
            "predict: argument LAST: a required argument cannot follow an optional one",
            table(positionals: [
                PositionalSpec(name: "FIRST", help: "x", optional: true), PositionalSpec(name: "LAST", help: "y"),
            ])
        ),
        ("predict: unknown output format 'xml'", table(outputFormats: ["json", "xml"])),
        ("predict: an output format is listed twice", table(outputFormats: ["json", "json"])),
        (
            "predict: example 'kserve predict -m a' does not parse: missing required option '--input'",
            table(examples: [.init("Incomplete", "kserve predict -m a")])
        ),
        (
            "predict: example 'kserve models' does not run predict",
            table(examples: [.init("Wrong command", "kserve models")])
        ),
        (
            "command name 'predict' is used twice",
            CommandSet(
                commands: CommandTable.commands + [CommandSpec(name: "predict", abstract: "Again")],
                globalOptions: CommandTable.globalOptions,
                rootOptions: CommandTable.rootOptions
            )
        ),
    ]

    @Test(arguments: brokenTables)
    func validationFindsProblems(_ expected: String, _ table: CommandSet) {
        let problems = CommandTable.validate(table)
        #expect(problems.contains(expected), "got \(problems)")
    }

    /// The real table with `predict` changed.
    private static func table(
        options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [],
        outputFormats: [String]? = nil,
        examples: [CommandSpec.Example]? = nil
    ) -> CommandSet {
        var commands = CommandTable.commands
        if let index = commands.firstIndex(where: { $0.name == "predict" }) {
            commands[index].options += options
            commands[index].positionals += positionals
            if let outputFormats { commands[index].outputFormats = outputFormats }
            if let examples { commands[index].examples = examples }
        }
        return CommandSet(
            commands: commands,
            globalOptions: CommandTable.globalOptions,
            rootOptions: CommandTable.rootOptions
        )
    }

    @Test func exampleWords() {
        #expect(
            ExampleWords.split("kserve a -H 'A: b' \"c d\" x< in.json") == ["kserve", "a", "-H", "A: b", "c d", "x"]
        )
        #expect(ExampleWords.split("kserve a | jq .") == ["kserve", "a"])
        #expect(ExampleWords.split("kserve -i ''") == ["kserve", "-i", ""])
    }
}
