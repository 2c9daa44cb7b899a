extension CommandTable {
    static let serve = CommandSpec(
        name: "serve",
        abstract: "Run a KServe model server in this process",
        discussion: """
            Serves XGBoost (JSON), LightGBM (text) and ONNX models natively over KServe's V1 protocol and the \
            Open Inference Protocol (V2), many models in one process. Models come from --models-dir (one file or \
            sub-directory per model, named after it), from --model NAME=PATH, and from the V2 repository API \
            (POST /v2/repository/models/NAME/load). A directory holds one model file, or model.onnx beside its \
            external data, or numbered versions (1/model.onnx, 2/model.onnx: the highest is served).

            Models load on their first request (or at start with --eager). With --memory, a load that would \
            exceed the budget first unloads the least recently used idle models; they load again on their next \
            request.

            The same port answers the Kubernetes API for serving.kserve.io (InferenceService, TrainedModel, \
            ServingRuntime, ClusterServingRuntime), so kubectl and Kubernetes client libraries work against \
            it. Resources are kept in the state directory (default $XDG_STATE_HOME/kserve or \
            ~/.local/state/kserve; memory only with --ephemeral), written before each change is answered, and \
            read back at start. A kubeconfig with context kserve-local is written to STATE_DIR/kubeconfig (or \
            --write-kubeconfig) and its path printed.

            Binds 127.0.0.1 unless --address says otherwise; a non-loopback address needs --token, and then \
            every route but the health checks needs 'Authorization: Bearer TOKEN'. Stops on SIGINT or SIGTERM \
            after in-flight requests finish.

            --tls serves HTTPS. Without --tls-cert and --tls-key it generates a CA and a server certificate \
            signed by it (ECDSA P-256, one year) for localhost, 127.0.0.1, ::1 and --address, keeps them in \
            STATE_DIR/tls (ca.crt, server.crt and their keys) and reuses them while they are valid; the \
            kubeconfig then carries the CA (certificate-authority-data) and the token, so kubectl trusts the \
            server and sends the token. With TLS, a non-loopback --address and --token is the set-up for remote \
            clients.
            """,
        options: [
            OptionSpec(
                long: .address,
                kind: .value(.string, valueName: "ADDRESS"),
                help: "Address to listen on",
                defaultValue: "127.0.0.1"
            ),
            OptionSpec(
                long: .port,
                short: "p",
                kind: .value(.int, valueName: "PORT"),
                help: "Port to listen on; 0 picks a free one",
                defaultValue: "8080"
            ),
            OptionSpec(
                long: .modelsDir,
                kind: .value(.path, valueName: "DIR"),
                help: "Directory with one model file or sub-directory per model",
                env: "KSERVE_MODELS_DIR",
                completion: .directory
            ),
            OptionSpec(
                long: .model,
                kind: .repeated(.keyValue, valueName: "NAME=PATH"),
                help: "Serve the model file or directory PATH as NAME",
                completion: .file(extensions: ["json", "txt"])
            ),
            OptionSpec(
                long: .memory,
                kind: .value(.quantity, valueName: "SIZE"),
                help: "Memory budget for loaded models, e.g. 512Mi or 2GiB (default: no limit)",
                env: "KSERVE_MEMORY"
            ),
            OptionSpec(
                long: .workers,
                kind: .value(.int, valueName: "N"),
                help: "Threads that run inference and loads (default: the number of cores)"
            ),
            OptionSpec(
                long: .loadConcurrency,
                kind: .value(.int, valueName: "N"),
                help: "Models that may load at the same time",
                defaultValue: "2"
            ),
            OptionSpec(
                long: .eager,
                kind: .flag,
                help: "Load every registered model at start instead of on its first request"
            ),
            OptionSpec(
                long: .token,
                kind: .value(.string, valueName: "TOKEN"),
                help: "Bearer token every route but health requires",
                env: "KSERVE_TOKEN"
            ),
            OptionSpec(
                long: .tls,
                kind: .flag,
                help: "Serve HTTPS with a generated CA and server certificate (kept in STATE_DIR/tls)"
            ),
            OptionSpec(
                long: .tlsCert,
                kind: .value(.path, valueName: "FILE"),
                help: "PEM certificate (chain) to serve HTTPS with, instead of a generated one; needs --tls-key",
                completion: .file(extensions: ["crt", "pem"])
            ),
            OptionSpec(
                long: .tlsKey,
                kind: .value(.path, valueName: "FILE"),
                help: "PEM private key of --tls-cert",
                completion: .file(extensions: ["key", "pem"])
            ),
            OptionSpec(
                long: .stateDir,
                kind: .value(.path, valueName: "DIR"),
                help: "Directory that keeps the API's resources across restarts",
                env: "KSERVE_STATE_DIR",
                completion: .directory
            ),
            OptionSpec(
                long: .ephemeral,
                kind: .flag,
                help: "Keep resources in memory only (no state directory, no kubeconfig unless asked for)"
            ),
            OptionSpec(
                long: .writeKubeconfig,
                kind: .value(.path, valueName: "FILE"),
                help: "Where to write the kubeconfig for this server (default: STATE_DIR/kubeconfig)"
            ),
            OptionSpec(
                long: .maxBody,
                kind: .value(.quantity, valueName: "SIZE"),
                help: "Largest request body accepted; larger ones get 413",
                defaultValue: "64Mi"
            ),
        ],
        examples: [
            .init(
                "Serve with resources under ./state and use kubectl against it",
                "kserve serve --state-dir ./state"
            ),
            .init("Serve every model in a directory", "kserve serve --models-dir ./models"),
            .init(
                "Serve HTTPS for remote clients with a token; kubectl uses the written kubeconfig",
                "kserve serve --tls --address 0.0.0.0 --token s3cret"
            ),
            .init(
                "Serve two models with a 1 GiB budget on port 9000",
                "kserve serve --model iris=iris.json --model churn=churn.txt --memory 1Gi -p 9000"
            ),
        ]
    )
}
