import Core

/// `kserve models NAME`: one InferenceService for people: identity, URL, predictor, conditions with reasons,
/// model status, components and attached TrainedModels.
enum ServiceDescription {
    static func render(_ object: Value, trainedModels: [Value], now: Double) -> String {
        let summary = InferenceServiceSummary(object, now: now)
        let status = object["status"]
        var out = ""
        func line(_ label: String, _ value: String) {
            out += (label + ":").padding(11) + (value.isEmpty ? "<none>" : value) + "\n"
        }
        line("Name", summary.name)
        line("Namespace", summary.namespace)
        line("Ready", summary.ready)
        line("URL", summary.url)
        line("Format", summary.format)
        line("Runtime", summary.runtime)
        line("Protocol", summary.protocolVersion)
        line("Storage", summary.storageUri)
        line("Replicas", summary.minMax + " (min/max)")
        line("Age", summary.age)

        out += "Conditions:\n"
        let conditions = status?["conditions"]?.arrayValue ?? []
        if conditions.isEmpty {
            out += "  <none>\n"
        } else {
            let rows = conditions.map { condition -> [String] in
                [
                    condition["type"]?.stringValue ?? "", condition["status"]?.stringValue ?? "",
                    condition["reason"]?.stringValue ?? "", condition["message"]?.stringValue ?? "",
                ]
            }
            out += indent(TableRenderer.render(headers: ["TYPE", "STATUS", "REASON", "MESSAGE"], rows: rows))
        }

        out += "Model status:\n"
        if let model = status?["modelStatus"] {
            let states = model["states"]
            var fields: [(String, String)] = [
                ("Transition", model["transitionStatus"]?.stringValue ?? ""),
                ("Active", states?["activeModelState"]?.stringValue ?? ""),
                ("Target", states?["targetModelState"]?.stringValue ?? ""),
            ]
            if let copies = model["copies"]?["totalCopies"]?.int64Value { fields.append(("Copies", String(copies))) }
            if let failure = model["lastFailureInfo"] {
                let reason = failure["reason"]?.stringValue ?? ""
                let message = failure["message"]?.stringValue ?? ""
                fields.append(("Failure", [reason, message].filter { !$0.isEmpty }.joined(separator: ": ")))
            }
            for (label, value) in fields where !value.isEmpty {
                out += "  " + (label + ":").padding(12) + value + "\n"
            }
        } else {
            out += "  <none>\n"
        }

        out += "Components:\n"
        let components = status?["components"]?.objectValue
        if let components, !components.keys.isEmpty {
            for key in components.keys {
                out += "  \(key): \(components[key]?["url"]?.stringValue ?? "<no url>")\n"
            }
        } else {
            out += "  <none>\n"
        }

        out += "TrainedModels:\n"
        if trainedModels.isEmpty {
            out += "  <none>\n"
        } else {
            let rows = trainedModels.map { model -> [String] in
                let ready = model["status"]?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
                return [
                    model["metadata"]?["name"]?.stringValue ?? "",
                    ready?["status"]?.stringValue ?? "Unknown",
                    model["spec"]?["model"]?["framework"]?.stringValue ?? "",
                    model["status"]?["url"]?.stringValue ?? "",
                ]
            }
            out += indent(TableRenderer.render(headers: ["NAME", "READY", "FRAMEWORK", "URL"], rows: rows))
        }
        return out
    }

    private static func indent(_ table: String) -> String {
        table.split(separator: "\n").map { "  " + $0 + "\n" }.joined()
    }
}

extension String {
    /// Pads with spaces to at least `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
