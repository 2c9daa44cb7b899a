/// The options accepted at one point of the command line, looked up by long or short name.
struct OptionScope {
    let options: [OptionSpec]

    init(_ options: [OptionSpec]) {
        self.options = options
    }

    func option(long: String) -> OptionSpec? {
        options.first { $0.long == long }
    }

    func option(short: Character) -> OptionSpec? {
        options.first { $0.short == short }
    }

    /// The closest visible long option to an unknown one, spelled with its dashes.
    func suggestion(for long: String) -> String? {
        Suggestion.closest(to: long, among: options.filter { !$0.hidden }.map(\.long)).map { "--" + $0 }
    }
}
