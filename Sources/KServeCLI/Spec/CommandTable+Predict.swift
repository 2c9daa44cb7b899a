extension CommandTable {
    static let predict = CommandSpec(
        name: "predict",
        abstract: "Send an inference request to a model",
        discussion: """
            Reads a JSON request body from a file or standard input, sends it to the model with the KServe V1 \
            or the Open Inference (V2) protocol and prints the response.

            The endpoint is --url (or KSERVE_URL). To reach an InferenceService through an ingress gateway, \
            give the gateway's address as --url and the service's host name as --host.
            """,
        options: [
            OptionSpec(
                long: "model",
                short: "m",
                kind: .value(.string, valueName: "NAME"),
                help: "Model to query",
                required: true,
                completion: .dynamic("models")
            ),
            OptionSpec(
                long: "input",
                short: "i",
                kind: .value(.path, valueName: "FILE"),
                help: "JSON request body; '-' reads standard input",
                required: true,
                completion: .file(extensions: ["json"])
            ),
            OptionSpec(
                long: "url",
                kind: .value(.string, valueName: "URL"),
                help: "Base URL of the inference endpoint (required)",
                env: "KSERVE_URL"
            ),
            OptionSpec(
                long: "protocol",
                kind: .value(.choice(["v1", "v2"]), valueName: "PROTOCOL"),
                help: "Inference protocol: v1 (KServe V1) or v2 (Open Inference Protocol); detected from the "
                    + "request body when not given"
            ),
            OptionSpec(
                long: "binary",
                kind: .flag,
                help: "Send and accept tensors with the V2 binary tensor extension"
            ),
            headerOption,
            hostOption,
            OptionSpec(
                long: "timeout",
                kind: .value(.duration, valueName: "DURATION"),
                help: "Time limit for the whole request",
                defaultValue: "60s"
            ),
        ],
        outputFormats: ["json", "table"],
        examples: [
            .init(
                "Send a V1 request from a file to a model server on this machine",
                "kserve predict -m sklearn-iris -i iris-input.json --url http://127.0.0.1:8080"
            ),
            .init(
                "Send a V2 request from standard input as binary tensors",
                "kserve predict -m mnist --protocol v2 --binary -i - --url http://127.0.0.1:8080 < input.json"
            ),
            .init(
                "Reach an InferenceService through an ingress gateway by its host name",
                "kserve predict -m iris -i in.json --url http://192.0.2.10 --host iris.team-a.example.com"
            ),
            .init(
                "Call an endpoint directly with an extra header",
                "kserve predict -m iris --url http://localhost:8080 -H 'Authorization: Bearer TOKEN' -i in.json"
            ),
        ]
    )
}
