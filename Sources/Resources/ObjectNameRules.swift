/// Kubernetes object-name rules. Each check returns nil for a valid name, else the problem in words.
package enum ObjectNameRules {
    /// Most object names (ServingRuntime, TrainedModel): lower-case alphanumerics, `-` and `.`, each dot-separated
    /// part starting and ending with an alphanumeric, at most 253 characters.
    package static func dns1123SubdomainProblem(_ name: String) -> String? {
        if name.utf8.count > 253 { return "must be no more than 253 characters" }
        let labels = name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let valid = !name.isEmpty && labels.allSatisfy { isLabel($0, firstMustBeLetter: false) }
        guard valid else {
            return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                + "and must start and end with an alphanumeric character (e.g. 'example.com')"
        }
        return nil
    }

    /// Namespaces: lower-case alphanumerics and `-`, starting and ending with an alphanumeric, at most 63 characters.
    package static func dns1123LabelProblem(_ name: String) -> String? {
        if name.utf8.count > 63 { return "must be no more than 63 characters" }
        guard isLabel(Substring(name).utf8, firstMustBeLetter: false) else {
            return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                + "and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc')"
        }
        return nil
    }

    /// InferenceService names, which become host names and service names: like a DNS-1123 label, but starting
    /// with a letter.
    package static func dns1035LabelProblem(_ name: String) -> String? {
        if name.utf8.count > 63 { return "must be no more than 63 characters" }
        guard isLabel(Substring(name).utf8, firstMustBeLetter: true) else {
            return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name' or 'abc-123')"
        }
        return nil
    }

    private static func isLabel(_ bytes: Substring.UTF8View, firstMustBeLetter: Bool) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        guard firstMustBeLetter ? isLower(first) : isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    private static func isLower(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLower(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
