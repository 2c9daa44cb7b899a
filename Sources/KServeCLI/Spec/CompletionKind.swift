/// How shells complete an option value or a positional argument.
package enum CompletionKind: Sendable, Equatable {
    /// Nothing to offer.
    case none
    /// File names, limited to these extensions when the list is not empty.
    case file(extensions: [String])
    /// Directory names.
    case directory
    /// A fixed list of words.
    case values([String])
    /// Words the program itself lists at completion time; the string names the source, such as `models`.
    case dynamic(String)
}
