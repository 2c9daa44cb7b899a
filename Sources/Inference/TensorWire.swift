import Core

/// The binary section of a body after its JSON header, read tensor by tensor in header order.
struct BinaryCursor {
    let bytes: [UInt8]
    var offset: Int

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int) -> ArraySlice<UInt8> {
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}

/// The JSON form of one tensor (a request input or a response output), shared by the JSON and binary codecs.
enum TensorWire {
    static let binarySizeKey = "binary_data_size"

    /// Keys in the order KServe's python server writes them: `name`, `shape`, `datatype`, `parameters` (when not
    /// empty), `data` (omitted when the data travels as binary, where `binary_data_size` is set instead).
    static func encode(_ tensor: InferTensor, binary: Bool) -> Value {
        var parameters = tensor.parameters
        parameters[binarySizeKey] = binary ? .int(Int64(tensor.data.binaryByteCount)) : nil
        var object: ValueObject = [
            "name": .string(tensor.name),
            "shape": .array(tensor.shape.map(Value.int)),
            "datatype": .string(tensor.datatype.rawValue),
        ]
        if !parameters.isEmpty { object["parameters"] = .object(parameters) }
        if !binary { object["data"] = .array(tensor.data.jsonValues()) }
        return .object(object)
    }

    /// Reads one tensor object; `role` is "input" or "output". Data comes from `data`, or from `binary` when the
    /// tensor has `binary_data_size` (which is not kept in the tensor's parameters).
    static func decode(
        _ value: Value,
        role: String,
        index: Int,
        source: String,
        binary: inout BinaryCursor?
    ) throws(KServeError) -> InferTensor {
        let outer = try JSONFields(value, at: .element(source, role: role, index: index))
        let name = try outer.field("name").string()
        let fields = try JSONFields(value, at: .named(source, role: role, name: name))
        let datatypeName = try fields.field("datatype").string()
        let datatype: DataType
        do {
            datatype = try DataType(wireName: datatypeName)
        } catch {
            throw fields.failure(error.message)
        }
        let shape = try fields.shape()
        let count = try TensorShape.elementCount(shape, context: fields.place)
        var parameters = try fields.optional("parameters")?.object() ?? [:]
        let binarySize = parameters[binarySizeKey]
        parameters[binarySizeKey] = nil
        let data: TensorData
        if let json = fields.value("data") {
            guard binarySize == nil else { throw fields.failure("has both \"data\" and \(binarySizeKey)") }
            data = try TensorData(json: json, datatype: datatype, shape: shape, context: fields.place)
        } else if let binarySize {
            data = try readBinary(binarySize, datatype: datatype, shape: shape, count: count, fields, &binary)
        } else {
            throw fields.failure("missing \"data\"")
        }
        return InferTensor(name: name, datatype: datatype, shape: shape, parameters: parameters, data: data)
    }

    private static func readBinary(
        _ sizeValue: Value,
        datatype: DataType,
        shape: [Int64],
        count: Int,
        _ fields: JSONFields,
        _ binary: inout BinaryCursor?
    ) throws(KServeError) -> TensorData {
        guard case .int(let declared) = sizeValue, declared >= 0 else {
            let shown = sizeValue.int64Value.map(String.init) ?? sizeValue.kindDescription
            throw fields.failure("\(binarySizeKey) is \(shown), expected a non-negative integer")
        }
        guard var cursor = binary else {
            throw fields.failure("has \(binarySizeKey) but the body is plain JSON with no binary data after it")
        }
        if let elementSize = datatype.elementSize {
            let (needed, overflow) = count.multipliedReportingOverflow(by: elementSize)
            guard !overflow, Int64(needed) == declared else {
                throw fields.failure(
                    "\(binarySizeKey) is \(declared) but shape \(TensorShape.describe(shape)) of \(datatype.rawValue) "
                        + "needs \(overflow ? "more bytes than can be addressed" : "\(needed) bytes")"
                )
            }
        }
        guard declared <= Int64(cursor.remaining) else {
            throw fields.failure(
                "\(binarySizeKey) is \(declared) but only \(TensorShape.counted(cursor.remaining, "byte")) of "
                    + "binary data remain in the body"
            )
        }
        let slice = cursor.take(Int(declared))
        binary = cursor
        return try TensorData(binary: slice, datatype: datatype, count: count, context: fields.place.description)
    }

    /// An error when two tensors share a name.
    static func checkUnique(_ tensors: [InferTensor], role: String, source: String) throws(KServeError) {
        var seen = Set<String>()
        for tensor in tensors where !seen.insert(tensor.name).inserted {
            throw KServeError(.invalidInput, "\(source): \(role) \"\(tensor.name)\" appears more than once")
        }
    }
}
