import ControlPlane
import Logging
import Runtime

/// How `kserve serve` listens and what it serves.
package struct ServerConfiguration: Sendable {
    /// Address to bind; anything but a loopback address requires `token`.
    package var address: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one (reported to `onReady`).
    package var port: Int = 8080
    /// When set, every route but health needs `Authorization: Bearer TOKEN`.
    package var token: String? = nil
    /// Largest request body accepted; larger bodies are answered 413.
    package var maxBodyBytes: Int = 64 << 20
    package var repository: RepositoryConfiguration = .init()
    /// A directory with one model file or sub-directory per model. `POST /v2/repository/models/NAME/load` also
    /// registers a model that appears there later.
    package var modelsDirectory: String? = nil
    /// Models named on the command line (`--model NAME=PATH`).
    package var models: [ModelSource] = []
    /// Load every registered model at start instead of on its first request.
    package var eagerLoad: Bool = false
    /// Where every component of the server logs (start-up, loads, errors): each message is the whole line a user
    /// reads, its level says how much it matters, and its metadata (model, path) is for handlers that want structured
    /// values. Disabled by default; `kserve serve` logs to stderr.
    package var logger = Logger(label: "kserve.server", factory: { _ in SwiftLogNoOpLogHandler() })
    /// The Kubernetes-compatible control plane (`/api`, `/apis`) on the same port; nil serves the data plane only.
    package var controlPlane: ControlPlaneConfiguration? = nil
    /// Domain of InferenceService URLs (`http://NAME.NAMESPACE.DOMAIN`), routed by Host header.
    package var ingressDomain: String = "example.com"
    /// Serve HTTPS with this certificate and key (generated or from files); nil serves plain HTTP.
    package var tls: TLSSettings? = nil
    /// Answer V2 infer requests by model name in front of the router (``InferenceFastPath``); off, the router
    /// answers every request (tests compare the two).
    package var fastPath: Bool = true
    /// The version `GET /v2` reports.
    package var serverVersion: String = "0.1.0"

    package init() {}
}
