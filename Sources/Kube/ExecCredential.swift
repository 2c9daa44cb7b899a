import Core

/// What an exec plugin answered: a bearer token or a client certificate and key, and when it expires.
struct ExecCredential: Sendable, Equatable {
    var token: String?
    var clientCertificate: [UInt8]?
    var clientKey: [UInt8]?
    /// Seconds since the epoch; nil means valid for the life of the process.
    var expiration: Double?

    func isValid(at now: Double) -> Bool {
        guard let expiration else { return true }
        return now < expiration
    }
}

/// Runs a client-go credential plugin and reads its ExecCredential.
enum ExecCredentialRunner {
    static func run(_ plugin: ExecPlugin, stdinIsTerminal: Bool) throws(KServeError) -> ExecCredential {
        let config = plugin.config
        let who = "exec credential plugin \"\(config.command)\" of user \"\(plugin.userName)\""
        let interactive: Bool
        switch config.interactiveMode {
        case .never:
            interactive = false
        case .ifAvailable:
            interactive = stdinIsTerminal
        case .always:
            guard stdinIsTerminal else {
                throw KServeError(
                    .auth,
                    "\(who) needs an interactive terminal (interactiveMode: Always), but standard input is not one"
                )
            }
            interactive = true
        }

        var environment = plugin.environment
        for variable in config.env { environment[variable.name] = variable.value }
        environment["KUBERNETES_EXEC_INFO"] = JSONWriter.string(
            execInfo(plugin, interactive: interactive)
        )

        guard let executable = ProcessRunner.locate(config.command, path: environment["PATH"]) else {
            var message = "\(who) was not found"
            message += config.command.contains("/") ? " (no executable at \(config.command))" : " in PATH"
            if let hint = config.installHint {
                message += "\n" + stripControlSequences(hint).trimmingWhitespace()
            }
            throw KServeError(.auth, message)
        }
        let outcome: ProcessRunner.Outcome
        do throws(KServeError) {
            outcome = try ProcessRunner.run(
                executable: executable,
                arguments: config.args,
                environment: environment,
                input: interactive ? .inherit : .none
            )
        } catch {
            throw KServeError(.auth, "\(who) could not run: \(error.message)", cause: error)
        }
        if outcome.signal != 0 {
            throw KServeError(.auth, "\(who) was killed by signal \(outcome.signal)")
        }
        guard outcome.exitCode == 0 else {
            throw KServeError(.auth, "\(who) failed with exit code \(outcome.exitCode)")
        }
        return try parse(outcome.output, plugin: plugin, who: who)
    }

    static func execInfo(_ plugin: ExecPlugin, interactive: Bool) -> Value {
        var spec = ValueObject()
        spec["interactive"] = .bool(interactive)
        if plugin.config.provideClusterInfo { spec["cluster"] = plugin.clusterInfo }
        return .object(
            ValueObject([
                ("apiVersion", .string(plugin.config.apiVersion)),
                ("kind", .string("ExecCredential")),
                ("spec", .object(spec)),
            ])
        )
    }

    static func parse(_ output: [UInt8], plugin: ExecPlugin, who: String) throws(KServeError) -> ExecCredential {
        let document: Value
        do throws(KServeError) {
            document = try JSONParser.parse(output, source: "output of \(plugin.config.command)")
        } catch {
            throw KServeError(.auth, "\(who) did not print an ExecCredential: \(error.message)")
        }
        guard document["kind"]?.stringValue == "ExecCredential" else {
            throw KServeError(
                .auth,
                "\(who) printed an object of kind \(document["kind"]?.stringValue ?? "(none)"), not ExecCredential"
            )
        }
        let answered = document["apiVersion"]?.stringValue ?? "(none)"
        guard answered == plugin.config.apiVersion else {
            throw KServeError(
                .auth,
                "\(who) answered with apiVersion \(answered), but the kubeconfig asks for \(plugin.config.apiVersion)"
            )
        }
        guard let status = document["status"], status.objectValue != nil else {
            throw KServeError(.auth, "\(who) printed an ExecCredential without status")
        }
        var credential = ExecCredential()
        credential.token = status["token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let certificate = status["clientCertificateData"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let key = status["clientKeyData"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        switch (certificate, key) {
        case (let certificate?, let key?):
            credential.clientCertificate = Array(certificate.utf8)
            credential.clientKey = Array(key.utf8)
        case (nil, nil):
            break
        default:
            throw KServeError(.auth, "\(who) returned only one of clientCertificateData and clientKeyData")
        }
        guard credential.token != nil || credential.clientCertificate != nil else {
            throw KServeError(.auth, "\(who) returned neither a token nor a client certificate")
        }
        if let text = status["expirationTimestamp"]?.stringValue, !text.isEmpty {
            guard let seconds = RFC3339.parse(text) else {
                throw KServeError(.auth, "\(who) returned an expirationTimestamp that is not RFC 3339: \(text)")
            }
            credential.expiration = seconds
        }
        return credential
    }

    /// Drops ANSI escape sequences and other control characters from text shown to people.
    static func stripControlSequences(_ text: String) -> String {
        var output: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == 0x1B {
                // CSI: ESC [ parameters final-byte; other escapes: ESC and one byte.
                if bytes.first == UInt8(ascii: "[") {
                    bytes.removeFirst()
                    while let next = bytes.popFirst(), !(0x40...0x7E).contains(next) {}
                } else {
                    _ = bytes.popFirst()
                }
                continue
            }
            if byte < 0x20 && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\t") || byte == 0x7F { continue }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    static var standardInputIsTerminal: Bool { isatty(0) == 1 }
}
