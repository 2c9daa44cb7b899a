import Foundation
import PackagePlugin

/// Writes `BuildInfoGenerated.swift` (git commit and compiler version) before each build of the target that uses it.
///
/// A prebuild command, so it runs every build; the shell script replaces the file only when its text changes,
/// which keeps incremental builds incremental.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let swiftc = (try? context.tool(named: "swiftc").url.path) ?? "swiftc"
        let script = #"""
            set -u
            package="$1"; out="$2"
            mkdir -p "$out"
            commit=$(git -C "$package" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
            if [ "$commit" != unknown ] && [ -n "$(git -C "$package" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
                commit="$commit-dirty"
            fi
            swiftc="$3"
            compiler=$("$swiftc" --version 2>/dev/null | head -n 1 | sed 's/^.*Swift version \([^ ]*\).*$/\1/')
            [ -n "$compiler" ] || compiler=unknown
            tmp="$out/BuildInfoGenerated.swift.tmp"
            printf '%s\n' \
                '// Generated at build time by BuildInfoPlugin; not committed.' \
                'enum GeneratedBuildInfo {' \
                "    static let commit = \"$commit\"" \
                "    static let compiler = \"$compiler\"" \
                '}' >"$tmp"
            if cmp -s "$tmp" "$out/BuildInfoGenerated.swift"; then rm -f "$tmp"; else mv "$tmp" "$out/BuildInfoGenerated.swift"; fi
            """#
        return [
            .prebuildCommand(
                displayName: "Recording the git commit and compiler version",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, outputDirectory.path, swiftc],
                outputFilesDirectory: outputDirectory
            )
        ]
    }
}
