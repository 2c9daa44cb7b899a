import Core

/// The `kserve models` table of InferenceServices: NAME, READY, URL, FORMAT, RUNTIME, MIN/MAX, AGE; NAMESPACE
/// first with -A; `-o wide` adds PROTOCOL, STORAGE and REASON.
enum ServiceTable {
    static func render(_ items: [Value], allNamespaces: Bool, wide: Bool, now: Double) -> String {
        var headers = ["NAME", "READY", "URL", "FORMAT", "RUNTIME", "MIN/MAX", "AGE"]
        if wide { headers += ["PROTOCOL", "STORAGE", "REASON"] }
        if allNamespaces { headers.insert("NAMESPACE", at: 0) }
        let rows = items.map { object -> [String] in
            let summary = InferenceServiceSummary(object, now: now)
            var row = [
                summary.name, summary.ready, summary.url, summary.format, summary.runtime, summary.minMax, summary.age,
            ]
            if wide { row += [summary.protocolVersion, summary.storageUri, summary.reason] }
            if allNamespaces { row.insert(summary.namespace, at: 0) }
            return row
        }
        return TableRenderer.render(headers: headers, rows: rows)
    }
}
