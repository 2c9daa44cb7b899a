@testable import KServeCLI

/// A table with shapes the real one does not have yet: hidden options and commands, a repeating argument, an int
/// option, an environment fallback with a strict kind, and a command without output formats.
enum TestTables {
    static let deploy = CommandSpec(
        name: "deploy",
        aliases: ["apply"],
        abstract: "Apply manifests",
        options: [
            OptionSpec(
                long: OptionKey("filename"),
                short: "f",
                kind: .repeated(.path, valueName: "FILE"),
                help: "Manifest to apply",
                required: true
            ),
            OptionSpec(long: OptionKey("replicas"), kind: .value(.int, valueName: "N"), help: "Replica count"),
            OptionSpec(long: OptionKey("secret"), kind: .flag, help: "Not for users", hidden: true),
            OptionSpec(
                long: OptionKey("timeout"),
                kind: .value(.duration, valueName: "DURATION"),
                help: "How long to wait",
                defaultValue: "5m",
                env: "TEST_TIMEOUT"
            ),
        ],
        positionals: [
            PositionalSpec(name: "NAME", help: "Resource name"),
            PositionalSpec(name: "EXTRA", help: "More names", optional: true, repeating: true),
        ],
        outputFormats: ["name", "json"],
        examples: [.init("Apply one manifest", "kserve deploy m1 -f m.yaml")]
    )

    static let plain = CommandSpec(name: "plain", abstract: "Print nothing")
    static let internalCommand = CommandSpec(name: "internal", abstract: "Used by scripts", hidden: true)

    static let set = CommandSet(
        commands: [deploy, plain, internalCommand],
        globalOptions: CommandTable.globalOptions,
        rootOptions: CommandTable.rootOptions
    )
}
