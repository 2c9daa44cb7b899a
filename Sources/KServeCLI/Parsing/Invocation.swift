import Resources

/// A parsed, validated command line: the command, its positional arguments and its option values.
///
/// Options are looked up by long name. A value comes from the command line (the last occurrence), else from the
/// option's environment variable, else from its default.
package struct Invocation: Sendable, Equatable {
    /// The canonical command name, never an alias.
    package let command: String
    package let positionals: [String]
    /// Occurrences on the command line by long name; flags and counters record an empty string per occurrence.
    let given: [String: [String]]
    /// Non-empty environment values by long name.
    let fromEnvironment: [String: String]
    let defaults: [String: String]

    package init(
        command: String,
        positionals: [String] = [],
        given: [String: [String]] = [:],
        fromEnvironment: [String: String] = [:],
        defaults: [String: String] = [:]
    ) {
        self.command = command
        self.positionals = positionals
        self.given = given
        self.fromEnvironment = fromEnvironment
        self.defaults = defaults
    }

    /// The last occurrence, else the environment value, else the default.
    package func value(_ long: String) -> String? {
        given[long]?.last ?? fromEnvironment[long] ?? defaults[long]
    }

    /// All occurrences of a repeated option in order; when none was given, the environment value or the default.
    package func values(_ long: String) -> [String] {
        if let occurrences = given[long], !occurrences.isEmpty { return occurrences }
        if let value = fromEnvironment[long] ?? defaults[long] { return [value] }
        return []
    }

    /// A repeated `keyValue` option split into pairs; values that do not split are left out.
    package func keyValues(_ long: String) -> [(key: String, value: String)] {
        values(long).compactMap(KeyValueText.split)
    }

    /// Whether a flag was given, or its environment variable is set to a non-empty value.
    package func flag(_ long: String) -> Bool {
        isSet(long)
    }

    /// How often a counter was given (`-vvv` is 3); without any, its environment value read as a number.
    package func count(_ long: String) -> Int {
        if let occurrences = given[long], !occurrences.isEmpty { return occurrences.count }
        if let text = fromEnvironment[long] { return Int(text) ?? 1 }
        return 0
    }

    /// The value read as an integer.
    package func int(_ long: String) -> Int? {
        value(long).flatMap { Int($0) }
    }

    /// The value read as a duration, in seconds.
    package func duration(_ long: String) -> Double? {
        value(long).flatMap(DurationText.seconds)
    }

    /// The value read as a size, in bytes.
    package func bytes(_ long: String) -> Int64? {
        value(long).flatMap(Quantity.bytes)
    }

    /// Whether the option was given on the command line or through its environment variable (a default does not
    /// count).
    package func isSet(_ long: String) -> Bool {
        given[long].map { !$0.isEmpty } == true || fromEnvironment[long] != nil
    }
}
