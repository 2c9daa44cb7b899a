import Core
import Foundation
import Testing
import Trees

/// Trains fresh models with the real lightgbm package (the project's `.venv`, or `KSERVE_TEST_PYTHON`) on random
/// data with a new seed each run, and compares `Booster.predict` with the native executor bit for bit, so the
/// committed fixtures cannot hide a drift.
@Suite struct LightGBMInteropTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var python: String {
        if let override = ProcessInfo.processInfo.environment["KSERVE_TEST_PYTHON"], !override.isEmpty {
            return override
        }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// Writes `<name>.txt` and `<name>.json` (rows and predictions as `float.hex`) for each case into argv[1].
    static let script = #"""
        import json, os, sys
        import numpy as np
        import lightgbm as lgb

        out, seed = sys.argv[1], int(sys.argv[2])
        rng = np.random.default_rng(seed)

        def data(n):
            x = rng.normal(size=(n, 8)) * rng.choice([0.01, 1.0, 100.0], size=8)
            x[:, 6] = rng.integers(0, 40, n)
            x[:, 7] = rng.integers(0, 4, n)
            x[rng.random(x.shape) < 0.08] = np.nan
            x[rng.random(x.shape) < 0.05] = 0.0
            return x

        x = data(800)
        clean = np.nan_to_num(x)
        signal = clean[:, 0] + 0.5 * clean[:, 1] * (clean[:, 6] % 3) + rng.normal(size=800)
        cases = {
            "binary": ({"objective": "binary"}, (signal > 0).astype(float), [6, 7]),
            "multiclass": ({"objective": "multiclass", "num_class": 4}, np.digitize(signal, [-1, 0, 1]), [6]),
            "multiclassova": ({"objective": "multiclassova", "num_class": 3}, np.digitize(signal, [-0.5, 0.5]), []),
            "regression_zero": ({"objective": "regression", "zero_as_missing": True}, signal, []),
            "huber_sqrt": ({"objective": "huber", "reg_sqrt": True}, signal * 10, [7]),
            "poisson": ({"objective": "poisson"}, np.exp(signal / 3), [6]),
            "xentropy": ({"objective": "cross_entropy"}, 1 / (1 + np.exp(-signal)), []),
            "rf": ({"objective": "regression", "boosting": "rf", "bagging_freq": 1, "bagging_fraction": 0.6},
                   signal, [6]),
            "linear": ({"objective": "regression", "linear_tree": True}, signal, []),
        }
        rows = data(300)
        rows[:20, 6] = [-1, 100, 2.5, -0.5, np.nan, 31, 32, 33, 63, 64, 1e10, -1e10, 39, 0, 1, 2, 3, 4, 5, 6]
        for name, (params, label, categorical) in cases.items():
            params = {**params, "verbose": -1, "num_threads": 1, "seed": seed % 100000, "num_leaves": 15,
                      "min_data_in_leaf": 10, "min_data_per_group": 10, "cat_smooth": 1.0}
            dataset = lgb.Dataset(x, label, categorical_feature=categorical or "auto")
            booster = lgb.train(params, dataset, num_boost_round=12)
            path = os.path.join(out, name + ".txt")
            booster.save_model(path)
            predicted = lgb.Booster(model_file=path).predict(rows)
            with open(os.path.join(out, name + ".json"), "w") as handle:
                json.dump({"rows": [[float(v).hex() for v in row] for row in rows],
                           "predictions": [float(v).hex() for v in np.asarray(predicted).reshape(-1)]}, handle)
        print("\n".join(cases))
        """#

    @Test func freshModelsMatchBoosterPredict() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "kserve-lightgbm-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
            )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let seed = UInt32.random(in: 1...UInt32.max)

        let python = Self.python
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "no Python with lightgbm at \(python): run scripts/setup.sh (or set KSERVE_TEST_PYTHON)"
        )
        let result = try Self.run(python, ["-c", Self.script, directory.path, String(seed)])
        try #require(result.status == 0, "seed \(seed): the lightgbm script failed: \(result.stderr)")
        let names = result.stdout.split(separator: "\n").map(String.init)
        #expect(names.count == 9)

        for name in names {
            let model = try LightGBMModel.load(
                bytes: [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).txt"))),
                source: "\(name).txt"
            )
            let json = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
            let document = try JSONParser.parse([UInt8](json), source: "\(name).json")
            let rows = try #require(document["rows"]?.arrayValue).map { row in
                try #require(row.arrayValue).map { try Self.hexDouble($0) }
            }
            let expected = try #require(document["predictions"]?.arrayValue).map { try Self.hexDouble($0) }
            guard case .float64(let actual) = model.predict(rows: rows.flatMap { $0 }, rowCount: rows.count) else {
                Issue.record("expected float64 predictions")
                continue
            }
            let mismatches = lightGBMMismatches(actual, expected, perRow: model.outputsPerRow)
            #expect(
                mismatches.isEmpty,
                "seed \(seed), \(name): \(mismatches.count) mismatches: \(mismatches.prefix(5))"
            )
        }
    }

    /// Parses Python's `float.hex()` form: `0x1.8p+1`, `-0x0.0p+0`, `nan`, `inf`, `-inf`.
    static func hexDouble(_ value: Value) throws -> Double {
        let text = try #require(value.stringValue)
        switch text {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return try #require(Double(text), "not a hex float: \(text)")
        }
    }

    static func run(
        _ executable: String,
        _ arguments: [String]
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read stderr on another thread so that neither pipe can fill up and block the child.
        nonisolated(unsafe) var errorData = Data()
        let reader = Thread { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        return (
            process.terminationStatus, String(decoding: outputData, as: UTF8.self),
            String(decoding: errorData, as: UTF8.self)
        )
    }
}
