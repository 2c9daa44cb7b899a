import ControlPlane
import Core
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import Reconciler
import Runtime
import ServiceLifecycle
import UnixSignals

/// `kserve serve`: the HTTP data plane over a ``ModelRepository``.
package enum ModelServer {
    /// Binds, registers the models, serves until SIGINT/SIGTERM, then drains in-flight requests and returns.
    /// `onReady` gets the bound port (port 0 = pick a free one) once listening.
    package static func run(
        _ configuration: ServerConfiguration,
        onReady: @escaping @Sendable (Int) -> Void
    ) async throws(KServeError) {
        try validate(configuration)
        AllocatorTuning.keepLargeBuffers()
        let repository = ModelRepository(configuration: configuration.repository)
        defer { repository.shutdown() }
        try await serve(configuration, repository: repository, signals: [.sigterm, .sigint]) { port, _ in
            onReady(port)
        }
    }

    /// Registers the configured models in `repository` and serves them until one of `signals` arrives or the
    /// `shutdown` closure handed to `onReady` is called; either drains in-flight requests before returning.
    static func serve(
        _ configuration: ServerConfiguration,
        repository: ModelRepository,
        signals: [UnixSignal],
        onReady: @escaping @Sendable (_ port: Int, _ shutdown: @escaping @Sendable () async -> Void) -> Void
    ) async throws(KServeError) {
        try validate(configuration)
        let logger = configuration.logger
        let address = configuration.address
        // Reading and writing certificates and keys, and loading the store back from its state directory, block on
        // the disk (and fsync): on threads of their own, never on the cooperative pool.
        let settings = configuration.tls
        let tls = try await BlockingThread.run { () throws(KServeError) in
            try settings.map { (settings) throws(KServeError) in
                try ServerTLSMaterial.resolve(settings, address: address, logger: logger)
            }
        }
        let tlsConfiguration = try Self.tlsConfiguration(tls)
        let names = try await register(configuration, in: repository)
        let listed = names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", ..." : "")
        logger.info(
            "registered \(names.count) model\(names.count == 1 ? "" : "s")\(names.isEmpty ? "" : ": ")\(listed)"
        )
        let plane = DataPlane(repository: repository, configuration: configuration, ready: !configuration.eagerLoad)
        let controlPlane = try await BlockingThread.run { () throws(KServeError) in
            try makeControlPlane(configuration)
        }
        let reconciler = controlPlane.map { controlPlane in
            Reconciler(
                store: controlPlane.store,
                repository: repository,
                configuration: ReconcilerConfiguration(
                    names: ServingNames(domain: configuration.ingressDomain),
                    serverWorkers: configuration.repository.workers,
                    downloadDirectory: configuration.controlPlane?.stateDirectory.map { $0 + "/downloads" }
                        ?? ReconcilerConfiguration.temporaryDownloadDirectory(),
                    logger: configuration.logger
                )
            )
        }
        let shutdownRequests = ShutdownRequests()
        let app = makeApplication(
            plane,
            controlPlane: controlPlane,
            routes: reconciler?.routes ?? ServingRoutes(),
            configuration: configuration,
            tls: tlsConfiguration
        ) { port in
            await writeKubeconfig(configuration, port: port, tls: tls)
            onReady(port) { shutdownRequests.request() }
        }
        // Everything runs as a service of one group, so nothing outlives it. A graceful shutdown reaches the services
        // last to first: the shutdown requests, the store's watches (so that open watch answers end), eager loading,
        // the HTTP server (which drains requests in flight), and last the reconciler.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let reconciler { services.append(.init(service: ReconcilerService(reconciler: reconciler))) }
        services.append(.init(service: app))
        if configuration.eagerLoad {
            services.append(
                .init(service: EagerLoader(names: names, plane: plane), successTerminationBehavior: .ignore)
            )
        }
        if let controlPlane { services.append(.init(service: StoreCloser(store: controlPlane.store))) }
        services.append(.init(service: shutdownRequests, successTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: signals,
                logger: app.logger
            )
        )
        do {
            try await group.run()
        } catch {
            throw KServeError(.io, "serving on \(address):\(configuration.port) failed: \(error)", cause: error)
        }
        logger.info("server stopped")
    }

    /// The routes over `repository` as an application, for in-process use and tests (HummingbirdTesting's `.router`
    /// and `.live`). `onReady` gets the bound port once a live server listens. With `controlPlane`, the Kubernetes
    /// API is served on the same port.
    package static func makeApplication(
        repository: ModelRepository,
        controlPlane: ControlPlane? = nil,
        configuration: ServerConfiguration = .init(),
        onReady: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> Application<ServingRouteResponder<BasicRequestContext>> {
        let plane = DataPlane(repository: repository, configuration: configuration, ready: true)
        return makeApplication(
            plane,
            controlPlane: controlPlane,
            routes: ServingRoutes(names: ServingNames(domain: configuration.ingressDomain)),
            configuration: configuration,
            onReady: onReady
        )
    }

    /// The router alone, for embedding the data plane in another application.
    package static func makeRouter(
        repository: ModelRepository,
        configuration: ServerConfiguration = .init()
    ) -> Router<BasicRequestContext> {
        makeRouter(DataPlane(repository: repository, configuration: configuration, ready: true), nil, configuration)
    }

    static func makeRouter(
        _ plane: DataPlane,
        _ controlPlane: ControlPlane?,
        _ configuration: ServerConfiguration
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorMiddleware(logger: configuration.logger))
        if let token = configuration.token { router.add(middleware: AuthMiddleware(token: token)) }
        controlPlane?.addRoutes(to: router)
        plane.addV2Routes(to: router)
        plane.addStatisticsRoutes(to: router)
        plane.addRepositoryRoutes(to: router)
        plane.addV1Routes(to: router)
        return router
    }

    /// The application over the router, wrapped so that requests addressed to an InferenceService (Host header,
    /// `/serving/NAMESPACE/NAME/...`) reach its model's routes.
    static func makeApplication(
        _ plane: DataPlane,
        controlPlane: ControlPlane?,
        routes: ServingRoutes,
        configuration: ServerConfiguration,
        tls: TLSConfiguration? = nil,
        onReady: @escaping @Sendable (Int) async -> Void
    ) -> Application<ServingRouteResponder<BasicRequestContext>> {
        let port = configuration.port
        let fastPath = InferenceFastPath.Settings(
            plane: plane,
            limits: FastInferRoute.Limits(
                maxBodyBytes: configuration.maxBodyBytes,
                token: configuration.token.map { Array($0.utf8) },
                routes: routes
            )
        )
        return Application(
            responder: ServingRouteResponder(router: makeRouter(plane, controlPlane, configuration), routes: routes),
            server: httpServer(tls: tls, fastPath: configuration.fastPath ? fastPath : nil),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.address, port: configuration.port),
                serverName: nil
            ),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
            logger: Logger(label: "kserve.server.http") { _ in ForwardingLogHandler(target: configuration.logger) }
        )
    }

    /// HTTP/1.1, over TLS when there is a TLS configuration, on ``ServingChannel``.
    static func httpServer(tls: TLSConfiguration?, fastPath: InferenceFastPath.Settings?) -> HTTPServerBuilder {
        guard let tls else {
            return HTTPServerBuilder { responder in
                ServingChannel(base: HTTP1Channel(responder: responder), fastPath: fastPath)
            }
        }
        return HTTPServerBuilder { responder in
            ServingChannel(
                base: try TLSChannel(HTTP1Channel(responder: responder), tlsConfiguration: tls),
                fastPath: fastPath
            )
        }
    }

    /// NIO's TLS configuration for the TLS material, checked before anything binds; nil without TLS.
    static func tlsConfiguration(_ tls: ServerTLSMaterial?) throws(KServeError) -> TLSConfiguration? {
        guard let tls else { return nil }
        let settings = try tls.nioConfiguration()
        do {
            // The server makes its context again per channel setup; this one reports a bad configuration early.
            _ = try NIOSSLContext(configuration: settings)
        } catch {
            throw KServeError(.tls, "setting up TLS failed: \(error)", cause: error)
        }
        return settings
    }

    /// The control plane over its store (loaded back from the state directory), when the configuration has one.
    /// Reads the state directory: call it off the cooperative pool.
    static func makeControlPlane(_ configuration: ServerConfiguration) throws(KServeError) -> ControlPlane? {
        guard let settings = configuration.controlPlane else { return nil }
        let logger = configuration.logger
        let store = try ResourceStore(stateDirectory: settings.stateDirectory, logger: logger)
        if let directory = settings.stateDirectory {
            logger.info("state directory: \(directory)", metadata: ["path": "\(directory)"])
        }
        return ControlPlane(
            store: store,
            maxBodyBytes: configuration.maxBodyBytes,
            serverVersion: configuration.serverVersion,
            bookmarkInterval: settings.bookmarkInterval,
            logger: logger
        )
    }

    /// Writes the kubeconfig for the bound port (with the CA to trust under TLS); a failure is logged, not fatal
    /// (the API still answers). The file is written and fsynced on a thread of its own, off the cooperative pool.
    static func writeKubeconfig(
        _ configuration: ServerConfiguration,
        port: Int,
        tls: ServerTLSMaterial? = nil
    ) async {
        guard let path = configuration.controlPlane?.kubeconfigPath else { return }
        do throws(KServeError) {
            try await BlockingThread.run { () throws(KServeError) in
                try Kubeconfig.write(
                    to: path,
                    server: Kubeconfig.serverURL(address: configuration.address, port: port, tls: tls != nil),
                    token: configuration.token,
                    certificateAuthorityPEM: tls?.certificateAuthorityPEM
                )
            }
            configuration.logger.info(
                "kubeconfig: \(path) (context \(Kubeconfig.contextName))",
                metadata: ["path": "\(path)"]
            )
        } catch {
            configuration.logger.error("error: writing the kubeconfig failed: \(error.message)")
        }
    }

    /// Checks the configuration before anything is bound or loaded.
    static func validate(_ configuration: ServerConfiguration) throws(KServeError) {
        try AddressPolicy.check(address: configuration.address, token: configuration.token)
        guard (0...65535).contains(configuration.port) else {
            throw KServeError(.usage, "port \(configuration.port) is out of range (0-65535; 0 picks a free port)")
        }
        guard configuration.maxBodyBytes > 0 else {
            throw KServeError(.usage, "the request body limit must be positive, not \(configuration.maxBodyBytes)")
        }
    }

    /// Registers the models directory and the named models; returns every registered name.
    static func register(
        _ configuration: ServerConfiguration,
        in repository: ModelRepository
    ) async throws(KServeError) -> [String] {
        if let directory = configuration.modelsDirectory {
            _ = try await repository.registerDirectory(directory)
        }
        for source in configuration.models {
            try await repository.register(source)
        }
        return await repository.names()
    }
}
