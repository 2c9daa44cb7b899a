/// What an option's value must look like; the parser validates every value (argv, environment, defaults) by it.
package enum ValueKind: Sendable, Equatable {
    /// Any non-empty text.
    case string
    /// A decimal integer, optionally signed.
    case int
    /// A duration such as `500ms`, `30s`, `5m`, `1h`, `1m30s`; a bare number means seconds.
    case duration
    /// One of a fixed set of words.
    case choice([String])
    /// An HTTP-header-like pair, `Name: value` or `name=value`.
    case keyValue
    /// A file path; `-` means standard input.
    case path
    /// A size in bytes written as a Kubernetes quantity (`512Mi`, `2Gi`) or with a byte unit (`2GiB`, `64MB`).
    case quantity
}
