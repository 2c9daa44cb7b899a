/// The kind of value a typed read wanted, for a failure's "expected …" words.
package enum ValueExpectation: Sendable, Equatable, CustomStringConvertible {
    case object
    case array
    /// An array whose elements are all strings.
    case strings
    case string
    case bool
    /// A whole number (`2.0` counts), at least the bound when there is one.
    case wholeNumber(atLeast: Int?)
    case number

    /// The words of JSON documents.
    package var description: String {
        switch self {
        case .object: "an object"
        // JSON readers name only the container; the element at fault is named when one is not a string.
        case .array, .strings: "an array"
        case .string: "a string"
        case .bool: "true or false"
        case .wholeNumber(let minimum?): "a whole number of at least \(minimum)"
        case .wholeNumber(nil): "a whole number"
        case .number: "a number"
        }
    }

    /// The words of YAML documents (kubeconfig): mappings and lists.
    package var yamlDescription: String {
        switch self {
        case .object: "a mapping"
        case .array: "a list"
        case .strings: "a list of strings"
        default: description
        }
    }
}
