import Core
import Resources

/// Reads the manifests of `-f FILE` and positional files (`-` is standard input, read once).
enum ManifestInput {
    static func load(_ paths: [String], command: String) throws(KServeError) -> [Manifest] {
        guard !paths.isEmpty else {
            throw KServeError(.usage, "\(command) needs a manifest: FILE... or -f FILE (-f - reads standard input)")
        }
        guard paths.filter({ $0 == "-" }).count <= 1 else {
            throw KServeError(.usage, "standard input ('-') can be read only once")
        }
        var manifests: [Manifest] = []
        for path in paths {
            let source = InputFile.displayName(path)
            let found = try ManifestLoader.load(try InputFile.read(path), source: source)
            guard !found.isEmpty else { throw KServeError(.invalidInput, "\(source): holds no objects") }
            manifests += found
        }
        return manifests
    }

    /// A manifest's namespace that contradicts an explicit `-n` is a usage error naming where it was written.
    static func checkNamespaces(_ manifests: [Manifest], requested: String?) throws(KServeError) {
        guard let requested, !requested.isEmpty else { return }
        for manifest in manifests where manifest.resourceKind.namespaced {
            if let own = manifest.namespace, own != requested {
                throw KServeError(
                    .usage,
                    "\(manifest.origin(at: "metadata.namespace")): metadata.namespace \"\(own)\" contradicts -n \(requested); "
                        + "remove one of them"
                )
            }
        }
    }
}
