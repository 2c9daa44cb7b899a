import Testing

@testable import KServeCLI

/// A command line that must run, and what the invocation must answer.
struct RunCase: Sendable, CustomTestStringConvertible {
    var argv: [String]
    var environment: [String: String] = [:]
    var command: String
    var positionals: [String] = []
    /// Expected `value(_:)`; `nil` entries expect no value.
    var values: [String: String?] = [:]
    var lists: [String: [String]] = [:]
    var flags: [String: Bool] = [:]
    var counts: [String: Int] = [:]
    var isSet: [String: Bool] = [:]
    var durations: [String: Double] = [:]

    var testDescription: String { argv.joined(separator: " ") }
}

/// A command line that must fail, with the exact text `main` prints.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var argv: [String]
    var environment: [String: String] = [:]
    var rendered: String

    var testDescription: String { argv.joined(separator: " ") }
}

@Suite struct ArgumentParserTests {
    static let runCases: [RunCase] = [
        RunCase(
            argv: ["predict", "-m", "iris", "-i", "in.json"],
            command: "predict",
            values: ["model": "iris", "input": "in.json", "timeout": "60s", "output": "json", "protocol": nil],
            flags: ["binary": false, "no-color": false, "quiet": false],
            counts: ["verbose": 0],
            isSet: ["model": true, "timeout": false, "output": false, "url": false],
            durations: ["timeout": 60]
        ),
        RunCase(
            argv: ["predict", "--model=iris", "--input", "-", "--protocol=v2", "--binary"],
            command: "predict",
            values: ["model": "iris", "input": "-", "protocol": "v2"],
            flags: ["binary": true]
        ),
        RunCase(
            argv: ["-n", "team-a", "predict", "-mfoo", "-i-", "-o", "table"],
            command: "predict",
            values: ["namespace": "team-a", "model": "foo", "input": "-", "output": "table"],
            isSet: ["output": true]
        ),
        RunCase(
            argv: ["predict", "-m", "a", "-i", "b", "-H", "Authorization: Bearer x", "--header=x-id=7", "-HA:b"],
            command: "predict",
            lists: ["header": ["Authorization: Bearer x", "x-id=7", "A:b"], "model": ["a"], "url": []]
        ),
        RunCase(
            argv: ["predict", "-m", "a", "-m", "b", "-i", "c", "--timeout", "1m30s"],
            command: "predict",
            values: ["model": "b"],
            lists: ["model": ["a", "b"]],
            durations: ["timeout": 90]
        ),
        RunCase(
            argv: ["predict", "-m", "a", "-i", "b"],
            environment: ["KSERVE_URL": "http://env:8080", "NO_COLOR": "1"],
            command: "predict",
            values: ["url": "http://env:8080"],
            lists: ["url": ["http://env:8080"]],
            flags: ["no-color": true],
            isSet: ["url": true, "no-color": true]
        ),
        RunCase(
            argv: ["predict", "-m", "a", "-i", "b", "--url", "http://flag"],
            environment: ["KSERVE_URL": "http://env:8080", "NO_COLOR": ""],
            command: "predict",
            values: ["url": "http://flag"],
            flags: ["no-color": false],
            isSet: ["no-color": false]
        ),
        RunCase(
            argv: ["predict", "-m", "-5", "-i", "b", "--timeout", "0"],
            command: "predict",
            values: ["model": "-5"],
            durations: ["timeout": 0]
        ),
        RunCase(
            argv: ["models", "-vvv"],
            command: "models",
            values: ["output": "table", "timeout": "30s"],
            counts: ["verbose": 3]
        ),
        RunCase(argv: ["-v", "models", "--verbose", "-v"], command: "models", counts: ["verbose": 3]),
        RunCase(
            argv: ["models", "sklearn-iris", "-o", "yaml", "--namespace", "ns"],
            command: "models",
            positionals: ["sklearn-iris"],
            values: ["output": "yaml", "namespace": "ns"]
        ),
        RunCase(argv: ["list", "-n=ns"], command: "models", values: ["namespace": "ns"]),
        RunCase(argv: ["models", "--", "-weird"], command: "models", positionals: ["-weird"]),
        RunCase(argv: ["models", "--", "--help"], command: "models", positionals: ["--help"]),
        RunCase(argv: ["models", "-"], command: "models", positionals: ["-"]),
        RunCase(
            argv: ["--context", "c1", "--kubeconfig=/k/config", "models", "-q", "--no-color"],
            environment: ["KSERVE_CONTEXT": "c0", "KSERVE_NAMESPACE": "from-env"],
            command: "models",
            values: ["context": "c1", "kubeconfig": "/k/config", "namespace": "from-env"],
            flags: ["quiet": true, "no-color": true]
        ),
        RunCase(argv: ["version", "-o", "json"], command: "version", values: ["output": "json"]),
        RunCase(argv: ["version"], command: "version", values: ["output": "text"]),
    ]

    @Test(arguments: runCases)
    func runs(_ testCase: RunCase) throws {
        let outcome = try ArgumentParser.parse(testCase.argv, environment: testCase.environment).get()
        guard case .run(let invocation) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(invocation.command == testCase.command)
        #expect(invocation.positionals == testCase.positionals)
        for (name, expected) in testCase.values {
            #expect(invocation.value(OptionKey(name)) == expected, "value(\(name))")
        }
        for (name, expected) in testCase.lists {
            #expect(invocation.values(OptionKey(name)) == expected, "values(\(name))")
        }
        for (name, expected) in testCase.flags {
            #expect(invocation.flag(OptionKey(name)) == expected, "flag(\(name))")
        }
        for (name, expected) in testCase.counts {
            #expect(invocation.count(OptionKey(name)) == expected, "count(\(name))")
        }
        for (name, expected) in testCase.isSet {
            #expect(invocation.isSet(OptionKey(name)) == expected, "isSet(\(name))")
        }
        for (name, expected) in testCase.durations {
            #expect(invocation.duration(OptionKey(name)) == expected, "duration(\(name))")
        }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            argv: ["predict", "--modle", "x"],
            rendered: """
                error: unknown option '--modle'
                Did you mean '--model'?
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict", "-m", "a", "-i", "b", "--namespce", "x"],
            rendered: """
                error: unknown option '--namespce'
                Did you mean '--namespace'?
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predcit", "-m", "a"],
            rendered: """
                error: unknown command 'predcit'
                Did you mean 'predict'?
                Usage: kserve COMMAND [options]
                Run 'kserve --help' for more.
                """
        ),
        ErrorCase(
            argv: ["lst"],
            rendered: """
                error: unknown command 'lst'
                Did you mean 'list'?
                Usage: kserve COMMAND [options]
                Run 'kserve --help' for more.
                """
        ),
        ErrorCase(
            argv: ["xyzzy"],
            rendered: """
                error: unknown command 'xyzzy'
                Usage: kserve COMMAND [options]
                Run 'kserve --help' for more.
                """
        ),
        ErrorCase(
            argv: ["--versoin"],
            rendered: """
                error: unknown option '--versoin'
                Did you mean '--version'?
                Usage: kserve COMMAND [options]
                Run 'kserve --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict", "-i", "x", "-m"],
            rendered: """
                error: option '-m' needs a value
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict", "--model", "--input", "x"],
            rendered: """
                error: option '--model' needs a value
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict", "-m", "a", "-i", "b", "--timeout", "fast"],
            rendered: """
                error: invalid value 'fast' for --timeout: expected a duration such as 30s, 5m or 1h
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict", "-m", "a", "-i", "b", "--protocol", "v3"],
            rendered: """
                error: invalid value 'v3' for --protocol: expected one of v1, v2
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict", "-m", "a", "-i", "b", "-H", "no separator"],
            rendered: """
                error: invalid value 'no separator' for -H: expected 'Name: value' or name=value
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict", "-m", "a", "--input="],
            rendered: """
                error: invalid value '' for --input: expected a file path, or '-' for standard input
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict", "-m", "a"],
            rendered: """
                error: missing required option '--input'
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict"],
            rendered: """
                error: missing required options '--model', '--input'
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["predict", "-m", "a", "-i", "b", "--binary=yes"],
            rendered: """
                error: option '--binary' does not take a value
                Usage: kserve predict --model NAME --input FILE [options]
                Run 'kserve predict --help' for more.
                """
        ),
        ErrorCase(
            argv: ["models", "a", "b"],
            rendered: """
                error: unexpected argument 'b'
                Usage: kserve models [NAME] [options]
                Run 'kserve models --help' for more.
                """
        ),
        ErrorCase(
            argv: ["models", "-o", "jsn"],
            rendered: """
                error: invalid value 'jsn' for --output: expected one of table, wide, json, yaml, name
                Did you mean 'json'?
                Usage: kserve models [NAME] [options]
                Run 'kserve models --help' for more.
                """
        ),
        ErrorCase(
            argv: ["-q", "models", "-v"],
            rendered: """
                error: options '--quiet' and '--verbose' cannot be used together
                Usage: kserve models [NAME] [options]
                Run 'kserve models --help' for more.
                """
        ),
        ErrorCase(
            argv: ["models", "-vqx"],
            rendered: """
                error: unknown option '-x'
                Usage: kserve models [NAME] [options]
                Run 'kserve models --help' for more.
                """
        ),
        ErrorCase(
            argv: ["models", "-url", "http://a"],
            rendered: """
                error: unknown option '-u'
                Did you mean '--url'?
                Usage: kserve models [NAME] [options]
                Run 'kserve models --help' for more.
                """
        ),
        ErrorCase(
            argv: ["help", "prdict"],
            rendered: """
                error: unknown command 'prdict'
                Did you mean 'predict'?
                Usage: kserve COMMAND [options]
                Run 'kserve --help' for more.
                """
        ),
        ErrorCase(
            argv: ["help", "predict", "models"],
            rendered: """
                error: unexpected argument 'models'
                Usage: kserve help [COMMAND] [options]
                Run 'kserve help --help' for more.
                """
        ),
    ]

    @Test(arguments: errorCases)
    func fails(_ testCase: ErrorCase) {
        switch ArgumentParser.parse(testCase.argv, environment: testCase.environment) {
        case .success(let outcome): Issue.record("expected a usage error, got \(outcome)")
        case .failure(let error): #expect(UsageErrorRenderer.render(error) == testCase.rendered)
        }
    }

    static let outcomeCases: [(argv: [String], outcome: ParseOutcome)] = [
        ([], .help(command: nil)),
        (["--help"], .help(command: nil)),
        (["-h"], .help(command: nil)),
        (["-n", "ns"], .help(command: nil)),
        (["help"], .help(command: nil)),
        (["help", "--help"], .help(command: "help")),
        (["help", "predict"], .help(command: "predict")),
        (["help", "list"], .help(command: "models")),
        (["predict", "--help"], .help(command: "predict")),
        (["predict", "-h"], .help(command: "predict")),
        (["--help", "models"], .help(command: "models")),
        (["predict", "--modle", "x", "--help"], .help(command: "predict")),
        (["--bogus", "-h"], .help(command: nil)),
        (["--version"], .version),
        (["-v", "--version", "predict"], .version),
    ]

    @Test(arguments: outcomeCases)
    func outcomes(_ argv: [String], _ expected: ParseOutcome) {
        #expect(ArgumentParser.parse(argv, environment: [:]) == .success(expected))
    }

    @Test func errorCarriesCommandAndSuggestion() {
        let result = ArgumentParser.parse(["models", "--tmeout", "5s"], environment: [:])
        #expect(
            result
                == .failure(UsageError("unknown option '--tmeout'", command: "models", suggestion: "--timeout"))
        )
    }
}
