import Core

/// The exit codes of the house plan: 0 ok, 1 failure, 2 usage, 3 timed out, 4 auth, 5 not found, 6 conflict,
/// 7 terminal failure while waiting, 130 interrupted.
package enum ExitStatus {
    package static let success: Int32 = 0
    package static let failure: Int32 = 1
    package static let usage: Int32 = 2
    package static let timeout: Int32 = 3
    package static let auth: Int32 = 4
    package static let notFound: Int32 = 5
    package static let conflict: Int32 = 6
    package static let terminal: Int32 = 7
    package static let interrupted: Int32 = 130

    package static func code(for error: KServeError) -> Int32 {
        switch error.code {
        case .usage: return usage
        case .timeout: return timeout
        case .auth: return auth
        case .notFound: return notFound
        case .conflict: return conflict
        case .terminal: return terminal
        case .interrupted: return interrupted
        default: return failure
        }
    }
}
