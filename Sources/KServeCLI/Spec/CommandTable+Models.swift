extension CommandTable {
    static let models = CommandSpec(
        name: "models",
        aliases: ["list"],
        abstract: "List models and their status",
        discussion: """
            Lists the models an inference endpoint serves with their readiness, or shows the metadata of the \
            one named NAME: platform, versions, inputs and outputs with datatypes and shapes.

            The listing comes from the V2 repository index when the server has it, else from /v2/models, \
            else from /v1/models.
            """,
        options: [
            OptionSpec(
                long: "url",
                kind: .value(.string, valueName: "URL"),
                help: "Base URL of the inference endpoint (required)",
                env: "KSERVE_URL"
            ),
            headerOption,
            hostOption,
            OptionSpec(
                long: "timeout",
                kind: .value(.duration, valueName: "DURATION"),
                help: "Time limit for the whole command",
                defaultValue: "30s"
            ),
        ],
        positionals: [
            PositionalSpec(name: "NAME", help: "Describe this model", optional: true, completion: .dynamic("models"))
        ],
        outputFormats: ["table", "json", "yaml", "name"],
        examples: [
            .init("List the models of a model server on this machine", "kserve models --url http://127.0.0.1:8080"),
            .init(
                "Show one model's inputs and outputs as YAML",
                "kserve models sklearn-iris --url http://127.0.0.1:8080 -o yaml"
            ),
            .init("Print only model names, one a line", "kserve models --url http://127.0.0.1:8080 -o name"),
        ]
    )
}
