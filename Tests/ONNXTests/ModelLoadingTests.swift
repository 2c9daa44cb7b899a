import Compute
import Core
import Foundation
import Testing

@testable import ONNX

/// The loader and the plan on well-formed, malformed and hostile model files. Graphs here use no operators (an
/// output that is an input or an initializer) or operators that do not exist, so that they test the loader alone.
@Suite struct ModelLoadingTests {
    private static func load(_ builder: ModelBuilder, directory: String? = nil) throws(KServeError) -> ONNXModel {
        let bytes: [UInt8]
        do { bytes = try builder.bytes() } catch { throw KServeError(.internal, "\(error)") }
        return try ONNXModel(bytes: bytes, directory: directory)
    }

    private static func failure(_ builder: ModelBuilder, directory: String? = nil) -> KServeError? {
        do {
            _ = try load(builder, directory: directory)
            return nil
        } catch {
            return error
        }
    }

    @Test func aGraphWithoutNodesRunsAndChecksItsInputs() throws {
        var builder = ModelBuilder()
        builder.input("x", .float, [nil, 3])
        builder.initializer("w", dims: [2], floats: [1.5, -2])
        builder.output("x", .float, [nil, 3])
        builder.output("w", .float, [2])
        let model = try Self.load(builder)
        let outputs = try model.run([Tensor(shape: [1, 3], floats: [1, 2, 3])])
        #expect(outputs == [Tensor(shape: [1, 3], floats: [1, 2, 3]), Tensor(shape: [2], floats: [1.5, -2])])
        #expect(model.trialOutputShapes == [[1, 3], [2]])
        #expect(throws: KServeError.self) { try model.run([Tensor(shape: [1, 4], floats: [1, 2, 3, 4])]) }
        do {
            _ = try model.run([Tensor(shape: [2, 3], storage: .double([1, 2, 3, 4, 5, 6]))])
            Issue.record("a double tensor was taken by a float input")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("input \"x\": expected float [-1,3], got double [2,3]"), "\(error.message)")
        }
    }

    @Test func garbageAndTruncatedFilesAreLoadErrors() throws {
        for bytes in [[UInt8](repeating: 0xFF, count: 64), Array("not a model".utf8), []] {
            #expect(throws: KServeError.self) { try ONNXModel(bytes: bytes, directory: nil) }
        }
        var builder = ModelBuilder()
        builder.input("x", .float, [nil, 3])
        builder.initializer("w", dims: [4], floats: [1, 2, 3, 4])
        builder.output("w", .float, [4])
        let whole = try builder.bytes()
        for cut in stride(from: 1, to: whole.count, by: 3) {
            // Every prefix either decodes to some model or fails cleanly; none may crash.
            _ = try? ONNXModel(bytes: Array(whole.prefix(cut)), directory: nil)
        }
    }

    @Test func aCycleIsNamed() throws {
        var builder = ModelBuilder()
        builder.input("x", .float, [1])
        builder.node("Add", ["x", "b"], ["a"], name: "first")
        builder.node("Add", ["a", "x"], ["b"], name: "second")
        builder.output("b", .float, [1])
        let error = try #require(Self.failure(builder))
        #expect(error.message.contains("cycle"), "\(error.message)")
        #expect(error.message.contains("\"first\""), "\(error.message)")
    }

    @Test func aMissingInputIsNamed() throws {
        var builder = ModelBuilder()
        builder.input("x", .float, [1])
        builder.node("Relu", ["nowhere"], ["y"], name: "act")
        builder.output("y", .float, [1])
        let error = try #require(Self.failure(builder))
        #expect(error.message.contains("\"nowhere\""), "\(error.message)")
        #expect(error.message.contains("node \"act\" (Relu)"), "\(error.message)")
    }

    @Test func anUnknownOperatorIsNamedWithItsNodeAndDomain() throws {
        var builder = ModelBuilder()
        var imports = Onnx_OperatorSetIdProto()
        imports.domain = "com.example"
        imports.version = 1
        builder.model.opsetImport.append(imports)
        builder.input("x", .float, [1])
        builder.node("Frobnicate", ["x"], ["y"], name: "odd", domain: "com.example")
        builder.output("y", .float, [1])
        let error = try #require(Self.failure(builder))
        #expect(error.code == .unsupported)
        #expect(error.message.contains("Frobnicate"), "\(error.message)")
        #expect(error.message.contains("\"odd\""), "\(error.message)")
        #expect(error.message.contains("com.example"), "\(error.message)")
    }

    @Test func aDomainWithoutAnOpsetImportIsAnError() throws {
        var builder = ModelBuilder()
        builder.input("x", .float, [1])
        builder.node("Normalizer", ["x"], ["y"], domain: "ai.onnx.ml")
        builder.output("y", .float, [1])
        let error = try #require(Self.failure(builder))
        #expect(error.message.contains("imports no opset of domain ai.onnx.ml"), "\(error.message)")
    }

    @Test func aValueDefinedTwiceIsAnError() throws {
        var builder = ModelBuilder()
        builder.input("x", .float, [1])
        builder.initializer("x", dims: [1], floats: [1])
        builder.node("Relu", ["x"], ["y"])
        builder.node("Relu", ["x"], ["y"])
        builder.output("y", .float, [1])
        let error = try #require(Self.failure(builder))
        #expect(error.message.contains("\"y\" is defined twice"), "\(error.message)")
    }

    @Test func payloadsThatDisagreeWithTheirDimsAreLoadErrors() throws {
        var raw = ModelBuilder()
        raw.input("x", .float, [1])
        raw.rawInitializer("w", dims: [2], raw: [0, 0, 0x80, 0x3F, 0, 0, 0])
        raw.output("w", .float, [2])
        let rawError = try #require(Self.failure(raw))
        #expect(rawError.message.contains("raw_data has 7 bytes"), "\(rawError.message)")

        var typed = ModelBuilder()
        typed.input("x", .float, [1])
        typed.initializer("w", dims: [3], floats: [1, 2])
        typed.output("w", .float, [3])
        let typedError = try #require(Self.failure(typed))
        #expect(typedError.message.contains("float_data has 2 elements, its dims need 3"), "\(typedError.message)")

        // Dims that promise a terabyte with no data behind them: an error, not an allocation.
        var huge = ModelBuilder()
        huge.input("x", .float, [1])
        huge.initializer("w", dims: [1 << 38], floats: [])
        huge.output("w", .float, [1 << 38])
        #expect(Self.failure(huge) != nil)
        var overflowing = ModelBuilder()
        overflowing.input("x", .float, [1])
        overflowing.initializer("w", dims: [1 << 40, 1 << 40], floats: [])
        overflowing.output("w", .float, [nil])
        #expect(Self.failure(overflowing) != nil)
    }

    @Test func rawDataIsLittleEndian() throws {
        var builder = ModelBuilder()
        builder.input("x", .float, [1])
        builder.rawInitializer("w", dims: [2], raw: [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])
        builder.output("w", .float, [2])
        let model = try Self.load(builder)
        #expect(try model.run([Tensor(shape: [1], floats: [0])]) == [Tensor(shape: [2], floats: [1, -2.5])])
    }

    @Test func externalDataIsReadFromBesideTheModelAndNeverFromOutside() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onnx-external-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let weights: [Float] = [0.25, -1, 3]
        var bytes: [UInt8] = [9, 9, 9, 9]
        for value in weights { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        try Data(bytes).write(to: directory.appendingPathComponent("weights.bin"))

        var builder = ModelBuilder()
        builder.input("x", .float, [1])
        builder.externalInitializer("w", dims: [3], location: "weights.bin", offset: 4)
        builder.output("w", .float, [3])
        let model = try Self.load(builder, directory: directory.path)
        #expect(try model.run([Tensor(shape: [1], floats: [0])]) == [Tensor(shape: [3], floats: weights)])

        for location in ["../weights.bin", "/etc/passwd", "missing.bin"] {
            var outside = ModelBuilder()
            outside.input("x", .float, [1])
            outside.externalInitializer("w", dims: [3], location: location)
            outside.output("w", .float, [3])
            let error = try #require(Self.failure(outside, directory: directory.path), "\(location)")
            #expect(error.message.contains("initializer w"), "\(error.message)")
        }
        // Past the end of the file.
        var short = ModelBuilder()
        short.input("x", .float, [1])
        short.externalInitializer("w", dims: [4], location: "weights.bin", offset: 4)
        short.output("w", .float, [4])
        #expect(Self.failure(short, directory: directory.path) != nil)
    }

    @Test func anOutputNothingProducesIsAnError() throws {
        var builder = ModelBuilder()
        builder.input("x", .float, [1])
        builder.output("y", .float, [1])
        let error = try #require(Self.failure(builder))
        #expect(error.message.contains("graph output \"y\""), "\(error.message)")
    }
}
