import Core
import Synchronization

/// What one request carries: an `Authorization` value, and a client certificate an exec plugin returned.
struct AuthMaterial: Sendable, Equatable {
    var authorization: String?
    var clientCertificate: [UInt8]?
    var clientKey: [UInt8]?
}

/// Produces the credential of each request: reads a token file every time, runs an exec plugin when its cached
/// credential is missing or expired, and forgets that credential after a 401.
final class CredentialSource: Sendable {
    let credentials: Credentials
    private let cached = Mutex<ExecCredential?>(nil)
    private let runs = Atomic<Int>(0)

    init(_ credentials: Credentials) {
        self.credentials = credentials
    }

    /// Whether ``material()`` may block (file reads, running a program).
    var blocks: Bool {
        switch credentials {
        case .tokenFile, .exec: true
        default: false
        }
    }

    /// Whether a fresh credential might fix a 401.
    var canRefresh: Bool {
        if case .exec = credentials { return true }
        return false
    }

    /// How many times the exec plugin ran.
    var pluginRuns: Int { runs.load(ordering: .relaxed) }

    func material() throws(KServeError) -> AuthMaterial {
        switch credentials {
        case .none, .clientCertificate:
            return AuthMaterial()
        case .token(let token):
            return AuthMaterial(authorization: "Bearer " + token)
        case .tokenFile(let path):
            return AuthMaterial(authorization: "Bearer " + (try Self.readToken(path)))
        case .basic(let username, let password):
            return AuthMaterial(authorization: "Basic " + Base64.encode(Array("\(username):\(password)".utf8)))
        case .exec(let plugin):
            let credential = try execCredential(plugin)
            return AuthMaterial(
                authorization: credential.token.map { "Bearer " + $0 },
                clientCertificate: credential.clientCertificate,
                clientKey: credential.clientKey
            )
        }
    }

    /// Drops the cached exec credential so that the next request runs the plugin again.
    func invalidate() {
        cached.withLock { $0 = nil }
    }

    /// The cached credential while it is valid, else a fresh one. The lock is held while the plugin runs, so
    /// concurrent requests run it once.
    private func execCredential(_ plugin: ExecPlugin) throws(KServeError) -> ExecCredential {
        let result: Result<ExecCredential, KServeError> = cached.withLock { cache in
            if let credential = cache, credential.isValid(at: Clock.epochSeconds()) { return .success(credential) }
            do throws(KServeError) {
                runs.add(1, ordering: .relaxed)
                let fresh = try ExecCredentialRunner.run(
                    plugin,
                    stdinIsTerminal: ExecCredentialRunner.standardInputIsTerminal
                )
                cache = fresh
                return .success(fresh)
            } catch {
                cache = nil
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func readToken(_ path: String) throws(KServeError) -> String {
        let bytes: [UInt8]
        do throws(KServeError) {
            bytes = try InputFile.read(path)
        } catch {
            throw KServeError(.auth, "cannot read the token file: \(error.message)", cause: error)
        }
        let token = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        guard !token.isEmpty else { throw KServeError(.auth, "the token file \(path) is empty") }
        return token
    }
}
