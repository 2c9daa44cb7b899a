import Core
import CurlHTTP
import Foundation
import Kube
import PeerSupport

/// `Peers/fake_apiserver.py` on a free loopback port: a stand-in for kube-apiserver, which cannot run on the test
/// machines (see the script). Stopped by ``stop()`` or when released; it also exits when its standard input closes.
final class FakeAPIServer: Sendable {
    let scheme: String
    private let peer: PeerProcess
    /// Talks to the control endpoints, never traced.
    private let control: HTTPClient

    var port: Int { peer.port }

    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Peers/fake_apiserver.py").path

    init(tls: TestCertificates? = nil) throws {
        var arguments: [String] = []
        if let tls {
            arguments += ["--cert", tls.serverCertificate, "--key", tls.serverKey, "--client-ca", tls.ca]
        }
        scheme = tls == nil ? "http" : "https"
        peer = try PeerProcess(script: Self.scriptPath, arguments: arguments, name: "the fake API server")
        var configuration = HTTPClientConfiguration()
        configuration.tls.insecureSkipVerify = true
        configuration.timeout = 30
        control = try HTTPClient(configuration: configuration)
    }

    var url: String { "\(scheme)://127.0.0.1:\(port)" }

    func stop() { peer.stop() }

    /// Sends a `/_control` request (JSON text).
    func configure(_ json: String) throws {
        let response = try control.send(
            HTTPRequest(
                method: "POST",
                url: url + "/_control",
                headers: HTTPHeaders([("Content-Type", "application/json")]),
                body: Array(json.utf8)
            )
        )
        guard response.status == 200 else { throw PeerError(description: "control failed: \(response.bodyText)") }
    }

    /// Every API request the server saw, in order.
    func log() throws -> [LoggedRequest] {
        let response = try control.send(HTTPRequest(url: url + "/_log"))
        let value = try JSONParser.parse(response.body, source: "log")
        return (value.arrayValue ?? []).map(LoggedRequest.init)
    }

    /// A client of this server with `options`, and `credentials` (none by default).
    func client(
        options: KubeClientOptions = KubeClientOptions(timeout: 30),
        credentials: Credentials = .none,
        tls: TLSOptions? = nil,
        namespace: String = "default"
    ) throws -> KubeClient {
        var connectionTLS = tls ?? TLSOptions()
        if tls == nil, scheme == "https" { connectionTLS.insecureSkipVerify = true }
        let connection = ClusterConnection(
            server: url,
            namespace: namespace,
            contextName: "fake",
            tls: connectionTLS,
            credentials: credentials
        )
        return try KubeClient(connection: connection, options: options)
    }
}

struct LoggedRequest {
    var method: String
    var path: String
    var query: [String: String]
    var contentType: String?
    var authorization: String?
    var clientCommonName: String?
    /// `Impersonate-*` header fields as `Name: value`.
    var impersonation: [String]

    init(_ value: Value) {
        method = value["method"]?.stringValue ?? ""
        path = value["path"]?.stringValue ?? ""
        var query: [String: String] = [:]
        for (key, item) in value["query"]?.objectValue ?? ValueObject() { query[key] = item.stringValue }
        self.query = query
        contentType = value["content_type"]?.stringValue
        authorization = value["authorization"]?.stringValue
        clientCommonName = value["client_cn"]?.stringValue
        impersonation = (value["impersonate"]?.arrayValue ?? []).map {
            "\($0[0]?.stringValue ?? ""): \($0[1]?.stringValue ?? "")"
        }
    }
}

/// An InferenceService manifest as a value.
func inferenceService(_ name: String, namespace: String? = nil, minReplicas: Int = 1, spec: Bool = true) -> Value {
    var metadata = ValueObject([("name", .string(name))])
    if let namespace { metadata["namespace"] = .string(namespace) }
    var object = ValueObject([
        ("apiVersion", .string("serving.kserve.io/v1beta1")),
        ("kind", .string("InferenceService")),
        ("metadata", .object(metadata)),
    ])
    if spec {
        object["spec"] = .object(
            ValueObject([
                (
                    "predictor",
                    .object(
                        ValueObject([
                            ("minReplicas", .int(Int64(minReplicas))),
                            (
                                "model",
                                .object(
                                    ValueObject([("modelFormat", .object(ValueObject([("name", .string("xgboost"))])))])
                                )
                            ),
                        ])
                    )
                )
            ])
        )
    }
    return .object(object)
}
