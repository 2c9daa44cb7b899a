import Core

/// An output a request asks for, with its parameters (`binary_data`, `classification`).
package struct RequestedOutput: Sendable, Equatable {
    package var name: String
    package var parameters: ValueObject

    package init(name: String, parameters: ValueObject = [:]) {
        self.name = name
        self.parameters = parameters
    }
}

/// An Open Inference Protocol (V2) inference request.
package struct InferRequest: Sendable, Equatable {
    package var id: String?
    package var parameters: ValueObject
    package var inputs: [InferTensor]
    /// Empty means "all outputs".
    package var outputs: [RequestedOutput]

    package init(
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
    package func binaryOutputs(among outputNames: [String]) -> Set<String> {
        let requestWide = parameters["binary_data_output"]?.boolValue ?? false
        var result = Set<String>()
        for name in outputNames {
            let own = outputs.first { $0.name == name }?.parameters["binary_data"]?.boolValue
            if own ?? requestWide { result.insert(name) }
        }
        return result
    }
}
