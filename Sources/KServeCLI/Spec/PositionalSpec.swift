/// One positional argument of a command.
package struct PositionalSpec: Sendable, Equatable {
    /// The placeholder shown in usage lines, such as `NAME`.
    package var name: String
    package var help: String
    package var optional: Bool
    /// Takes every remaining positional argument; only the last positional may repeat.
    package var repeating: Bool
    package var completion: CompletionKind

    package init(
        name: String,
        help: String,
        optional: Bool = false,
        repeating: Bool = false,
        completion: CompletionKind = .none
    ) {
        self.name = name
        self.help = help
        self.optional = optional
        self.repeating = repeating
        self.completion = completion
    }
}
