import ControlPlane
import Core
import Resources
import Runtime
import Server

/// `kserve serve`: the embedded model server, in the foreground until SIGINT or SIGTERM.
struct ServeCommand {
    let context: CommandContext

    func run() async throws(KServeError) -> Int32 {
        let invocation = context.invocation
        var configuration = ServerConfiguration()
        configuration.address = try invocation.defaulted(.address)
        let port = try invocation.defaultedInt(.port)
        guard (0...65535).contains(port) else {
            throw KServeError(.usage, "invalid --port \(port): expected 0 to 65535")
        }
        configuration.port = port
        configuration.token = invocation.value(.token).flatMap { $0.isEmpty ? nil : $0 }
        if let maxBody = invocation.bytes(.maxBody) {
            guard maxBody > 0, maxBody <= Int64(Int32.max) else {
                throw KServeError(.usage, "invalid --max-body: expected a size between 1 byte and 2 GiB")
            }
            configuration.maxBodyBytes = Int(maxBody)
        }
        if let memory = invocation.bytes(.memory) {
            guard memory > 0 else { throw KServeError(.usage, "invalid --memory: the budget must be above zero") }
            configuration.repository.memoryBudget = Int(memory)
        }
        let workers = invocation.int(.workers) ?? Self.coreCount()
        guard workers >= 1 else { throw KServeError(.usage, "invalid --workers \(workers): expected at least 1") }
        configuration.repository.workers = workers
        let loads = try invocation.defaultedInt(.loadConcurrency)
        guard loads >= 1 else {
            throw KServeError(.usage, "invalid --load-concurrency \(loads): expected at least 1")
        }
        configuration.repository.loadConcurrency = loads
        configuration.modelsDirectory = invocation.value(.modelsDir)
        configuration.models = try invocation.keyValues(.model).map { (pair) throws(KServeError) in
            guard Self.isValidModelName(pair.key) else {
                throw KServeError(
                    .usage,
                    "invalid --model name '\(pair.key)': use letters, digits, '-', '_' and '.' only"
                )
            }
            guard !pair.value.isEmpty else { throw KServeError(.usage, "--model \(pair.key)= needs a path") }
            return ModelSource(name: pair.key, path: pair.value)
        }
        configuration.eagerLoad = invocation.flag(.eager)
        configuration.controlPlane = try controlPlaneConfiguration()
        configuration.tls = try tlsSettings(stateDirectory: configuration.controlPlane?.stateDirectory)
        configuration.serverVersion = BuildInfo.version
        let terminal = context.terminal
        configuration.logger = TerminalLogHandler.logger(terminal: terminal, quiet: context.quiet)
        let address = configuration.address
        let scheme = configuration.tls == nil ? "http" : "https"
        try await ModelServer.run(configuration) { boundPort in
            let host = address.contains(":") ? "[\(address)]" : address
            terminal.err("serving on \(scheme)://\(host):\(boundPort)\n")
        }
        return ExitStatus.success
    }

    /// The control plane's state directory (`--state-dir`, else the XDG default; none with `--ephemeral`) and
    /// where the kubeconfig goes (`--write-kubeconfig`, else `STATE_DIR/kubeconfig`).
    func controlPlaneConfiguration() throws(KServeError) -> ControlPlaneConfiguration {
        let invocation = context.invocation
        let ephemeral = invocation.flag(.ephemeral)
        var stateDirectory = invocation.value(.stateDir).flatMap { $0.isEmpty ? nil : $0 }
        if ephemeral, stateDirectory != nil {
            throw KServeError(.usage, "--ephemeral and --state-dir exclude each other")
        }
        if !ephemeral, stateDirectory == nil {
            stateDirectory = ControlPlaneConfiguration.defaultStateDirectory(environment: context.environment)
            if stateDirectory == nil {
                throw KServeError(
                    .usage,
                    "no state directory: set --state-dir, XDG_STATE_HOME or HOME, or use --ephemeral"
                )
            }
        }
        var kubeconfig = invocation.value(.writeKubeconfig).flatMap { $0.isEmpty ? nil : $0 }
        if kubeconfig == nil, let stateDirectory { kubeconfig = stateDirectory + "/kubeconfig" }
        return ControlPlaneConfiguration(stateDirectory: stateDirectory, kubeconfigPath: kubeconfig)
    }

    /// HTTPS settings: `--tls-cert` and `--tls-key` together load files (and imply `--tls`); `--tls` alone generates
    /// a CA and server certificate under STATE_DIR/tls (in memory only without a state directory).
    func tlsSettings(stateDirectory: String?) throws(KServeError) -> TLSSettings? {
        let invocation = context.invocation
        let certificate = invocation.value(.tlsCert).flatMap { $0.isEmpty ? nil : $0 }
        let key = invocation.value(.tlsKey).flatMap { $0.isEmpty ? nil : $0 }
        switch (certificate, key) {
        case (let certificate?, let key?):
            return .files(certificate: certificate, key: key)
        case (.some, nil):
            throw KServeError(.usage, "--tls-cert needs --tls-key (the certificate's private key)")
        case (nil, .some):
            throw KServeError(.usage, "--tls-key needs --tls-cert (the certificate for the key)")
        case (nil, nil):
            guard invocation.flag(.tls) else { return nil }
            return .generated(directory: stateDirectory.map { $0 + "/tls" })
        }
    }

    static func isValidModelName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 253 && name != "." && name != ".."
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    static func coreCount() -> Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
