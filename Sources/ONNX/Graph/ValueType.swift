import Compute

/// One dimension of a declared shape.
package enum Dimension: Sendable, Equatable {
    case fixed(Int)
    /// A named dynamic dimension (`batch`, `N`).
    case symbolic(String)
    /// Neither a value nor a name.
    case unknown

    /// The dimension as metadata writes it: its value, or -1 for a dynamic one.
    package var metadataValue: Int64 {
        if case .fixed(let value) = self { return Int64(value) }
        return -1
    }
}

/// What a graph declares about a value: a tensor of an element type and (maybe) a shape, or another kind.
package enum ValueType: Sendable, Equatable {
    /// `shape` nil: rank unknown.
    case tensor(ElementType?, shape: [Dimension]?)
    /// A sequence, map or optional value; the executor does not take these as inputs.
    case other(String)

    package var elementType: ElementType? {
        if case .tensor(let type, _) = self { return type }
        return nil
    }

    package var shape: [Dimension]? {
        if case .tensor(_, let shape) = self { return shape }
        return nil
    }
}

/// A graph input or output: its name and declared type.
package struct ValueInfo: Sendable, Equatable {
    package var name: String
    package var type: ValueType

    package init(name: String, type: ValueType) {
        self.name = name
        self.type = type
    }
}
