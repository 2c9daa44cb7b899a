#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import KServeCLI

exit(KServeMain.run(arguments: Array(CommandLine.arguments.dropFirst()), environment: KServeMain.processEnvironment()))
