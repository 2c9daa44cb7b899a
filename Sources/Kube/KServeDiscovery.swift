import Core
import CurlHTTP
import Resources

/// What the cluster serves of `serving.kserve.io`: its versions and resources.
package struct KServeDiscovery: Sendable {
    package struct Resource: Sendable, Hashable {
        /// The plural, e.g. `inferenceservices`.
        package var name: String
        package var kind: String
        package var version: String
        package var namespaced: Bool
        package var verbs: [String]
        package var shortNames: [String]
        /// Subresources such as `status`.
        package var subresources: [String]
    }

    /// Versions in the server's order (preferred first as Kubernetes lists them).
    package var versions: [String]
    package var preferredVersion: String
    package var resources: [Resource]

    /// The resource serving `kind` at the version this tool speaks; nil when the cluster lacks it.
    package func resource(for kind: ResourceKind) -> Resource? {
        resources.first { $0.name == kind.plural && $0.version == kind.version }
    }

    package func supports(_ kind: ResourceKind) -> Bool { resource(for: kind) != nil }
}

extension KubeClient {
    /// Reads `/apis/serving.kserve.io` and each of its versions. A cluster without the group answers
    /// `.notFound` "KServe is not installed in this cluster".
    package func discoverKServe() async throws(KServeError) -> KServeDiscovery {
        let group = ResourceKind.servingGroup
        let groupCall = Call(method: "GET", path: "/apis/\(group)")
        let groupDocument: Value
        do throws(KServeError) {
            groupDocument = try Self.decode(try await perform(groupCall), call: groupCall)
        } catch {
            guard error.code == .notFound else { throw error }
            let server = HTTPRedaction.url(connection.server)
            throw KServeError(
                .notFound,
                "KServe is not installed in this cluster: the API server at \(server) does not serve "
                    + "\(group) (install KServe, or run `kserve serve` for a local control plane)",
                cause: error,
                httpStatus: 404
            )
        }
        let versions = (groupDocument["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue }
        guard !versions.isEmpty else {
            throw KServeError(.badResponse, "\(groupCall.display): the API group lists no versions")
        }
        let preferred = groupDocument["preferredVersion"]?["version"]?.stringValue ?? versions[0]

        var resources: [KServeDiscovery.Resource] = []
        for version in versions {
            let call = Call(method: "GET", path: "/apis/\(group)/\(PercentEncoding.encode(version))")
            let list: Value
            do throws(KServeError) {
                list = try Self.decode(try await perform(call), call: call)
            } catch {
                guard error.code == .notFound else { throw error }
                continue  // a version removed between the two calls
            }
            let entries = list["resources"]?.arrayValue ?? []
            for entry in entries {
                guard let name = entry["name"]?.stringValue, !name.contains("/") else { continue }
                let subresources = entries.compactMap { other -> String? in
                    guard let full = other["name"]?.stringValue, full.hasPrefix(name + "/") else { return nil }
                    return String(full.dropFirst(name.count + 1))
                }
                resources.append(
                    KServeDiscovery.Resource(
                        name: name,
                        kind: entry["kind"]?.stringValue ?? "",
                        version: version,
                        namespaced: entry["namespaced"]?.boolValue ?? true,
                        verbs: (entry["verbs"]?.arrayValue ?? []).compactMap(\.stringValue),
                        shortNames: (entry["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue),
                        subresources: subresources
                    )
                )
            }
        }
        return KServeDiscovery(versions: versions, preferredVersion: preferred, resources: resources)
    }
}
