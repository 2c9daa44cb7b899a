import Compute
import Core
import KServeCLI

// Before any thread starts (see OpenBLASEnvironment).
OpenBLASEnvironment.singleThreaded()
exit(
    await KServeMain.run(
        arguments: Array(CommandLine.arguments.dropFirst()),
        environment: KServeMain.processEnvironment()
    )
)
