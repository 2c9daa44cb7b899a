import Core
import CurlHTTP
import Inference
import Kube
import Resources

/// An InferenceService resolved for `predict --model NAME` without `--url`.
struct ResolvedService {
    var endpoint: InferenceEndpoint
    /// From the predictor's protocolVersion; nil when it names none.
    var protocolVersion: ProtocolVersion?
    /// The kubeconfig's TLS settings when the request goes to the local server (its CA signs the data plane too).
    var tls: TLSOptions? = nil
}

extension PredictCommand {
    /// Finds the InferenceService `model` (or the TrainedModel `model` and its parent) and the address to send to:
    /// `--ingress` (or KSERVE_INGRESS) with the Host header of status.url, the local server itself when the target
    /// is `kserve serve`, else status.url as it is.
    func resolveService(model: String) async throws(KServeError) -> ResolvedService {
        let timeout = context.invocation.duration(.timeout)
        let target = try context.clusterTarget(deadline: context.deadline())
        _ = try await target.client.discoverKServe()
        let service: Value
        do throws(KServeError) {
            service = try await target.client.get(.inferenceService, name: model, namespace: target.namespace)
        } catch  where error.code == .notFound {
            service = try await parentOfTrainedModel(model, target: target, cause: error)
        }
        let serviceName = service["metadata"]?["name"]?.stringValue ?? model
        guard let url = service["status"]?["url"]?.stringValue, !url.isEmpty,
            let parts = Self.splitURL(url)
        else {
            let status = ResourceStatus(service)
            throw KServeError(
                .notFound,
                "inferenceservice/\(serviceName) has no URL yet (\(status.summary)); wait with "
                    + "`kserve deploy` or check `kserve models \(serviceName)`"
            )
        }

        var headers = HTTPHeaders()
        for header in context.invocation.values(.header) {
            let (name, value) = try CommandContext.parseHeader(header)
            headers.add(name, value)
        }
        var baseURL = url
        var tls: TLSOptions?
        let ingress = context.invocation.value(.ingress).flatMap { $0.isEmpty ? nil : $0 }
        if let ingress {
            baseURL = ingress.contains("://") ? ingress : parts.scheme + "://" + ingress
            headers.set("Host", parts.host)
        } else if target.isLocal {
            baseURL = target.server
            tls = target.client.connection.tls
            headers.set("Host", parts.host)
            // The local server is its own ingress and checks the same bearer token as its API.
            if case .token(let token) = target.client.connection.credentials, headers["Authorization"] == nil {
                headers.set("Authorization", "Bearer " + token)
            }
        }
        if let host = context.invocation.value(.host), !host.isEmpty { headers.set("Host", host) }
        if context.verbosity >= 1 {
            context.terminal.err("inferenceservice/\(serviceName): \(url) through \(baseURL)\n")
        }
        let predictor = service["spec"]?["predictor"]
        let declared =
            predictor?["model"]?["protocolVersion"]?.stringValue ?? predictor?["protocolVersion"]?.stringValue
        return ResolvedService(
            endpoint: InferenceEndpoint(baseURL: baseURL + parts.path, headers: headers, timeout: timeout),
            protocolVersion: declared.flatMap { ProtocolVersion(rawValue: $0.lowercased()) },
            tls: tls
        )
    }

    private func parentOfTrainedModel(
        _ model: String,
        target: ClusterTarget,
        cause: KServeError
    ) async throws(KServeError) -> Value {
        let trained: Value
        do throws(KServeError) {
            trained = try await target.client.get(.trainedModel, name: model, namespace: target.namespace)
        } catch  where error.code == .notFound {
            throw KServeError(
                .notFound,
                "no InferenceService or TrainedModel named \"\(model)\" in namespace \(target.namespace)",
                cause: cause
            )
        }
        guard let parent = trained["spec"]?["inferenceService"]?.stringValue, !parent.isEmpty else {
            throw KServeError(.invalidInput, "trainedmodel/\(model) names no spec.inferenceService")
        }
        return try await target.client.get(.inferenceService, name: parent, namespace: target.namespace)
    }

    /// `http://iris.default.example.com/x` -> ("http", "iris.default.example.com", "/x").
    static func splitURL(_ url: String) -> (scheme: String, host: String, path: String)? {
        guard let range = url.firstRange(of: "://") else { return nil }
        let scheme = String(url[..<range.lowerBound])
        let rest = url[range.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let host = String(rest[..<slash])
        guard !scheme.isEmpty, !host.isEmpty else { return nil }
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        return (scheme, host, path)
    }
}
