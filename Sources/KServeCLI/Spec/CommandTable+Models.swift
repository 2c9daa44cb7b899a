extension CommandTable {
    static let models = CommandSpec(
        name: "models",
        aliases: ["list"],
        abstract: "List models and their status",
        discussion: """
            Lists the InferenceServices of a namespace with their URL and readiness, or shows the one named NAME.

            With --url, lists the models that inference endpoint serves instead of asking the cluster.
            """,
        options: [
            OptionSpec(
                long: "url",
                kind: .value(.string, valueName: "URL"),
                help: "Base URL of an inference endpoint to ask instead of the cluster",
                env: "KSERVE_URL"
            ),
            OptionSpec(
                long: "timeout",
                kind: .value(.duration, valueName: "DURATION"),
                help: "Time limit for the whole command",
                defaultValue: "30s"
            ),
        ],
        positionals: [
            PositionalSpec(name: "NAME", help: "Show only this model", optional: true, completion: .dynamic("models"))
        ],
        outputFormats: ["table", "json", "yaml", "name"],
        examples: [
            .init("List the models of the current namespace", "kserve models"),
            .init("Show one model of namespace team-a as YAML", "kserve models sklearn-iris -n team-a -o yaml"),
            .init("Print only resource names, one a line", "kserve models -o name"),
        ]
    )
}
