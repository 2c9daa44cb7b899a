extension CommandTable {
    static let predict = CommandSpec(
        name: "predict",
        abstract: "Send an inference request to a model",
        discussion: """
            Reads a JSON request body from a file or standard input, sends it to the model with the KServe V1 \
            or the Open Inference (V2) protocol and prints the response.

            Without --url (or KSERVE_URL), --model names an InferenceService (or a TrainedModel) of the \
            cluster: its status.url is reached through the ingress gateway at --ingress (or KSERVE_INGRESS) with \
            the service's host name in the Host header; against the local `kserve serve` the server itself is \
            the ingress. The protocol follows the predictor's protocolVersion unless --protocol is given.

            With --url the request goes straight to that endpoint; --host sets the Host header for an ingress \
            that routes by host name.
            """,
        options: [
            OptionSpec(
                long: .model,
                short: "m",
                kind: .value(.string, valueName: "NAME"),
                help: "Model to query",
                required: true,
                completion: .dynamic("models")
            ),
            OptionSpec(
                long: .input,
                short: "i",
                kind: .value(.path, valueName: "FILE"),
                help: "JSON request body; '-' reads standard input",
                required: true,
                completion: .file(extensions: ["json"])
            ),
            OptionSpec(
                long: .url,
                kind: .value(.string, valueName: "URL"),
                help: "Base URL of the inference endpoint (default: resolve --model as an InferenceService)",
                env: "KSERVE_URL"
            ),
            OptionSpec(
                long: .ingress,
                kind: .value(.string, valueName: "HOST:PORT"),
                help: "Ingress gateway address for an InferenceService (default: its URL; the local server "
                    + "itself for `kserve serve`)",
                env: "KSERVE_INGRESS"
            ),
            OptionSpec(
                long: .protocol,
                kind: .value(.choice(["v1", "v2"]), valueName: "PROTOCOL"),
                help: "Inference protocol: v1 (KServe V1) or v2 (Open Inference Protocol); default: the "
                    + "predictor's protocolVersion, else detected from the request body"
            ),
            OptionSpec(
                long: .binary,
                kind: .flag,
                help: "Send and accept tensors with the V2 binary tensor extension"
            ),
            headerOption,
            hostOption,
            OptionSpec(
                long: .timeout,
                kind: .value(.duration, valueName: "DURATION"),
                help: "Time limit for the whole request",
                defaultValue: "60s"
            ),
        ],
        outputFormats: ["json", "table"],
        examples: [
            .init("Query a deployed InferenceService by name", "kserve predict -m iris -i examples/iris-v1.json"),
            .init(
                "Reach an InferenceService of a cluster through its ingress gateway",
                "kserve predict -m iris -i in.json --ingress 192.0.2.10:80"
            ),
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
