import Core

/// An Open Inference Protocol (V2) inference response.
package struct InferResponse: Sendable, Equatable {
    package var modelName: String
    package var modelVersion: String?
    /// The request's id, echoed.
    package var id: String?
    package var parameters: ValueObject
    package var outputs: [InferTensor]

    package init(
        modelName: String,
        modelVersion: String? = nil,
        id: String? = nil,
        parameters: ValueObject = [:],
        outputs: [InferTensor]
    ) {
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.id = id
        self.parameters = parameters
        self.outputs = outputs
    }
}
