/// One command of the `kserve` binary: everything parsing, help, completions and the man page need to know.
public struct CommandSpec: Sendable, Equatable {
    /// A command line shown in help, with a one-line description above it.
    public struct Example: Sendable, Equatable {
        public var description: String
        /// The full command line, starting with `kserve`.
        public var command: String

        public init(_ description: String, _ command: String) {
            self.description = description
            self.command = command
        }
    }

    public var name: String
    /// Other names that run the same command.
    public var aliases: [String]
    /// One line, no final period: shown in the command list and at the top of the command's help.
    public var abstract: String
    /// Paragraphs shown below the abstract, separated by blank lines.
    public var discussion: String?
    /// The command's own options; the global options are accepted too.
    public var options: [OptionSpec]
    public var positionals: [PositionalSpec]
    /// The values `-o/--output` accepts; the first is the default. Empty: the command rejects `--output`.
    public var outputFormats: [String]
    public var examples: [Example]
    /// Accepted by the parser but never listed or suggested.
    public var hidden: Bool

    public init(
        name: String,
        aliases: [String] = [],
        abstract: String,
        discussion: String? = nil,
        options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [],
        outputFormats: [String] = [],
        examples: [Example] = [],
        hidden: Bool = false
    ) {
        self.name = name
        self.aliases = aliases
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
        self.outputFormats = outputFormats
        self.examples = examples
        self.hidden = hidden
    }
}
