extension CommandTable {
    static let delete = CommandSpec(
        name: "delete",
        abstract: "Delete InferenceServices or the objects of manifests",
        discussion: """
            Deletes the InferenceServices named NAME, or every object in the manifests given with -f, and waits \
            until they are gone.
            """,
        options: [
            OptionSpec(
                long: .filename,
                short: "f",
                kind: .repeated(.path, valueName: "FILE"),
                help: "Delete the objects of this manifest; '-' reads standard input",
                completion: .file(extensions: ["yaml", "yml", "json"])
            ),
            OptionSpec(long: .noWait, kind: .flag, help: "Return once the deletion is accepted"),
            OptionSpec(
                long: .ignoreNotFound,
                kind: .flag,
                help: "Succeed when an object does not exist"
            ),
            OptionSpec(
                long: .timeout,
                kind: .value(.duration, valueName: "DURATION"),
                help: "Time limit for deleting and waiting",
                defaultValue: "2m"
            ),
        ],
        positionals: [
            PositionalSpec(
                name: "NAME",
                help: "InferenceService to delete",
                optional: true,
                repeating: true,
                completion: .dynamic("inferenceservices")
            )
        ],
        outputFormats: ["text", "name"],
        examples: [
            .init("Delete an InferenceService and wait until it is gone", "kserve delete iris"),
            .init("Delete what a manifest created", "kserve delete -f examples/iris.yaml"),
        ]
    )
}
