/// The one declarative table of the `kserve` command line. Parsing, help, usage errors, completion scripts and the
/// man page are all rendered from it, so they cannot drift apart.
///
/// A new command is one `CommandSpec` (in its own file) appended to `commands`.
package enum CommandTable {
    /// The program name used in usage lines and examples.
    package static let programName = "kserve"
    /// What the program is for, in one line without a final period.
    package static let programAbstract = "query and manage models served by KServe"

    /// The long name of the output option; its accepted values come from each command's `outputFormats`.
    package static let outputOption = OptionKey.output.name
    /// The long name of the help flag, accepted everywhere.
    package static let helpOption = OptionKey.help.name
    /// The long name of the version flag, accepted before the command only.
    package static let versionOption = OptionKey.version.name

    /// Every command, in the order help lists them.
    package static let commands: [CommandSpec] = {
        let listed = [deploy, models, predict, scale, delete, bench, serve, version]
        return listed + [helpCommand(listing: listed.filter { !$0.hidden }.map(\.name))]
    }()

    /// The command with this name or alias.
    package static func command(named name: String) -> CommandSpec? {
        CommandSet.standard.command(named: name)
    }
}
