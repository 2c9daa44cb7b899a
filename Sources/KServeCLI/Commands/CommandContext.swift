import Core
import CurlHTTP
import Inference

/// What every command gets: its parsed invocation, the terminal, the environment, and shared helpers.
struct CommandContext {
    let invocation: Invocation
    let terminal: Terminal
    let environment: [String: String]

    /// `-v` count: 2 shows request lines, 3 adds headers and bodies (credentials redacted).
    var verbosity: Int { invocation.count(.verbose) }
    var quiet: Bool { invocation.flag(.quiet) }

    /// The `-o` value, or the command's first (default) format.
    var outputFormat: String {
        invocation.value(.output) ?? CommandTable.command(named: invocation.command)?.outputFormats.first ?? "json"
    }

    /// An HTTP client with the request timeout, tracing by `-v`, and `tls` when given (a kubeconfig's).
    func makeHTTPClient(timeout: Double?, tls: TLSOptions? = nil) throws(KServeError) -> HTTPClient {
        var configuration = HTTPClientConfiguration()
        configuration.timeout = timeout
        if let tls { configuration.tls = tls }
        configuration.userAgent = "kserve/\(BuildInfo.version)"
        if verbosity >= 2 {
            configuration.trace = verbosity >= 3 ? .bodies : .requests
            let terminal = self.terminal
            configuration.traceSink = { line in terminal.err(line.hasSuffix("\n") ? line : line + "\n") }
        }
        return try HTTPClient(configuration: configuration)
    }

    /// The inference endpoint from `--url` (or `KSERVE_URL`), with `--host` and `-H` headers applied.
    func inferenceEndpoint() throws(KServeError) -> InferenceEndpoint {
        guard let url = invocation.value(.url), !url.isEmpty else {
            throw KServeError(
                .usage,
                "\(invocation.command) needs --url URL (or KSERVE_URL) naming the inference server"
            )
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw KServeError(.usage, "invalid --url '\(url)': expected an http:// or https:// URL")
        }
        var headers = HTTPHeaders()
        for header in invocation.values(.header) {
            let (name, value) = try Self.parseHeader(header)
            headers.add(name, value)
        }
        if let host = invocation.value(.host), !host.isEmpty { headers.set("Host", host) }
        return InferenceEndpoint(baseURL: url, headers: headers, timeout: invocation.duration(.timeout))
    }

    /// Splits `Name: value` (or `name=value`); the name must be a valid header token.
    static func parseHeader(_ text: String) throws(KServeError) -> (String, String) {
        guard let (name, value) = KeyValueText.split(text) else {
            throw KServeError(.usage, "invalid header '\(text)': expected 'Name: value'")
        }
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard name.allSatisfy({ tokenCharacters.contains($0) }) else {
            throw KServeError(.usage, "invalid header '\(text)': '\(name)' is not a valid header name")
        }
        guard !value.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw KServeError(.usage, "invalid header '\(text)': values may not contain line breaks")
        }
        return (name, value)
    }

    /// Writes a JSON document to stdout: indented on a terminal, one line otherwise.
    func printJSON(_ value: Value) {
        terminal.out(JSONWriter.string(value, style: terminal.stdoutIsTTY ? .pretty : .compact) + "\n")
    }
}
