import Core

/// The KServe V1 protocol: `{"instances": [...]}` or `{"inputs": ...}` requests, `{"predictions": [...]}` answers.
///
/// Only the envelope is checked (what the instances hold is the model's business): a request is an object with
/// exactly one of `instances` (an array, as KServe's python server insists) and `inputs`; an answer is an object
/// with `predictions` (an array) or `outputs`. Request errors are `.invalidInput`, answer errors `.badResponse`.
package enum V1Codec {
    package static func validateRequest(_ json: Value, source: String) throws(KServeError) {
        _ = try decodeRequest(json, source: source)
    }

    package static func decodeRequest(_ json: Value, source: String) throws(KServeError) -> V1Request {
        guard case .object(var object) = json else {
            throw KServeError(
                .invalidInput,
                "\(source): V1 request is \(json.kindDescription), expected an object with \"instances\" or \"inputs\""
            )
        }
        let instances = present(object["instances"])
        let inputs = present(object["inputs"])
        object["instances"] = nil
        object["inputs"] = nil
        switch (instances, inputs) {
        case (.some, .some):
            throw KServeError(.invalidInput, "\(source): V1 request has both \"instances\" and \"inputs\"; send one")
        case (.some(let instances), nil):
            guard case .array(let rows) = instances else {
                throw KServeError(
                    .invalidInput,
                    "\(source): \"instances\" is \(instances.kindDescription), expected an array"
                )
            }
            return V1Request(payload: .instances(rows), extra: object)
        case (nil, .some(let inputs)):
            return V1Request(payload: .inputs(inputs), extra: object)
        case (nil, nil):
            throw KServeError(
                .invalidInput,
                "\(source): V1 request needs \"instances\" (a list of rows) or \"inputs\""
            )
        }
    }

    /// `instances` or `inputs` first, then the other fields.
    package static func encodeRequest(_ request: V1Request) -> Value {
        var object = ValueObject()
        switch request.payload {
        case .instances(let rows): object["instances"] = .array(rows)
        case .inputs(let inputs): object["inputs"] = inputs
        }
        for (key, value) in request.extra where object[key] == nil { object[key] = value }
        return .object(object)
    }

    package static func decodeResponse(_ json: Value, source: String) throws(KServeError) -> V1Response {
        guard case .object(var object) = json else {
            throw KServeError(
                .badResponse,
                "\(source): V1 answer is \(json.kindDescription), expected an object with \"predictions\""
            )
        }
        if let predictions = object["predictions"], !predictions.isNull {
            guard case .array(let rows) = predictions else {
                throw KServeError(
                    .badResponse,
                    "\(source): \"predictions\" is \(predictions.kindDescription), expected an array"
                )
            }
            object["predictions"] = nil
            return V1Response(payload: .predictions(rows), extra: object)
        }
        if let outputs = object["outputs"], !outputs.isNull {
            object["outputs"] = nil
            return V1Response(payload: .outputs(outputs), extra: object)
        }
        if let message = object["error"]?.stringValue {
            throw KServeError(.badResponse, "\(source): the server answered with an error: \(message)")
        }
        throw KServeError(.badResponse, "\(source): V1 answer has neither \"predictions\" nor \"outputs\"")
    }

    /// `predictions` or `outputs` first, then the other fields.
    package static func encodeResponse(_ response: V1Response) -> Value {
        var object = ValueObject()
        switch response.payload {
        case .predictions(let rows): object["predictions"] = .array(rows)
        case .outputs(let outputs): object["outputs"] = outputs
        }
        for (key, value) in response.extra where object[key] == nil { object[key] = value }
        return .object(object)
    }

    /// The value unless it is absent or `null` (`Value` is itself nil-literal expressible, hence the spelled-out type).
    private static func present(_ value: Value?) -> Value? {
        guard let value, !value.isNull else { return Optional<Value>.none }
        return value
    }
}
