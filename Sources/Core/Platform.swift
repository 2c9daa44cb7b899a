// The C library, once for the whole project: every module that imports Core sees it, so that no file repeats the
// platform conditions.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif
