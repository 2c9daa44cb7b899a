/// Everything a `kserve bench` run found: what the human, JSON and CSV outputs show and `--compare` reads back.
package struct BenchReport: Sendable, Equatable {
    /// The version of the JSON schema (`"schema": "kserve.bench/v1"`); a reader refuses other major versions.
    package static let schemaVersion = 1
    package static let schemaName = "kserve.bench/v\(schemaVersion)"

    /// How load was offered.
    package enum Mode: Sendable, Equatable {
        /// A fixed number of requests outstanding (`--concurrency`).
        case closedLoop
        /// Requests sent on a schedule regardless of answers (`--rate`).
        case openLoop(ArrivalProcess)
    }

    package var tool: String
    package var version: String
    /// RFC 3339 UTC, e.g. 2026-01-31T12:00:00Z.
    package var startedAt: String
    /// The endpoint's URL.
    package var target: String
    /// "v1" or "v2".
    package var protocolName: String
    /// Whether V2's binary tensor extension was used.
    package var binary: Bool
    package var mode: Mode
    package var levels: [LevelReport]
    package var warnings: [String]
    /// True when the run was cut short (Ctrl-C): the levels hold what was measured so far.
    package var interrupted: Bool

    package init(
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
