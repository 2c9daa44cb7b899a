import Core
import Inference

/// `kserve models [NAME]`: lists or describes InferenceServices of the cluster (ModelsCommand+Cluster); with
/// `--url URL`, lists the models an inference endpoint serves, or describes one.
struct ModelsCommand {
    let context: CommandContext

    func run() async throws(KServeError) -> Int32 {
        guard let url = context.invocation.value(.url), !url.isEmpty else {
            return try await runCluster()
        }
        for clusterOnly in [OptionKey.allNamespaces, .watch] where context.invocation.isSet(clusterOnly) {
            throw KServeError(.usage, "\(clusterOnly) lists InferenceServices and cannot be used with --url")
        }
        if context.invocation.value(.output) == "wide" {
            throw KServeError(.usage, "-o wide lists InferenceServices and cannot be used with --url")
        }
        let endpoint = try context.inferenceEndpoint()
        let client = InferenceClient(endpoint: endpoint, http: try context.makeHTTPClient(timeout: endpoint.timeout))
        if let name = context.invocation.positionals.first {
            try describe(name, client: client)
        } else {
            try list(client: client)
        }
        return ExitStatus.success
    }

    private func list(client: InferenceClient) throws(KServeError) {
        let (models, source) = try client.listModels()
        if context.verbosity >= 1 { context.terminal.err("listed through the \(source.rawValue) API\n") }
        switch context.outputFormat {
        case "name":
            context.terminal.out(models.map { $0.name + "\n" }.joined())
        case "json":
            context.printJSON(.array(models.map(Self.json)))
        case "yaml":
            context.terminal.out(YAMLWriter.string(.array(models.map(Self.json))))
        default:
            let showState = source == .repositoryIndex
            let headers = showState ? ["NAME", "VERSION", "READY", "STATE", "REASON"] : ["NAME", "READY"]
            let rows = models.map { model -> [String] in
                let ready = model.ready.map { $0 ? "True" : "False" } ?? "Unknown"
                return showState
                    ? [model.name, model.version ?? "", ready, model.state ?? "", model.reason ?? ""]
                    : [model.name, ready]
            }
            if models.isEmpty && !context.quiet {
                context.terminal.err("No models found at \(client.endpoint.baseURL).\n")
            } else {
                context.terminal.out(TableRenderer.render(headers: headers, rows: rows))
            }
        }
    }

    private func describe(_ name: String, client: InferenceClient) throws(KServeError) {
        let ready = try client.modelReady(model: name)
        let metadata: ModelMetadata
        let raw: Value
        do {
            (metadata, raw) = try client.modelMetadata(model: name)
        } catch let error where error.code == .notFound && ready != nil {
            // A V1-only server knows the model but has no V2 metadata route.
            (metadata, raw) = (
                ModelMetadata(name: name, versions: [], platform: "", inputs: [], outputs: []),
                ["name": .string(name)]
            )
        }
        switch context.outputFormat {
        case "name":
            context.terminal.out(metadata.name + "\n")
        case "json":
            context.printJSON(Self.withReady(raw, ready))
        case "yaml":
            context.terminal.out(YAMLWriter.string(Self.withReady(raw, ready)))
        default:
            context.terminal.out(Self.describeText(metadata, ready: ready))
        }
    }

    static func json(_ model: ModelListing) -> Value {
        var object = ValueObject()
        object["name"] = .string(model.name)
        if let version = model.version { object["version"] = .string(version) }
        object["ready"] = model.ready.map(Value.bool) ?? .null
        if let state = model.state { object["state"] = .string(state) }
        if let reason = model.reason { object["reason"] = .string(reason) }
        return .object(object)
    }

    static func withReady(_ metadata: Value, _ ready: Bool?) -> Value {
        guard var object = metadata.objectValue else { return metadata }
        if object["ready"] == nil { object["ready"] = ready.map(Value.bool) ?? .null }
        return .object(object)
    }

    static func describeText(_ metadata: ModelMetadata, ready: Bool?) -> String {
        var out = "Name:      \(metadata.name)\n"
        out += "Ready:     \(ready.map { $0 ? "True" : "False" } ?? "Unknown")\n"
        out += "Platform:  \(metadata.platform.isEmpty ? "<none>" : metadata.platform)\n"
        out += "Versions:  \(metadata.versions.isEmpty ? "<none>" : metadata.versions.joined(separator: ", "))\n"
        for (title, tensors) in [("Inputs", metadata.inputs), ("Outputs", metadata.outputs)] {
            out += "\(title):\n"
            if tensors.isEmpty {
                out += "  <none declared>\n"
                continue
            }
            let rows = tensors.map {
                [$0.name, $0.datatype, "[" + $0.shape.map(String.init).joined(separator: ",") + "]"]
            }
            let table = TableRenderer.render(headers: ["NAME", "DATATYPE", "SHAPE"], rows: rows)
            out += table.split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        }
        return out
    }
}
