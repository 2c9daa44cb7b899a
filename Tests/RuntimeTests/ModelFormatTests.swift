import Core
import Runtime
import Testing

@Suite struct ModelFormatTests {
    private static func detect(_ path: String) throws -> (format: ModelFormat, file: String) {
        try ModelFormat.detect(path: path)
    }

    @Test func detectsByExtension() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (name, format) in [
            ("m.json", ModelFormat.xgboost), ("m.ubj", .xgboost), ("m.bst", .xgboost), ("m.model", .xgboost),
            ("m.txt", .lightgbm), ("m.lgb", .lightgbm), ("UPPER.JSON", .xgboost), ("m.onnx", .onnx),
        ] {
            // The content says otherwise: the extension wins.
            let path = try directory.write(name, "not a model")
            let detected = try Self.detect(path)
            #expect(detected.format == format, "\(name)")
            #expect(detected.file == path)
        }
    }

    @Test func sniffsFilesWithoutAKnownExtension() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let json = try directory.write("model.bin", "  \n{\"learner\": {}}")
        #expect(try Self.detect(json).format == .xgboost)
        let text = try directory.write("model", "tree\nversion=v4\n")
        #expect(try Self.detect(text).format == .lightgbm)
        let crlf = try directory.write("model.dat", "tree\r\nversion=v4\r\n")
        #expect(try Self.detect(crlf).format == .lightgbm)
        let unknown = try directory.write("model.pkl", "\u{80}\u{04}pickle")
        do {
            _ = try Self.detect(unknown)
            Issue.record("an unknown format was accepted")
        } catch let error as KServeError {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains(unknown))
        }
    }

    @Test func findsTheOneModelFileInADirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("m/model.txt", "tree\n")
        try directory.write("m/.DS_Store", "")
        let detected = try Self.detect(directory.file("m"))
        #expect(detected.format == .lightgbm)
        #expect(detected.file == file)

        try directory.write("two/a.json", "{}")
        try directory.write("two/b.json", "{}")
        try directory.write("empty/.keep", "")
        for (name, fragment) in [("two", "found a.json, b.json"), ("empty", "found none")] {
            do {
                _ = try Self.detect(directory.file(name))
                Issue.record("\(name) was accepted")
            } catch let error as KServeError {
                #expect(error.code == .invalidInput)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }

    @Test func namesAMissingPath() throws {
        do {
            _ = try Self.detect("/no/such/model.json")
            Issue.record("a missing path was accepted")
        } catch let error as KServeError {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("/no/such/model.json"))
        }
    }

    /// An ONNX model with its external data beside it, a directory of numbered versions, and a Triton-style
    /// repository of one model: each is found as KServe's runtimes find it.
    @Test func findsONNXModelsTheWayKServeRuntimesDo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let beside = try directory.write("external/model.onnx", "x")
        try directory.write("external/weights.bin", "w")
        #expect(try Self.detect(directory.file("external")) == (.onnx, beside))

        try directory.write("versions/1/model.onnx", "old")
        try directory.write("versions/9/model.onnx", "older by name, newer by number")
        let newest = try directory.write("versions/10/model.onnx", "newest")
        #expect(try Self.detect(directory.file("versions")) == (.onnx, newest))

        let triton = try directory.write("repository/mnist/3/model.onnx", "m")
        #expect(try Self.detect(directory.file("repository")) == (.onnx, triton))
    }
}
