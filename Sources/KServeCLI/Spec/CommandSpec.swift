/// One command of the `kserve` binary: everything parsing, help, completions and the man page need to know.
package struct CommandSpec: Sendable, Equatable {
    /// A command line shown in help, with a one-line description above it.
    package struct Example: Sendable, Equatable {
        package var description: String
        /// The full command line, starting with `kserve`.
        package var command: String

        package init(_ description: String, _ command: String) {
            self.description = description
            self.command = command
        }
    }

    package var name: String
    /// Other names that run the same command.
    package var aliases: [String]
    /// One line, no final period: shown in the command list and at the top of the command's help.
    package var abstract: String
    /// Paragraphs shown below the abstract, separated by blank lines.
    package var discussion: String?
    /// The command's own options; the global options are accepted too.
    package var options: [OptionSpec]
    package var positionals: [PositionalSpec]
    /// The values `-o/--output` accepts; the first is the default. Empty: the command rejects `--output`.
    package var outputFormats: [String]
    package var examples: [Example]
    /// Accepted by the parser but never listed or suggested.
    package var hidden: Bool

    package init(
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
