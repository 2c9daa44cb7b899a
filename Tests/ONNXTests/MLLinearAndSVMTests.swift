import Compute
import Core
import Testing

@testable import ONNX

@Suite("LinearClassifier and LinearRegressor")
struct MLLinearTests {
    static let rows = Tensor(shape: [2, 2], floats: [1, 2, -1, 0.5])

    @Test("one row of coefficients and two labels: label by s > 0, scores [1 - s, s] or [σ(-s), σ(s)]")
    func binary() throws {
        var attributes: [String: Attribute] = [
            "coefficients": .floats([0.5, -0.25]), "intercepts": .floats([0.1]), "classlabels_ints": .ints([3, 7]),
        ]
        // s = 0.1 and -0.525
        let plain = try MLHarness.run(
            "LinearClassifier",
            opset: 1,
            attributes: attributes,
            inputs: [Self.rows],
            outputs: 2
        )
        #expect(plain[0] == Tensor(shape: [2], int64s: [7, 3]))
        #expect(plain[1].shape == [2, 2])
        #expect(MLHarness.close(MLHarness.floats(plain[1]), [0.9, 0.1, 1.525, -0.525]))
        attributes["post_transform"] = MLHarness.string("LOGISTIC")
        let logistic = try MLHarness.run(
            "LinearClassifier",
            opset: 1,
            attributes: attributes,
            inputs: [Self.rows],
            outputs: 2
        )
        #expect(logistic[0] == Tensor(shape: [2], int64s: [7, 3]))
        let expected = [
            MLHarness.logistic(-0.1), MLHarness.logistic(0.1), MLHarness.logistic(0.525), MLHarness.logistic(-0.525),
        ]
        #expect(MLHarness.close(MLHarness.floats(logistic[1]), expected))
    }

    @Test("one score per class, softmax, the label of the best score")
    func multiclass() throws {
        let outputs = try MLHarness.run(
            "LinearClassifier",
            opset: 1,
            attributes: [
                "coefficients": .floats([0.5, -0.25, -0.5, 0.25]), "intercepts": .floats([0.1, -0.1]),
                "classlabels_strings": MLHarness.strings(["cat", "dog"]), "post_transform": MLHarness.string("SOFTMAX"),
            ],
            inputs: [Self.rows],
            outputs: 2
        )
        #expect(MLHarness.labels(outputs[0]) == ["cat", "dog"])
        // scores [0.1, -0.1] and [-0.525, 0.525]
        let first = [Float(exp(0.1) / (exp(0.1) + exp(-0.1))), Float(exp(-0.1) / (exp(0.1) + exp(-0.1)))]
        let second = [Float(exp(-0.525) / (exp(-0.525) + exp(0.525))), Float(exp(0.525) / (exp(-0.525) + exp(0.525)))]
        #expect(MLHarness.close(MLHarness.floats(outputs[1]), first + second))
    }

    @Test("a binary model needs exactly two labels; the features must match the coefficients")
    func malformed() throws {
        let threeLabels = MLHarness.error(
            "LinearClassifier",
            opset: 1,
            attributes: [
                "coefficients": .floats([0.5, -0.25]), "intercepts": .floats([0.1]),
                "classlabels_ints": .ints([1, 2, 3]),
            ],
            inputs: [Self.rows],
            outputs: 2
        )
        #expect(threeLabels?.code == .invalidInput)
        let wrongWidth = MLHarness.error(
            "LinearClassifier",
            opset: 1,
            attributes: [
                "coefficients": .floats([0.5, -0.25]), "intercepts": .floats([0.1]), "classlabels_ints": .ints([1, 2]),
            ],
            inputs: [Tensor(shape: [1, 3], floats: [1, 2, 3])],
            outputs: 2
        )
        #expect(wrongWidth?.code == .invalidInput)
        #expect(wrongWidth?.message.contains("expects 2") == true)
    }

    @Test("regressor: X · Wᵀ + b per target; a single target ignores LOGISTIC (as onnxruntime)")
    func regressor() throws {
        let two = try MLHarness.run(
            "LinearRegressor",
            opset: 1,
            attributes: [
                "coefficients": .floats([1, 2, 3, 4]), "intercepts": .floats([0.5, -0.5]), "targets": .int(2),
            ],
            inputs: [Tensor(shape: [1, 2], floats: [1, 1])]
        )[0]
        #expect(two.shape == [1, 2])
        #expect(MLHarness.floats(two) == [3.5, 6.5])
        let one = try MLHarness.run(
            "LinearRegressor",
            opset: 1,
            attributes: [
                "coefficients": .floats([1, 2]), "intercepts": .floats([0.5]),
                "post_transform": MLHarness.string("LOGISTIC"),
            ],
            inputs: [Tensor(shape: [2], storage: .double([1, 1]))]
        )[0]
        #expect(one.shape == [1, 1])
        #expect(MLHarness.floats(one) == [3.5])
    }
}

@Suite("SVMClassifier and SVMRegressor")
struct MLSVMTests {
    /// Two classes, one RBF support vector each ([0, 0] and [1, 1]), γ = 0.5.
    static let rbf: [String: Attribute] = [
        "kernel_type": MLHarness.string("RBF"), "kernel_params": .floats([0.5, 0, 3]),
        "vectors_per_class": .ints([1, 1]), "support_vectors": .floats([0, 0, 1, 1]), "coefficients": .floats([1, -1]),
        "rho": .floats([0.1]), "classlabels_ints": .ints([4, 8]),
    ]
    static let rows = Tensor(shape: [2, 2], floats: [1, 2, -1, 0.5])

    /// `k([0,0]) - k([1,1]) + rho` for a row.
    static func decision(_ x: (Double, Double)) -> Double {
        exp(-0.5 * (x.0 * x.0 + x.1 * x.1)) - exp(-0.5 * ((x.0 - 1) * (x.0 - 1) + (x.1 - 1) * (x.1 - 1))) + 0.1
    }

    @Test("two classes without probabilities: one decision value d, label by vote, scores [-d, d]")
    func binaryDecision() throws {
        let outputs = try MLHarness.run(
            "SVMClassifier",
            opset: 1,
            attributes: Self.rbf,
            inputs: [Self.rows],
            outputs: 2
        )
        let d = [Self.decision((1, 2)), Self.decision((-1, 0.5))]
        #expect(d[0] < 0 && d[1] > 0)
        #expect(outputs[0] == Tensor(shape: [2], int64s: [8, 4]))
        #expect(MLHarness.close(MLHarness.floats(outputs[1]), [Float(-d[0]), Float(d[0]), Float(-d[1]), Float(d[1])]))
    }

    @Test("two classes with Platt scaling: [p, 1 - p] with p = 1 - σ(A·d + B)")
    func binaryProbabilities() throws {
        var attributes = Self.rbf
        attributes["prob_a"] = .floats([-2])
        attributes["prob_b"] = .floats([0.1])
        let outputs = try MLHarness.run(
            "SVMClassifier",
            opset: 1,
            attributes: attributes,
            inputs: [Self.rows],
            outputs: 2
        )
        #expect(outputs[0] == Tensor(shape: [2], int64s: [8, 4]))
        var expected: [Float] = []
        for d in [Self.decision((1, 2)), Self.decision((-1, 0.5))] {
            let p = 1 - 1 / (1 + exp(-(-2 * d + 0.1)))
            expected += [Float(p), Float(1 - p)]
        }
        #expect(MLHarness.close(MLHarness.floats(outputs[1]), expected, tolerance: 1e-5))
    }

    @Test("three classes vote pairwise; the scores are the three decision values")
    func threeClasses() throws {
        // One vector per class at 0, 1 and 2 on a line; linear kernel.
        let attributes: [String: Attribute] = [
            "kernel_type": MLHarness.string("LINEAR"), "vectors_per_class": .ints([1, 1, 1]),
            "support_vectors": .floats([0, 1, 2]), "coefficients": .floats([1, 1, 1, -1, -1, -1]),
            "rho": .floats([0, 0, 0]), "classlabels_strings": MLHarness.strings(["a", "b", "c"]),
        ]
        // x = 3: k = [0, 3, 6]. Pairs (0,1): c[0][v0]·0 + c[0][v1]·3 = 3 > 0 → a; (0,2): c[1][v0]·0 + c[0][v2]·6 = 6
        // → a; (1,2): c[1][v1]·3 + c[1][v2]·6 = -9 → c. Votes a:2, c:1.
        let outputs = try MLHarness.run(
            "SVMClassifier",
            opset: 1,
            attributes: attributes,
            inputs: [Tensor(shape: [1, 1], floats: [3])],
            outputs: 2
        )
        #expect(MLHarness.labels(outputs[0]) == ["a"])
        #expect(outputs[1].shape == [1, 3])
        #expect(MLHarness.floats(outputs[1]) == [3, 6, -9])
    }

    @Test("without support vectors: one linear score per class plus rho[0]")
    func linearMode() throws {
        let outputs = try MLHarness.run(
            "SVMClassifier",
            opset: 1,
            attributes: [
                "kernel_type": MLHarness.string("LINEAR"), "coefficients": .floats([1, -1, 0.5, 0.5]),
                "rho": .floats([0.1]), "classlabels_ints": .ints([4, 8]),
            ],
            inputs: [Self.rows],
            outputs: 2
        )
        #expect(outputs[0] == Tensor(shape: [2], int64s: [8, 8]))
        #expect(MLHarness.close(MLHarness.floats(outputs[1]), [-0.9, 1.6, -1.4, -0.15]))
    }

    @Test("regressor: support vectors with a polynomial kernel, linear mode and one-class")
    func regressor() throws {
        let poly = try MLHarness.run(
            "SVMRegressor",
            opset: 1,
            attributes: [
                "kernel_type": MLHarness.string("POLY"), "kernel_params": .floats([1, 1, 2]), "n_supports": .int(1),
                "support_vectors": .floats([1, 0]), "coefficients": .floats([2]), "rho": .floats([0.5]),
            ],
            inputs: [Tensor(shape: [1, 2], floats: [2, 3])]
        )[0]
        #expect(poly.shape == [1, 1])
        #expect(MLHarness.floats(poly) == [18.5])  // 2 · (1 · 2 + 1)² + 0.5
        let linear: [String: Attribute] = ["coefficients": .floats([2, -1]), "rho": .floats([0.5])]
        let plain = try MLHarness.run(
            "SVMRegressor",
            opset: 1,
            attributes: linear,
            inputs: [Tensor(shape: [2, 2], floats: [1, 1, 0, 3])]
        )[0]
        #expect(MLHarness.floats(plain) == [1.5, -2.5])
        let oneClass = try MLHarness.run(
            "SVMRegressor",
            opset: 1,
            attributes: linear.merging(["one_class": .int(1)]) { $1 },
            inputs: [Tensor(shape: [2, 2], floats: [1, 1, 0, 3])]
        )[0]
        #expect(MLHarness.floats(oneClass) == [1, -1])
    }

    @Test("malformed: coefficients that do not fit the vectors, too few rho, a short kernel_params")
    func malformed() {
        var attributes = Self.rbf
        attributes["coefficients"] = .floats([1, -1, 1])
        #expect(
            MLHarness.error("SVMClassifier", opset: 1, attributes: attributes, inputs: [Self.rows], outputs: 2) != nil
        )
        attributes = Self.rbf
        attributes["kernel_params"] = .floats([0.5])
        #expect(
            MLHarness.error("SVMClassifier", opset: 1, attributes: attributes, inputs: [Self.rows], outputs: 2) != nil
        )
        attributes = Self.rbf
        let wide = MLHarness.error(
            "SVMClassifier",
            opset: 1,
            attributes: attributes,
            inputs: [Tensor(shape: [1, 3], floats: [1, 2, 3])],
            outputs: 2
        )
        #expect(wide?.code == .invalidInput)
    }
}
