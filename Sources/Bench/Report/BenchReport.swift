/// Everything a `kserve bench` run found: what the human, JSON and CSV outputs show and `--compare` reads back.
public struct BenchReport: Sendable, Equatable {
    /// The version of the JSON schema (`"schema": "kserve.bench/v1"`); a reader refuses other major versions.
    public static let schemaVersion = 1
    public static let schemaName = "kserve.bench/v\(schemaVersion)"

    /// How load was offered.
    public enum Mode: Sendable, Equatable {
        /// A fixed number of requests outstanding (`--concurrency`).
        case closedLoop
        /// Requests sent on a schedule regardless of answers (`--rate`).
        case openLoop(ArrivalProcess)
    }

    public var tool: String
    public var version: String
    /// RFC 3339 UTC, e.g. 2026-01-31T12:00:00Z.
    public var startedAt: String
    /// The endpoint's URL.
    public var target: String
    /// "v1" or "v2".
    public var protocolName: String
    /// Whether V2's binary tensor extension was used.
    public var binary: Bool
    public var mode: Mode
    public var levels: [LevelReport]
    public var warnings: [String]
    /// True when the run was cut short (Ctrl-C): the levels hold what was measured so far.
    public var interrupted: Bool

    public init(
        tool: String = "kserve bench",
        version: String,
        startedAt: String,
        target: String,
        protocolName: String,
        binary: Bool = false,
        mode: Mode,
        levels: [LevelReport] = [],
        warnings: [String] = [],
        interrupted: Bool = false
    ) {
        self.tool = tool
        self.version = version
        self.startedAt = startedAt
        self.target = target
        self.protocolName = protocolName
        self.binary = binary
        self.mode = mode
        self.levels = levels
        self.warnings = warnings
        self.interrupted = interrupted
    }
}
