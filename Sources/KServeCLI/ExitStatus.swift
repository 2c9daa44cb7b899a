import Transport

/// The exit codes of the house plan: 0 ok, 1 failure, 2 usage, 3 timed out, 4 auth, 5 not found, 6 conflict,
/// 7 terminal failure while waiting, 130 interrupted.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 2
    public static let timeout: Int32 = 3
    public static let auth: Int32 = 4
    public static let notFound: Int32 = 5
    public static let conflict: Int32 = 6
    public static let terminal: Int32 = 7
    public static let interrupted: Int32 = 130

    public static func code(for error: KServeError) -> Int32 {
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
