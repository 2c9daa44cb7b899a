extension CommandTable {
    static let bench = CommandSpec(
        name: "bench",
        abstract: "Measure the throughput and latency of inference endpoints",
        discussion: """
            Sends inference requests over many keep-alive HTTP/1.1 connections and reports throughput, latency \
            percentiles (p50 to p99.9), errors by kind and status, bytes, the generator's own CPU use and, when \
            the server has the statistics extension, its queue and compute time per request.

            Closed loop (--concurrency): keeps N requests outstanding; a sweep such as 1:64:x2 or 1:32:+4 measures \
            each level in windows until the last 3 agree within 10% on throughput and p99 (perf_analyzer's rule), \
            at most 10 windows. Open loop (--rate): sends on a constant or Poisson schedule whatever the answers \
            do, and measures every latency from the request's intended send time, so a stalled server shows. \
            Sends more than 1 ms late and sends that never left are counted; above 1% the report warns.

            Inputs come from --input (a V1 or V2 JSON body, as predict takes) or --random (made up from the \
            model's V2 metadata). --models runs many models at once, each request choosing its model by \
            --distribution; the report has a row per model and a total. Ctrl-C prints what was measured so far.
            """,
        options: [
            OptionSpec(
                long: .model,
                short: "m",
                kind: .value(.string, valueName: "NAME"),
                help: "Model to send the requests to",
                completion: .dynamic("models")
            ),
            OptionSpec(
                long: .models,
                kind: .value(.string, valueName: "LIST"),
                help: "Several models, comma-separated; '*' and '?' match names the endpoint lists"
            ),
            OptionSpec(
                long: .url,
                kind: .value(.string, valueName: "URL"),
                help: "Base URL of the inference endpoint, http:// only (required)",
                env: "KSERVE_URL"
            ),
            headerOption,
            hostOption,
            OptionSpec(
                long: .input,
                short: "i",
                kind: .value(.path, valueName: "FILE"),
                help: "JSON request body (V1 or V2) sent with every request; '-' reads standard input",
                completion: .file(extensions: ["json"])
            ),
            OptionSpec(long: .random, kind: .flag, help: "Make up valid inputs from each model's V2 metadata"),
            OptionSpec(
                long: .shape,
                kind: .repeated(.string, valueName: "NAME:DIMS"),
                help: "With --random: the shape of one input, such as input-0:1,4 (fills variable dimensions)"
            ),
            OptionSpec(
                long: .batch,
                kind: .value(.int, valueName: "N"),
                help: "With --random: the size of a variable first dimension",
                defaultValue: "1"
            ),
            OptionSpec(
                long: .protocol,
                kind: .value(.choice(["v1", "v2"]), valueName: "PROTOCOL"),
                help: "Inference protocol; detected from --input, v2 with --random"
            ),
            OptionSpec(long: .binary, kind: .flag, help: "Send tensors with the V2 binary tensor extension"),
            OptionSpec(
                long: .concurrency,
                short: "c",
                kind: .value(.string, valueName: "N|A:B:xF|A:B:+S"),
                help: "Closed loop: requests outstanding, or a sweep (1:64:x2 doubles, 1:32:+4 adds)",
                defaultValue: "1"
            ),
            OptionSpec(
                long: .rate,
                short: "r",
                kind: .value(.string, valueName: "PER_SECOND"),
                help: "Open loop: requests per second, sent whatever the answers do"
            ),
            OptionSpec(
                long: .arrival,
                kind: .value(.choice(["constant", "poisson"]), valueName: "PROCESS"),
                help: "Open loop: even spacing or Poisson arrivals",
                defaultValue: "constant"
            ),
            OptionSpec(
                long: .connections,
                kind: .value(.int, valueName: "N"),
                help: "Connections (default: the concurrency; in open loop up to 64 or 250 ms worth of the rate, "
                    + "opened as needed)"
            ),
            OptionSpec(
                long: .duration,
                short: "d",
                kind: .value(.duration, valueName: "DURATION"),
                help: "Measure each level this long (default: until stable)"
            ),
            OptionSpec(
                long: .requests,
                kind: .value(.int, valueName: "N"),
                help: "Send this many requests per level and stop"
            ),
            OptionSpec(
                long: .warmup,
                kind: .value(.duration, valueName: "DURATION"),
                help: "Load before measuring, thrown away",
                defaultValue: "1s"
            ),
            OptionSpec(
                long: .timeout,
                kind: .value(.duration, valueName: "DURATION"),
                help: "Time limit of each request",
                defaultValue: "30s"
            ),
            OptionSpec(
                long: .window,
                kind: .value(.duration, valueName: "DURATION"),
                help: "Length of a measurement window",
                defaultValue: "5s"
            ),
            OptionSpec(
                long: .stableWindows,
                kind: .value(.int, valueName: "N"),
                help: "Windows that must agree for a level to be stable",
                defaultValue: "3"
            ),
            OptionSpec(
                long: .tolerance,
                kind: .value(.int, valueName: "PERCENT"),
                help: "How far stable windows may differ on throughput and p99",
                defaultValue: "10"
            ),
            OptionSpec(
                long: .maxWindows,
                kind: .value(.int, valueName: "N"),
                help: "Windows per level at most",
                defaultValue: "10"
            ),
            OptionSpec(
                long: .distribution,
                kind: .value(.string, valueName: "uniform|zipf:S"),
                help: "How requests spread over --models: evenly, or Zipf with exponent S",
                defaultValue: "uniform"
            ),
            OptionSpec(
                long: .compare,
                kind: .value(.path, valueName: "FILE"),
                help: "A previous -o json report: print the changes after this report",
                completion: .file(extensions: ["json"])
            ),
            OptionSpec(
                long: .threads,
                kind: .value(.int, valueName: "N"),
                help: "Event-loop threads driving the connections (default: one per core)"
            ),
            OptionSpec(
                long: .seed,
                kind: .value(.int, valueName: "N"),
                help: "Seed of the random inputs, model choices and Poisson arrivals",
                defaultValue: "1"
            ),
        ],
        outputFormats: ["human", "json", "csv"],
        examples: [
            .init(
                "Sweep concurrency 1 to 32 with inputs made up from the model's metadata",
                "kserve bench -m iris --random -c 1:32:x2 --url http://127.0.0.1:8080"
            ),
            .init(
                "Offer 500 requests per second with Poisson arrivals for 30 seconds",
                "kserve bench -m iris -i in.json --rate 500 --arrival poisson -d 30s --url http://localhost"
            ),
            .init(
                "Spread load over every model whose name starts with tenant-, hottest first",
                "kserve bench --models 'tenant-*' --distribution zipf:1.1 --random -c 16 --url http://localhost"
            ),
            .init(
                "Save a JSON report to compare later runs with (--compare before.json)",
                "kserve bench -m iris --random -c 8 -d 10s -o json --url http://localhost:8080 > before.json"
            ),
        ]
    )
}
