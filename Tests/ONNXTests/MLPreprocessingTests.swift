import Compute
import Core
import Testing

@testable import ONNX

@Suite("ml preprocessing operators")
struct MLPreprocessingTests {
    @Test("Normalizer: MAX, L1 and L2 per row; a zero row is copied; integers give floats")
    func normalizer() throws {
        func normalize(_ norm: String, _ input: Tensor) throws -> [Float] {
            MLHarness.floats(
                try MLHarness.run(
                    "Normalizer",
                    opset: 1,
                    attributes: ["norm": MLHarness.string(norm)],
                    inputs: [input]
                )[0]
            )
        }
        let rows = Tensor(shape: [2, 2], floats: [1, -3, 0, 0])
        #expect(MLHarness.close(try normalize("L1", rows), [0.25, -0.75, 0, 0]))
        #expect(MLHarness.close(try normalize("L2", Tensor(shape: [1, 2], int64s: [3, -4])), [0.6, -0.8]))
        #expect(MLHarness.close(try normalize("MAX", Tensor(shape: [2, 2], floats: [2, 4, -1, -2])), [0.5, 1, 1, 2]))
        #expect(
            MLHarness.close(try normalize("L1", Tensor(shape: [3], storage: .double([1, 1, 2]))), [0.25, 0.25, 0.5])
        )
        let rank3 = MLHarness.error(
            "Normalizer",
            opset: 1,
            attributes: ["norm": MLHarness.string("L1")],
            inputs: [Tensor(shape: [1, 1, 2], floats: [1, 2])]
        )
        #expect(rank3?.code == .invalidInput)
    }

    @Test("Scaler: (x - offset) · scale per feature or for all")
    func scaler() throws {
        let perFeature = try MLHarness.run(
            "Scaler",
            opset: 1,
            attributes: ["offset": .floats([1, 2]), "scale": .floats([2, 0.5])],
            inputs: [Tensor(shape: [2, 2], int64s: [3, 4, 1, 2])]
        )[0]
        #expect(perFeature.elementType == .float)
        #expect(MLHarness.floats(perFeature) == [4, 1, 0, 0])
        let single = try MLHarness.run(
            "Scaler",
            opset: 1,
            attributes: ["offset": .floats([1]), "scale": .floats([3])],
            inputs: [Tensor(shape: [3], storage: .double([1, 2, 3]))]
        )[0]
        #expect(MLHarness.floats(single) == [0, 3, 6])
        let mismatch = MLHarness.error(
            "Scaler",
            opset: 1,
            attributes: ["offset": .floats([1, 2]), "scale": .floats([3, 4])],
            inputs: [Tensor(shape: [1, 3], floats: [1, 2, 3])]
        )
        #expect(mismatch?.code == .invalidInput)
    }

    @Test("Binarizer: 1 above the threshold, in the input's type; NaN is an error")
    func binarizer() throws {
        let output = try MLHarness.run(
            "Binarizer",
            opset: 1,
            attributes: ["threshold": .float(0.5)],
            inputs: [Tensor(shape: [3], int64s: [0, 1, 2])]
        )[0]
        #expect(output == Tensor(shape: [3], int64s: [0, 1, 1]))
        let nan = MLHarness.error(
            "Binarizer",
            opset: 1,
            attributes: [:],
            inputs: [Tensor(shape: [2], floats: [1, .nan])]
        )
        #expect(nan?.code == .invalidInput)
    }

    @Test("Imputer: NaN or the replaced value becomes the feature's imputed value")
    func imputer() throws {
        let floats = try MLHarness.run(
            "Imputer",
            opset: 1,
            attributes: ["imputed_value_floats": .floats([9, 8]), "replaced_value_float": .float(.nan)],
            inputs: [Tensor(shape: [2, 2], floats: [.nan, 1, 2, .nan])]
        )[0]
        #expect(MLHarness.floats(floats) == [9, 1, 2, 8])
        let ints = try MLHarness.run(
            "Imputer",
            opset: 1,
            attributes: ["imputed_value_int64s": .ints([7]), "replaced_value_int64": .int(1)],
            inputs: [Tensor(shape: [2, 2], int64s: [1, 2, 3, 1])]
        )[0]
        #expect(ints == Tensor(shape: [2, 2], int64s: [7, 2, 3, 7]))
        let wrongKind = MLHarness.error(
            "Imputer",
            opset: 1,
            attributes: ["imputed_value_int64s": .ints([7])],
            inputs: [Tensor(shape: [1], floats: [1])]
        )
        #expect(wrongKind?.code == .invalidInput)
    }

    @Test("OneHotEncoder: numbers truncated to a category, unknown ones zero or an error")
    func oneHot() throws {
        let output = try MLHarness.run(
            "OneHotEncoder",
            opset: 1,
            attributes: ["cats_int64s": .ints([3, 1, 3])],
            inputs: [Tensor(shape: [3], floats: [1.7, 3, 2])]
        )[0]
        // A repeated category keeps its last position.
        #expect(output.shape == [3, 3])
        #expect(MLHarness.floats(output) == [0, 1, 0, 0, 0, 1, 0, 0, 0])
        let strict = MLHarness.error(
            "OneHotEncoder",
            opset: 1,
            attributes: ["cats_strings": MLHarness.strings(["a", "b"]), "zeros": .int(0)],
            inputs: [Tensor(shape: [2], storage: .string([Array("a".utf8), Array("z".utf8)]))]
        )
        #expect(strict?.code == .invalidInput)
    }

    @Test("ArrayFeatureExtractor: indices along the last axis; a 1-D input gives [1, K]; bad indices fail")
    func arrayFeatureExtractor() throws {
        let matrix = try MLHarness.run(
            "ArrayFeatureExtractor",
            opset: 1,
            attributes: [:],
            inputs: [Tensor(shape: [2, 3], floats: [0, 1, 2, 3, 4, 5]), Tensor(shape: [2], int64s: [2, 0])]
        )[0]
        #expect(matrix == Tensor(shape: [2, 2], floats: [2, 0, 5, 3]))
        let vector = try MLHarness.run(
            "ArrayFeatureExtractor",
            opset: 1,
            attributes: [:],
            inputs: [Tensor(shape: [3], storage: .string([[97], [98], [99]])), Tensor(shape: [1], int64s: [1])]
        )[0]
        #expect(vector == Tensor(shape: [1, 1], storage: .string([[98]])))
        for bad: Int64 in [3, -1] {
            let error = MLHarness.error(
                "ArrayFeatureExtractor",
                opset: 1,
                attributes: [:],
                inputs: [Tensor(shape: [3], floats: [0, 1, 2]), Tensor(shape: [1], int64s: [bad])]
            )
            #expect(error?.code == .invalidInput)
        }
    }

    @Test("ZipMap passes the probabilities through; their columns must match the labels")
    func zipMap() throws {
        let scores = Tensor(shape: [1, 2], floats: [0.25, 0.75])
        let output = try MLHarness.run(
            "ZipMap",
            opset: 1,
            attributes: ["classlabels_int64s": .ints([0, 1])],
            inputs: [scores]
        )[0]
        #expect(output == scores)
        let mismatch = MLHarness.error(
            "ZipMap",
            opset: 1,
            attributes: ["classlabels_strings": MLHarness.strings(["a", "b", "c"])],
            inputs: [scores]
        )
        #expect(mismatch?.code == .invalidInput)
    }
}

@Suite("LabelEncoder")
struct MLLabelEncoderTests {
    static func strings(_ values: [String]) -> Tensor {
        Tensor(shape: [values.count], storage: .string(values.map { Array($0.utf8) }))
    }

    @Test("ml opset 1: strings to their index and back, with the defaults")
    func opset1() throws {
        let classes: [String: Attribute] = ["classes_strings": MLHarness.strings(["a", "b", "c"])]
        let indices = try MLHarness.run(
            "LabelEncoder",
            opset: 1,
            attributes: classes,
            inputs: [Self.strings(["c", "z"])]
        )
        #expect(indices[0] == Tensor(shape: [2], int64s: [2, -1]))
        let names = try MLHarness.run(
            "LabelEncoder",
            opset: 1,
            attributes: classes.merging(["default_string": MLHarness.string("?")]) { $1 },
            inputs: [Tensor(shape: [3], int64s: [0, 9, -1])]
        )
        #expect(MLHarness.labels(names[0]) == ["a", "?", "?"])
    }

    @Test("ml opset 2: the first of repeated keys wins; a NaN key matches nothing")
    func opset2() throws {
        let repeated = try MLHarness.run(
            "LabelEncoder",
            opset: 2,
            attributes: ["keys_int64s": .ints([1, 1, 2]), "values_int64s": .ints([10, 20, 30])],
            inputs: [Tensor(shape: [3], int64s: [1, 2, 3])]
        )
        #expect(repeated[0] == Tensor(shape: [3], int64s: [10, 30, -1]))
        let nan = try MLHarness.run(
            "LabelEncoder",
            opset: 2,
            attributes: ["keys_floats": .floats([.nan, 1]), "values_strings": MLHarness.strings(["n", "one"])],
            inputs: [Tensor(shape: [3], floats: [.nan, 1, 2])]
        )
        #expect(MLHarness.labels(nan[0]) == ["_Unused", "one", "_Unused"])
    }

    @Test("ml opset 4: NaN keys match NaN; tensor keys and values; default_tensor or the type's default")
    func opset4() throws {
        let nan = try MLHarness.run(
            "LabelEncoder",
            opset: 4,
            attributes: ["keys_floats": .floats([.nan, 1]), "values_int64s": .ints([7, 8])],
            inputs: [Tensor(shape: [3], floats: [.nan, 1, 2])]
        )
        #expect(nan[0] == Tensor(shape: [3], int64s: [7, 8, -1]))
        let tensors = try MLHarness.run(
            "LabelEncoder",
            opset: 4,
            attributes: [
                "keys_tensor": .tensor(Tensor(shape: [2], int64s: [1, 2])),
                "values_tensor": .tensor(Tensor(shape: [2], storage: .double([0.5, 1.5]))),
                "default_tensor": .tensor(Tensor(shape: [1], storage: .double([-7]))),
            ],
            inputs: [Tensor(shape: [3], int64s: [2, 5, 1])]
        )
        #expect(tensors[0] == Tensor(shape: [3], storage: .double([1.5, -7, 0.5])))
        let int16 = try MLHarness.run(
            "LabelEncoder",
            opset: 4,
            attributes: [
                "keys_strings": MLHarness.strings(["a"]),
                "values_tensor": .tensor(Tensor(shape: [1], storage: .int16([3]))),
            ],
            inputs: [Self.strings(["a", "b"])]
        )
        #expect(int16[0] == Tensor(shape: [2], storage: .int16([3, -1])))
        let floats = try MLHarness.run(
            "LabelEncoder",
            opset: 4,
            attributes: ["keys_strings": MLHarness.strings(["a"]), "values_floats": .floats([0.25])],
            inputs: [Self.strings(["a", "b"])]
        )
        let values = MLHarness.floats(floats[0])
        #expect(values.count == 2 && values[0] == 0.25 && values[1] == 0 && values[1].sign == .minus)
    }

    @Test("keys and values must pair up, one kind each; the input must fit the keys")
    func malformed() {
        let unequal = MLHarness.error(
            "LabelEncoder",
            opset: 2,
            attributes: ["keys_int64s": .ints([1, 2]), "values_int64s": .ints([1])],
            inputs: [Tensor(shape: [1], int64s: [1])]
        )
        #expect(unequal?.code == .invalidInput)
        let twoKinds = MLHarness.error(
            "LabelEncoder",
            opset: 2,
            attributes: [
                "keys_int64s": .ints([1]), "keys_strings": MLHarness.strings(["a"]), "values_int64s": .ints([1]),
            ],
            inputs: [Tensor(shape: [1], int64s: [1])]
        )
        #expect(twoKinds?.code == .invalidInput)
        let wrongInput = MLHarness.error(
            "LabelEncoder",
            opset: 2,
            attributes: ["keys_int64s": .ints([1]), "values_int64s": .ints([1])],
            inputs: [Self.strings(["a"])]
        )
        #expect(wrongInput?.code == .invalidInput)
    }
}
