import Runtime

/// How `kserve serve` listens and what it serves.
public struct ServerConfiguration: Sendable {
    /// Address to bind; anything but a loopback address requires `token`.
    public var address: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one (reported to `onReady`).
    public var port: Int = 8080
    /// When set, every route but health needs `Authorization: Bearer TOKEN`.
    public var token: String? = nil
    /// Largest request body accepted; larger bodies are answered 413.
    public var maxBodyBytes: Int = 64 << 20
    public var repository: RepositoryConfiguration = .init()
    /// A directory with one model file or sub-directory per model. `POST /v2/repository/models/NAME/load` also
    /// registers a model that appears there later.
    public var modelsDirectory: String? = nil
    /// Models named on the command line (`--model NAME=PATH`).
    public var models: [ModelSource] = []
    /// Load every registered model at start instead of on its first request.
    public var eagerLoad: Bool = false
    /// Receives one line per event (startup, loads, errors), for stderr.
    public var log: (@Sendable (String) -> Void)? = nil
    /// The Kubernetes-compatible control plane (`/api`, `/apis`) on the same port; nil serves the data plane only.
    public var controlPlane: ControlPlaneConfiguration? = nil
    /// Domain of InferenceService URLs (`http://NAME.NAMESPACE.DOMAIN`), routed by Host header.
    public var ingressDomain: String = "example.com"
    /// Serve HTTPS with this certificate and key (generated or from files); nil serves plain HTTP.
    public var tls: TLSSettings? = nil
    /// The version `GET /v2` reports.
    public var serverVersion: String = "0.1.0"

    public init() {}
}
