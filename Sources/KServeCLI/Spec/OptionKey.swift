/// The long name of an option, as the command table declares it and as commands read it. Both go through these
/// constants, so a misspelt option name does not compile; `CommandTableTests` checks that the table declares every
/// constant in ``all`` and nothing else.
package struct OptionKey: Hashable, Sendable, CustomStringConvertible {
    /// The name after `--`.
    package let name: String

    /// For the constants below, and for tables that tests build.
    package init(_ name: String) { self.name = name }

    package var description: String { "--" + name }

    package static let address = OptionKey("address")
    package static let allNamespaces = OptionKey("all-namespaces")
    package static let arrival = OptionKey("arrival")
    package static let batch = OptionKey("batch")
    package static let binary = OptionKey("binary")
    package static let canary = OptionKey("canary")
    package static let compare = OptionKey("compare")
    package static let concurrency = OptionKey("concurrency")
    package static let connections = OptionKey("connections")
    package static let context = OptionKey("context")
    package static let distribution = OptionKey("distribution")
    package static let dryRun = OptionKey("dry-run")
    package static let duration = OptionKey("duration")
    package static let eager = OptionKey("eager")
    package static let ephemeral = OptionKey("ephemeral")
    package static let filename = OptionKey("filename")
    package static let forceConflicts = OptionKey("force-conflicts")
    package static let header = OptionKey("header")
    package static let help = OptionKey("help")
    package static let host = OptionKey("host")
    package static let ignoreNotFound = OptionKey("ignore-not-found")
    package static let ingress = OptionKey("ingress")
    package static let input = OptionKey("input")
    package static let kubeconfig = OptionKey("kubeconfig")
    package static let loadConcurrency = OptionKey("load-concurrency")
    package static let local = OptionKey("local")
    package static let max = OptionKey("max")
    package static let maxBody = OptionKey("max-body")
    package static let maxWindows = OptionKey("max-windows")
    package static let memory = OptionKey("memory")
    package static let metric = OptionKey("metric")
    package static let min = OptionKey("min")
    package static let model = OptionKey("model")
    package static let models = OptionKey("models")
    package static let modelsDir = OptionKey("models-dir")
    package static let namespace = OptionKey("namespace")
    package static let noColor = OptionKey("no-color")
    package static let noWait = OptionKey("no-wait")
    package static let output = OptionKey("output")
    package static let port = OptionKey("port")
    package static let `protocol` = OptionKey("protocol")
    package static let quiet = OptionKey("quiet")
    package static let random = OptionKey("random")
    package static let rate = OptionKey("rate")
    package static let requests = OptionKey("requests")
    package static let seed = OptionKey("seed")
    package static let shape = OptionKey("shape")
    package static let stableWindows = OptionKey("stable-windows")
    package static let stateDir = OptionKey("state-dir")
    package static let target = OptionKey("target")
    package static let threads = OptionKey("threads")
    package static let timeout = OptionKey("timeout")
    package static let tls = OptionKey("tls")
    package static let tlsCert = OptionKey("tls-cert")
    package static let tlsKey = OptionKey("tls-key")
    package static let token = OptionKey("token")
    package static let tolerance = OptionKey("tolerance")
    package static let url = OptionKey("url")
    package static let verbose = OptionKey("verbose")
    package static let warmup = OptionKey("warmup")
    package static let version = OptionKey("version")
    package static let watch = OptionKey("watch")
    package static let window = OptionKey("window")
    package static let workers = OptionKey("workers")
    package static let writeKubeconfig = OptionKey("write-kubeconfig")

    /// Every option of the command table.
    package static let all: [OptionKey] = [
        address,
        allNamespaces,
        arrival,
        batch,
        binary,
        canary,
        compare,
        concurrency,
        connections,
        context,
        distribution,
        dryRun,
        duration,
        eager,
        ephemeral,
        filename,
        forceConflicts,
        header,
        help,
        host,
        ignoreNotFound,
        ingress,
        input,
        kubeconfig,
        loadConcurrency,
        local,
        max,
        maxBody,
        maxWindows,
        memory,
        metric,
        min,
        model,
        models,
        modelsDir,
        namespace,
        noColor,
        noWait,
        output,
        port,
        `protocol`,
        quiet,
        random,
        rate,
        requests,
        seed,
        shape,
        stableWindows,
        stateDir,
        target,
        threads,
        timeout,
        tls,
        tlsCert,
        tlsKey,
        token,
        tolerance,
        url,
        verbose,
        warmup,
        version,
        watch,
        window,
        workers,
        writeKubeconfig,
    ]
}
