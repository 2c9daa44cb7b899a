/// Matrix products, convolutions, pooling and normalisation.
package enum NeuralNetworkOperators {
    package static let all: [OperatorRegistration] = []
}
