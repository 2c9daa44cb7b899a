import Core
import Resources

/// A parsed, validated command line: the command, its positional arguments and its option values.
///
/// Options are looked up by ``OptionKey`` (a misspelt name does not compile). A value comes from the command line (the last occurrence), else from the
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
    package func value(_ key: OptionKey) -> String? {
        given[key.name]?.last ?? fromEnvironment[key.name] ?? defaults[key.name]
    }

    /// All occurrences of a repeated option in order; when none was given, the environment value or the default.
    package func values(_ key: OptionKey) -> [String] {
        if let occurrences = given[key.name], !occurrences.isEmpty { return occurrences }
        if let value = fromEnvironment[key.name] ?? defaults[key.name] { return [value] }
        return []
    }

    /// A repeated `keyValue` option split into pairs; values that do not split are left out.
    package func keyValues(_ key: OptionKey) -> [(key: String, value: String)] {
        values(key).compactMap(KeyValueText.split)
    }

    /// Whether a flag was given, or its environment variable is set to a non-empty value.
    package func flag(_ key: OptionKey) -> Bool {
        isSet(key)
    }

    /// How often a counter was given (`-vvv` is 3); without any, its environment value read as a number.
    package func count(_ key: OptionKey) -> Int {
        if let occurrences = given[key.name], !occurrences.isEmpty { return occurrences.count }
        if let text = fromEnvironment[key.name] { return Int(text) ?? 1 }
        return 0
    }

    /// The value read as an integer.
    package func int(_ key: OptionKey) -> Int? {
        value(key).flatMap { Int($0) }
    }

    /// The value read as a duration, in seconds.
    package func duration(_ key: OptionKey) -> Double? {
        value(key).flatMap(DurationText.seconds)
    }

    /// The value read as a size, in bytes.
    package func bytes(_ key: OptionKey) -> Int64? {
        value(key).flatMap(Quantity.bytes)
    }

    /// The value of an option whose default the command table gives (the default lives there alone): never missing
    /// for those, so a missing one is a bug in the table, reported as `.internal`.
    package func defaulted(_ key: OptionKey) throws(KServeError) -> String {
        guard let value = value(key) else {
            throw KServeError(.internal, "\(key) has no value and no default in the command table")
        }
        return value
    }

    /// ``defaulted(_:)`` read as an integer (the parser has checked that it is one).
    package func defaultedInt(_ key: OptionKey) throws(KServeError) -> Int {
        let text = try defaulted(key)
        guard let number = Int(text) else { throw KServeError(.internal, "\(key) '\(text)' is not an integer") }
        return number
    }

    /// ``defaulted(_:)`` read as a duration in seconds (the parser has checked that it is one).
    package func defaultedDuration(_ key: OptionKey) throws(KServeError) -> Double {
        let text = try defaulted(key)
        guard let seconds = DurationText.seconds(text) else {
            throw KServeError(.internal, "\(key) '\(text)' is not a duration")
        }
        return seconds
    }

    /// Whether the option was given on the command line or through its environment variable (a default does not
    /// count).
    package func isSet(_ key: OptionKey) -> Bool {
        given[key.name].map { !$0.isEmpty } == true || fromEnvironment[key.name] != nil
    }
}
