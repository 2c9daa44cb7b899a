/// One documented exit status of `kserve`, shown in help and the man page.
package struct ExitStatusDoc: Sendable, Equatable {
    package var code: Int32
    package var meaning: String

    package init(_ code: Int32, _ meaning: String) {
        self.code = code
        self.meaning = meaning
    }
}

extension CommandTable {
    /// The exit statuses `main` uses, as documented for users.
    package static let exitStatuses: [ExitStatusDoc] = [
        ExitStatusDoc(ExitStatus.success, "success"),
        ExitStatusDoc(ExitStatus.failure, "failure"),
        ExitStatusDoc(ExitStatus.usage, "usage error: unknown command or option, bad or missing value"),
        ExitStatusDoc(ExitStatus.timeout, "timed out"),
        ExitStatusDoc(ExitStatus.auth, "authentication or authorization failed"),
        ExitStatusDoc(ExitStatus.notFound, "not found"),
        ExitStatusDoc(ExitStatus.conflict, "conflict"),
        ExitStatusDoc(ExitStatus.terminal, "a wait ended in a failure that will not recover"),
        ExitStatusDoc(ExitStatus.interrupted, "interrupted"),
    ]
}
