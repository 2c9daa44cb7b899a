/// One positional argument of a command.
public struct PositionalSpec: Sendable, Equatable {
    /// The placeholder shown in usage lines, such as `NAME`.
    public var name: String
    public var help: String
    public var optional: Bool
    /// Takes every remaining positional argument; only the last positional may repeat.
    public var repeating: Bool
    public var completion: CompletionKind

    public init(
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
