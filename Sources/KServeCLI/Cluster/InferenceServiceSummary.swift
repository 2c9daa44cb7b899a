import Transport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The columns of `kserve models` for one InferenceService, read from the object as the API server returned it.
struct InferenceServiceSummary {
    var namespace: String
    var name: String
    var ready: String
    var url: String
    var format: String
    var runtime: String
    var minMax: String
    var age: String
    var protocolVersion: String
    var storageUri: String
    var reason: String

    init(_ object: Value, now: Double) {
        let metadata = object["metadata"]
        namespace = metadata?["namespace"]?.stringValue ?? ""
        name = metadata?["name"]?.stringValue ?? ""
        let predictor = object["spec"]?["predictor"]
        let model = predictor?["model"]
        let status = object["status"]
        let readyCondition = status?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
        ready = readyCondition?["status"]?.stringValue ?? "Unknown"
        reason = readyCondition?["status"]?.stringValue == "True" ? "" : readyCondition?["reason"]?.stringValue ?? ""
        url = status?["url"]?.stringValue ?? ""
        format = model?["modelFormat"]?["name"]?.stringValue ?? Self.legacyFormat(predictor) ?? ""
        runtime =
            model?["runtime"]?.stringValue ?? status?["clusterServingRuntimeName"]?.stringValue
            ?? status?["servingRuntimeName"]?.stringValue ?? ""
        let minReplicas = predictor?["minReplicas"]?.int64Value.map(String.init) ?? "-"
        let maxReplicas = predictor?["maxReplicas"]?.int64Value.map(String.init) ?? "-"
        minMax = "\(minReplicas)/\(maxReplicas)"
        protocolVersion = model?["protocolVersion"]?.stringValue ?? predictor?["protocolVersion"]?.stringValue ?? ""
        storageUri = model?["storageUri"]?.stringValue ?? ""
        let created = metadata?["creationTimestamp"]?.stringValue.flatMap(Self.parseTimestamp)
        age = created.map { Self.age(seconds: now - $0) } ?? "<unknown>"
    }

    /// The old predictor shape (`spec.predictor.xgboost: {...}`) names the format by its key.
    private static func legacyFormat(_ predictor: Value?) -> String? {
        let known = ["sklearn", "xgboost", "lightgbm", "tensorflow", "pytorch", "onnx", "triton", "pmml", "paddle"]
        return known.first { predictor?[$0] != nil }
    }

    /// kubectl's age: `45s`, `12m`, `3h4m`, `2d5h`, `400d`.
    static func age(seconds: Double) -> String {
        let total = max(0, Int(seconds))
        if total < 120 { return "\(total)s" }
        let minutes = total / 60
        if minutes < 60 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if days < 8 { return hours % 24 == 0 ? "\(days)d" : "\(days)d\(hours % 24)h" }
        return "\(days)d"
    }

    /// Seconds since the epoch of an RFC 3339 UTC timestamp (`2026-01-02T03:04:05Z`, fractions allowed).
    static func parseTimestamp(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 116, bytes[13] == 58, bytes[16] == 58
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Double(timegm(&parts))
    }

    static func now() -> Double { Double(time(nil)) }
}
