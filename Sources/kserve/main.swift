import KServeCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

exit(
    await KServeMain.run(
        arguments: Array(CommandLine.arguments.dropFirst()),
        environment: KServeMain.processEnvironment()
    )
)
