import Core

/// A KServe V1 (TF Serving style) `:predict` or `:explain` request.
package struct V1Request: Sendable, Equatable {
    package enum Payload: Sendable, Equatable {
        /// Row format: one element per instance.
        case instances([Value])
        /// Columnar format: any JSON value (a list, or an object of named inputs).
        case inputs(Value)
    }

    package var payload: Payload
    /// The other top-level fields, in order (TF Serving's `signature_name`, custom parameters).
    package var extra: ValueObject

    package init(payload: Payload, extra: ValueObject = [:]) {
        self.payload = payload
        self.extra = extra
    }

    package init(instances: [Value]) { self.init(payload: .instances(instances)) }
}

/// A KServe V1 answer. The protocol does not fix its content: each prediction is whatever the model returns.
package struct V1Response: Sendable, Equatable {
    package enum Payload: Sendable, Equatable {
        /// Row format: one prediction per instance.
        case predictions([Value])
        /// Columnar format (TF Serving's answer to `inputs`).
        case outputs(Value)
    }

    package var payload: Payload
    /// The other top-level fields, in order (`explanations` of `:explain`, model-specific fields).
    package var extra: ValueObject

    package init(payload: Payload, extra: ValueObject = [:]) {
        self.payload = payload
        self.extra = extra
    }

    package init(predictions: [Value]) { self.init(payload: .predictions(predictions)) }

    /// The predictions of a row-format answer.
    package var predictions: [Value]? {
        if case .predictions(let values) = payload { return values }
        return nil
    }
}
