import Bench
import Core

/// The options of `kserve bench`, checked before anything goes on the network (bad values are usage errors).
struct BenchSettings {
    var models: [String]
    var mode: LoadPlan.Mode
    var connections: Int?
    var duration: Double?
    var requests: Int?
    var warmup: Double
    var timeout: Double
    var stability: StabilityRule
    var distribution: ModelDistribution
    var threads: Int
    var seed: UInt64
    var inputPath: String?
    var random: Bool
    var shapes: [String: [Int64]]
    var batch: Int
    var binary: Bool
    var explicitProtocol: String?
    var format: ReportFormat
    var comparePath: String?

    init(_ invocation: Invocation, outputFormat: String) throws(KServeError) {
        models = []
        if let model = invocation.value(.model) { models += ModelSelection.split(model) }
        if let list = invocation.value(.models) { models += ModelSelection.split(list) }
        guard !models.isEmpty else { throw KServeError(.usage, "bench needs --model NAME or --models LIST") }

        if let rateText = invocation.value(.rate) {
            if invocation.isSet(.concurrency) {
                throw KServeError(.usage, "--rate (open loop) and --concurrency (closed loop) exclude each other")
            }
            guard let rate = Double(rateText), rate.isFinite, rate > 0 else {
                throw KServeError(
                    .usage,
                    "invalid --rate '\(rateText)': expected a number of requests per second above 0"
                )
            }
            let arrivalText = try invocation.defaulted(.arrival)
            guard let arrival = ArrivalProcess(rawValue: arrivalText) else {
                throw KServeError(.usage, "invalid --arrival '\(arrivalText)': expected constant or poisson")
            }
            mode = .openLoop(rate: rate, arrival: arrival)
        } else {
            if invocation.isSet(.arrival) { throw KServeError(.usage, "--arrival needs --rate (open loop)") }
            let sweep = try ConcurrencySweep.parse(try invocation.defaulted(.concurrency))
            mode = .closedLoop(levels: sweep.levels)
        }

        connections = try Self.positive(invocation, .connections)
        duration = try Self.positiveDuration(invocation, .duration)
        requests = try Self.positive(invocation, .requests)
        warmup = try invocation.defaultedDuration(.warmup)
        guard warmup >= 0 else { throw KServeError(.usage, "invalid --warmup: it cannot be negative") }
        timeout = try Self.positiveDuration(invocation, .timeout) ?? 30
        let window = try Self.positiveDuration(invocation, .window) ?? 5
        let stableWindows = try Self.positive(invocation, .stableWindows) ?? 3
        let maxWindows = try Self.positive(invocation, .maxWindows) ?? 10
        guard maxWindows >= stableWindows else {
            throw KServeError(
                .usage,
                "--max-windows \(maxWindows) is below --stable-windows \(stableWindows): no level could be stable"
            )
        }
        let tolerance = try invocation.defaultedInt(.tolerance)
        guard (1...100).contains(tolerance) else {
            throw KServeError(.usage, "invalid --tolerance \(tolerance): expected a percentage from 1 to 100")
        }
        stability = StabilityRule(
            windowSeconds: window,
            stableWindows: stableWindows,
            tolerance: Double(tolerance) / 100,
            maxWindows: maxWindows
        )
        distribution = try ModelDistribution.parse(try invocation.defaulted(.distribution))
        threads = try Self.positive(invocation, .threads) ?? CPUUsage.coreCount()
        seed = UInt64(truncatingIfNeeded: try invocation.defaultedInt(.seed))

        inputPath = invocation.value(.input)
        random = invocation.flag(.random)
        if random && inputPath != nil { throw KServeError(.usage, "--input and --random exclude each other") }
        if !random && inputPath == nil { throw KServeError(.usage, "bench needs --input FILE or --random") }
        shapes = [:]
        for text in invocation.values(.shape) {
            guard random else { throw KServeError(.usage, "--shape needs --random") }
            let (name, dimensions) = try Self.parseShape(text)
            shapes[name] = dimensions
        }
        batch = try Self.positive(invocation, .batch) ?? 1
        binary = invocation.flag(.binary)
        explicitProtocol = invocation.value(.protocol)
        if binary && explicitProtocol == "v1" {
            throw KServeError(.usage, "--binary needs the V2 protocol: V1 has no binary tensor format")
        }
        guard let format = ReportFormat(rawValue: outputFormat) else {
            throw KServeError(.usage, "invalid -o '\(outputFormat)': expected human, json or csv")
        }
        self.format = format
        comparePath = invocation.value(.compare)
    }

    /// `name:1,4` -> ("name", [1, 4]).
    static func parseShape(_ text: String) throws(KServeError) -> (String, [Int64]) {
        guard let colon = text.lastIndex(of: ":") else {
            throw KServeError(.usage, "invalid --shape '\(text)': expected NAME:D1,D2,... such as input-0:1,4")
        }
        let name = String(text[..<colon])
        let parts = text[text.index(after: colon)...].split(separator: ",", omittingEmptySubsequences: false)
        var dimensions: [Int64] = []
        for part in parts {
            guard let value = Int64(part), value > 0 else {
                throw KServeError(.usage, "invalid --shape '\(text)': dimensions must be positive integers")
            }
            dimensions.append(value)
        }
        guard !name.isEmpty, !dimensions.isEmpty else {
            throw KServeError(.usage, "invalid --shape '\(text)': expected NAME:D1,D2,... such as input-0:1,4")
        }
        return (name, dimensions)
    }

    private static func positive(_ invocation: Invocation, _ name: OptionKey) throws(KServeError) -> Int? {
        guard let text = invocation.value(name) else { return nil }
        guard let value = Int(text), value > 0 else {
            throw KServeError(.usage, "invalid \(name) '\(text)': expected a whole number above 0")
        }
        return value
    }

    private static func positiveDuration(_ invocation: Invocation, _ name: OptionKey) throws(KServeError) -> Double? {
        guard invocation.value(name) != nil else { return nil }
        guard let seconds = invocation.duration(name), seconds > 0 else {
            throw KServeError(.usage, "invalid \(name): expected a duration above 0, such as 500ms or 10s")
        }
        return seconds
    }
}
