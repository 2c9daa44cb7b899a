extension CommandTable {
    /// The options every command that talks to an inference endpoint shares.
    static let headerOption = OptionSpec(
        long: .header,
        short: "H",
        kind: .repeated(.keyValue, valueName: "HEADER"),
        help: "Extra HTTP header, 'Name: value' or name=value"
    )

    static let hostOption = OptionSpec(
        long: .host,
        kind: .value(.string, valueName: "HOST"),
        help: "Host header to send, for an ingress that routes by host name"
    )
}
