extension CommandTable {
    /// Options every command accepts, before or after the command name.
    package static let globalOptions: [OptionSpec] = [
        OptionSpec(
            long: .namespace,
            short: "n",
            kind: .value(.string, valueName: "NAME"),
            help: "Kubernetes namespace (default: the namespace of the kubeconfig context)",
            env: "KSERVE_NAMESPACE",
            completion: .dynamic("namespaces")
        ),
        OptionSpec(
            long: .context,
            kind: .value(.string, valueName: "NAME"),
            help: "kubeconfig context to use (default: the current context)",
            env: "KSERVE_CONTEXT",
            completion: .dynamic("contexts")
        ),
        OptionSpec(
            long: .kubeconfig,
            kind: .value(.path, valueName: "PATH"),
            help: "kubeconfig file to use alone (default: the files in $KUBECONFIG, else ~/.kube/config)",
            completion: .file(extensions: [])
        ),
        OptionSpec(
            long: .local,
            kind: .flag,
            help: "Target the `kserve serve` on this machine (its kubeconfig under the state directory); "
                + "used anyway when no kubeconfig exists"
        ),
        OptionSpec(
            long: .output,
            short: "o",
            kind: .value(.string, valueName: "FORMAT"),
            help: "Output format; each command lists the formats it supports"
        ),
        OptionSpec(
            long: .verbose,
            short: "v",
            kind: .counter,
            help: "Print more to stderr; repeat for more: -v progress, -vv request lines, -vvv bodies "
                + "(credentials are always redacted)"
        ),
        OptionSpec(long: .quiet, short: "q", kind: .flag, help: "Print only results and errors"),
        OptionSpec(
            long: .noColor,
            kind: .flag,
            help: "Never colour output; setting NO_COLOR to any non-empty value does the same",
            env: "NO_COLOR"
        ),
        OptionSpec(long: .help, short: "h", kind: .flag, help: "Show help"),
    ]

    /// Options accepted only before the command name.
    package static let rootOptions: [OptionSpec] = [
        OptionSpec(long: .version, kind: .flag, help: "Print the version and exit")
    ]
}
