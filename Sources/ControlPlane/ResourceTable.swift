import Core
import Resources

/// `meta.k8s.io/v1` Table answers: the columns `kubectl get` prints, as KServe's CRDs declare them.
enum ResourceTable {
    struct Column {
        var name: String
        var type: String
        var format: String = ""
        var description: String
        var priority: Int = 0
        var cell: @Sendable (Value, Int) -> Value
    }

    /// True when the Accept header asks for a Table (kubectl sends `application/json;as=Table;v=v1;g=meta.k8s.io`).
    static func isRequested(accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").contains { part in
            let parameters = part.split(separator: ";").map { String($0).trimmingBlanks() }
            return parameters.contains("as=Table") && parameters.contains("g=meta.k8s.io")
        }
    }

    static func columns(_ kind: ResourceKind?) -> [Column] {
        var columns = [
            Column(name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.")
            {
                value,
                _ in value.at(["metadata", "name"]) ?? ""
            }
        ]
        switch kind {
        case .inferenceService:
            columns += [
                Column(name: "URL", type: "string", description: "The external URL") { value, _ in
                    value.at(["status", "url"]) ?? ""
                },
                Column(name: "Ready", type: "string", description: "Whether the service is ready") { value, _ in
                    .string(condition(value, "Ready"))
                },
                Column(name: "Prev", type: "integer", description: "Traffic of the previous revision") { value, _ in
                    traffic(value) { $0["tag"]?.stringValue == "prev" }
                },
                Column(name: "Latest", type: "integer", description: "Traffic of the latest revision") { value, _ in
                    traffic(value) { $0["latestRevision"]?.boolValue == true }
                },
                Column(
                    name: "PrevRolledoutRevision",
                    type: "string",
                    description: "The previously rolled-out revision",
                    priority: 1
                ) { value, _ in
                    value.at(["status", "components", "predictor", "previousRolledoutRevision"]) ?? ""
                },
                Column(
                    name: "LatestReadyRevision",
                    type: "string",
                    description: "The latest ready revision",
                    priority: 1
                ) { value, _ in
                    value.at(["status", "components", "predictor", "latestReadyRevision"]) ?? ""
                },
            ]
        case .trainedModel:
            columns += [
                Column(name: "URL", type: "string", description: "The model's URL") { value, _ in
                    value.at(["status", "url"]) ?? ""
                },
                Column(name: "Ready", type: "string", description: "Whether the model is ready") { value, _ in
                    .string(condition(value, "Ready"))
                },
            ]
        case .servingRuntime, .clusterServingRuntime:
            columns += [
                Column(name: "Disabled", type: "boolean", description: "Whether the runtime is disabled") { value, _ in
                    value.at(["spec", "disabled"]) ?? ""
                },
                Column(name: "ModelType", type: "string", description: "Model formats served") { value, _ in
                    .string(names(value.at(["spec", "supportedModelFormats"])))
                },
                Column(name: "Containers", type: "string", description: "Container names") { value, _ in
                    .string(names(value.at(["spec", "containers"])))
                },
            ]
        case nil:
            columns += [
                Column(name: "Status", type: "string", description: "The namespace's phase") { value, _ in
                    value.at(["status", "phase"]) ?? ""
                }
            ]
        }
        columns.append(
            Column(name: "Age", type: "date", description: "Time since creation") { value, now in
                guard let created = value.at(["metadata", "creationTimestamp"])?.stringValue,
                    let parsed = RFC3339.parse(created)
                else { return "<unknown>" }
                return .string(HumanDuration.format(seconds: now - Int(parsed)))
            }
        )
        return columns
    }

    /// A Table of `objects`; `definitions` false leaves the column definitions out (watch events after the first).
    static func table(
        _ kind: ResourceKind?,
        objects: [Value],
        listMetadata: ValueObject,
        now: Int,
        definitions: Bool = true,
        includeObject: String = "Metadata"
    ) -> Value {
        let columns = columns(kind)
        var table: ValueObject = ["kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(listMetadata)]
        table["columnDefinitions"] =
            definitions
            ? .array(
                columns.map { column in
                    [
                        "name": .string(column.name), "type": .string(column.type), "format": .string(column.format),
                        "description": .string(column.description), "priority": .int(Int64(column.priority)),
                    ]
                }
            ) : .null
        table["rows"] = .array(
            objects.map { object in
                var row: ValueObject = ["cells": .array(columns.map { $0.cell(object, now) })]
                switch includeObject {
                case "None":
                    break
                case "Object":
                    row["object"] = object
                default:
                    row["object"] = [
                        "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                        "metadata": object["metadata"] ?? .object([:]),
                    ]
                }
                return .object(row)
            }
        )
        return .object(table)
    }

    private static func condition(_ value: Value, _ type: String) -> String {
        let conditions = value.at(["status", "conditions"])?.arrayValue ?? []
        return conditions.first { $0["type"]?.stringValue == type }?["status"]?.stringValue ?? ""
    }

    private static func traffic(_ value: Value, where matches: (Value) -> Bool) -> Value {
        let entries = value.at(["status", "components", "predictor", "traffic"])?.arrayValue ?? []
        return entries.first(where: matches)?["percent"] ?? ""
    }

    private static func names(_ list: Value?) -> String {
        (list?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.joined(separator: ",")
    }
}
