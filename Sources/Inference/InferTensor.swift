import Core

/// One named tensor of a request (an input) or a response (an output).
package struct InferTensor: Sendable, Equatable {
    package var name: String
    package var datatype: DataType
    /// Dimensions, row-major; -1 (variable) appears only in metadata, never in a tensor that carries data.
    package var shape: [Int64]
    /// Tensor parameters as sent (`binary_data_size` is added and removed by the binary codec, not kept here).
    package var parameters: ValueObject
    package var data: TensorData

    package init(name: String, datatype: DataType, shape: [Int64], parameters: ValueObject = [:], data: TensorData) {
        self.name = name
        self.datatype = datatype
        self.shape = shape
        self.parameters = parameters
        self.data = data
    }

    /// A tensor whose datatype is that of its data.
    package init(name: String, shape: [Int64], parameters: ValueObject = [:], data: TensorData) {
        self.init(name: name, datatype: data.dataType, shape: shape, parameters: parameters, data: data)
    }

    /// Checks that no dimension is negative, that the datatype is the data's, and that the data has exactly
    /// product(shape) elements.
    package func validate() throws(KServeError) {
        try validate(context: "tensor \"\(name)\"")
    }

    func validate(context: String) throws(KServeError) {
        let needed = try TensorShape.elementCount(shape, context: context)
        guard data.dataType == datatype else {
            throw KServeError(
                .invalidInput,
                "\(context): datatype \(datatype.rawValue) does not match its \(data.dataType.rawValue) data"
            )
        }
        guard data.count == needed else {
            let problem = TensorShape.countMismatch(data.count, shape: shape, needed: needed)
            throw KServeError(.invalidInput, "\(context): \(problem)")
        }
    }
}
