import Transport

/// An Open Inference Protocol (V2) inference response.
public struct InferResponse: Sendable, Equatable {
    public var modelName: String
    public var modelVersion: String?
    /// The request's id, echoed.
    public var id: String?
    public var parameters: ValueObject
    public var outputs: [InferTensor]

    public init(
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
