extension CommandTable {
    static let deploy = CommandSpec(
        name: "deploy",
        aliases: ["apply"],
        abstract: "Create or update InferenceServices and runtimes from manifests",
        discussion: """
            Applies InferenceService, TrainedModel, ServingRuntime and ClusterServingRuntime manifests (YAML or \
            JSON, several documents per file) with server-side apply under the field manager "kserve", then \
            waits until every InferenceService and TrainedModel is Ready for its current generation and prints \
            its URL. The wait fails early (exit 7) when the model fails to load or no runtime serves its format.

            A manifest's namespace must match -n when both are given. A storageUri that is a relative path \
            (no scheme) is resolved against the directory of the manifest file when the target is the local \
            `kserve serve`, so examples work from any working directory.
            """,
        options: [
            OptionSpec(
                long: .filename,
                short: "f",
                kind: .repeated(.path, valueName: "FILE"),
                help: "Manifest file; '-' reads standard input",
                completion: .file(extensions: ["yaml", "yml", "json"])
            ),
            OptionSpec(
                long: .dryRun,
                kind: .value(.choice(["none", "client", "server"]), valueName: "MODE"),
                help: "client: only check and print the objects; server: let the server check them, persist nothing",
                defaultValue: "none"
            ),
            OptionSpec(long: .noWait, kind: .flag, help: "Return once the objects are accepted"),
            OptionSpec(
                long: .forceConflicts,
                kind: .flag,
                help: "Take over fields that another field manager owns"
            ),
            OptionSpec(
                long: .timeout,
                kind: .value(.duration, valueName: "DURATION"),
                help: "Time limit for applying and waiting",
                defaultValue: "5m"
            ),
        ],
        positionals: [
            PositionalSpec(
                name: "FILE",
                help: "Manifest file",
                optional: true,
                repeating: true,
                completion: .file(extensions: ["yaml", "yml", "json"])
            )
        ],
        outputFormats: ["text", "name", "json", "yaml"],
        examples: [
            .init("Deploy the example iris model and wait until it is Ready", "kserve deploy examples/iris.yaml"),
            .init("Deploy from standard input into a namespace", "kserve deploy -n team-a -f - < isvc.yaml"),
            .init(
                "Check manifests against the server without changing anything",
                "kserve deploy --dry-run=server m.yaml"
            ),
        ]
    )
}
