extension CommandTable {
    static let models = CommandSpec(
        name: "models",
        aliases: ["list"],
        abstract: "List InferenceServices, or the models of an endpoint",
        discussion: """
            Lists the InferenceServices of the namespace (or of all namespaces with -A) with their readiness, \
            URL, model format, runtime, replica bounds and age; with NAME, describes one: conditions with their \
            reasons, model status, components and attached TrainedModels. --watch prints the table again \
            whenever an InferenceService changes.

            With --url, lists the models an inference endpoint serves instead, or shows the metadata of the \
            one named NAME: platform, versions, inputs and outputs with datatypes and shapes. That listing comes \
            from the V2 repository index when the server has it, else from /v2/models, else from /v1/models.
            """,
        options: [
            OptionSpec(
                long: .url,
                kind: .value(.string, valueName: "URL"),
                help: "List the models of this inference endpoint instead of InferenceServices",
                env: "KSERVE_URL"
            ),
            OptionSpec(
                long: .allNamespaces,
                short: "A",
                kind: .flag,
                help: "List InferenceServices of every namespace"
            ),
            OptionSpec(long: .watch, short: "w", kind: .flag, help: "Keep listing as InferenceServices change"),
            headerOption,
            hostOption,
            OptionSpec(
                long: .timeout,
                kind: .value(.duration, valueName: "DURATION"),
                help: "Time limit for the whole command",
                defaultValue: "30s"
            ),
        ],
        positionals: [
            PositionalSpec(
                name: "NAME",
                help: "Describe this InferenceService (or endpoint model)",
                optional: true,
                completion: .dynamic("models")
            )
        ],
        outputFormats: ["table", "wide", "json", "yaml", "name"],
        examples: [
            .init("List the InferenceServices of the current namespace", "kserve models"),
            .init("List them in every namespace with more columns", "kserve models -A -o wide"),
            .init("Describe one InferenceService", "kserve models iris"),
            .init("List the models of a model server on this machine", "kserve models --url http://127.0.0.1:8080"),
            .init(
                "Show one model's inputs and outputs as YAML",
                "kserve models sklearn-iris --url http://127.0.0.1:8080 -o yaml"
            ),
            .init("Print only model names, one a line", "kserve models --url http://127.0.0.1:8080 -o name"),
        ]
    )
}
