import Transport

/// An output a request asks for, with its parameters (`binary_data`, `classification`).
public struct RequestedOutput: Sendable, Equatable {
    public var name: String
    public var parameters: ValueObject

    public init(name: String, parameters: ValueObject = [:]) {
        self.name = name
        self.parameters = parameters
    }
}

/// An Open Inference Protocol (V2) inference request.
public struct InferRequest: Sendable, Equatable {
    public var id: String?
    public var parameters: ValueObject
    public var inputs: [InferTensor]
    /// Empty means "all outputs".
    public var outputs: [RequestedOutput]

    public init(
        id: String? = nil,
        parameters: ValueObject = [:],
        inputs: [InferTensor],
        outputs: [RequestedOutput] = []
    ) {
        self.id = id
        self.parameters = parameters
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Which of a model's `outputNames` the response should carry as binary data.
    ///
    /// An output's own `binary_data` parameter wins; otherwise the request's `binary_data_output` applies (the
    /// protocol's rule; KServe's python server ignores `binary_data_output` once outputs are listed).
    public func binaryOutputs(among outputNames: [String]) -> Set<String> {
        let requestWide = parameters["binary_data_output"]?.boolValue ?? false
        var result = Set<String>()
        for name in outputNames {
            let own = outputs.first { $0.name == name }?.parameters["binary_data"]?.boolValue
            if own ?? requestWide { result.insert(name) }
        }
        return result
    }
}
