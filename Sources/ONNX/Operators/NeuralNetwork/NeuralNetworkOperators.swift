import Core

/// Matrix products, convolutions, pooling and normalisation.
package enum NeuralNetworkOperators {
    package static let all: [OperatorRegistration] = [
        OperatorRegistration("Gemm", since: 1, GemmOperator.make),
        OperatorRegistration("MatMul", since: 1, MatMulOperator.make),
        OperatorRegistration("Einsum", since: 12, EinsumOperator.make),
        OperatorRegistration("Conv", since: 1, ConvOperator.make),
        OperatorRegistration("ConvTranspose", since: 1, ConvTransposeOperator.make),
        OperatorRegistration("MaxPool", since: 1, MaxPoolOperator.make),
        OperatorRegistration("AveragePool", since: 1, AveragePoolOperator.make),
        OperatorRegistration("GlobalAveragePool", since: 1) { _ throws(KServeError) in
            GlobalPoolOperator(kind: .average)
        },
        OperatorRegistration("GlobalMaxPool", since: 1) { _ throws(KServeError) in GlobalPoolOperator(kind: .maximum) },
        OperatorRegistration("BatchNormalization", since: 1, BatchNormalizationOperator.make),
        OperatorRegistration("LayerNormalization", since: 17, LayerNormalizationOperator.make),
    ]
}
