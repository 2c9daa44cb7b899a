extension CommandTable {
    static let scale = CommandSpec(
        name: "scale",
        abstract: "Change an InferenceService's replicas, autoscaling target or canary traffic",
        discussion: """
            Patches spec.predictor of the InferenceService NAME (it has no /scale subresource) with a merge \
            patch and waits until it is Ready again.
            """,
        options: [
            OptionSpec(long: .min, kind: .value(.int, valueName: "N"), help: "Minimum replicas (0 scales to zero)"),
            OptionSpec(long: .max, kind: .value(.int, valueName: "N"), help: "Maximum replicas"),
            OptionSpec(
                long: .target,
                kind: .value(.int, valueName: "N"),
                help: "Autoscaling target per replica of --metric"
            ),
            OptionSpec(
                long: .metric,
                kind: .value(.choice(["concurrency", "rps", "cpu", "memory"]), valueName: "METRIC"),
                help: "Metric the autoscaling target refers to (with --target)"
            ),
            OptionSpec(
                long: .canary,
                kind: .value(.int, valueName: "PCT"),
                help: "Percent of traffic for the latest revision (canaryTrafficPercent)"
            ),
            OptionSpec(long: .noWait, kind: .flag, help: "Return once the change is accepted"),
            OptionSpec(
                long: .timeout,
                kind: .value(.duration, valueName: "DURATION"),
                help: "Time limit for patching and waiting",
                defaultValue: "5m"
            ),
        ],
        positionals: [
            PositionalSpec(name: "NAME", help: "InferenceService to scale", completion: .dynamic("inferenceservices"))
        ],
        outputFormats: ["text", "name", "json", "yaml"],
        examples: [
            .init("Keep at least two replicas of iris", "kserve scale iris --min 2"),
            .init(
                "Autoscale on 10 concurrent requests per replica, at most 5",
                "kserve scale iris --max 5 --target 10 --metric concurrency"
            ),
            .init("Send 20% of traffic to the latest revision", "kserve scale iris --canary 20"),
        ]
    )
}
