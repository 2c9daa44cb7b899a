import Core
import KServeCLI

exit(
    await KServeMain.run(
        arguments: Array(CommandLine.arguments.dropFirst()),
        environment: KServeMain.processEnvironment()
    )
)
