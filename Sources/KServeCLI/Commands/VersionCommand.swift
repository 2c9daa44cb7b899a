import Core

/// `kserve version` / `kserve --version`.
struct VersionCommand {
    let context: CommandContext

    func run() -> Int32 {
        if context.invocation.value(.output) == "json" {
            context.printJSON(Self.json)
        } else {
            context.terminal.out(Self.text)
        }
        return ExitStatus.success
    }

    static var text: String {
        """
        kserve \(BuildInfo.version)
        commit:  \(BuildInfo.commit)
        swift:   \(BuildInfo.swiftVersion)
        libcurl: \(BuildInfo.libcurlVersion)

        """
    }

    static var json: Value {
        [
            "version": .string(BuildInfo.version),
            "commit": .string(BuildInfo.commit),
            "swift": .string(BuildInfo.swiftVersion),
            "libcurl": .string(BuildInfo.libcurlVersion),
        ]
    }
}
