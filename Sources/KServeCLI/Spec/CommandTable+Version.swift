extension CommandTable {
    static let version = CommandSpec(
        name: "version",
        abstract: "Print version information",
        outputFormats: ["text", "json"],
        examples: [
            .init("Print the version as JSON", "kserve version -o json")
        ]
    )
}
