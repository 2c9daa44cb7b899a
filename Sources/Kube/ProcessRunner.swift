import Core

/// Runs a program with posix_spawn and collects its standard output; standard error goes to ours.
///
/// Blocks the calling thread until the program exits: call it from a thread of its own, never an event loop.
enum ProcessRunner {
    struct Outcome {
        var exitCode: Int32
        /// The signal that ended the program, or 0.
        var signal: Int32
        var output: [UInt8]
    }

    enum StandardInput {
        /// `/dev/null`.
        case none
        /// Our own standard input.
        case inherit
    }

    /// Output beyond this fails the run, so a runaway program cannot fill memory.
    static let outputLimit = 16 << 20

    /// Finds `command` like a shell: a path when it contains a slash, else the first executable in `path`.
    static func locate(_ command: String, path: String?) -> String? {
        if command.contains("/") { return access(command, X_OK) == 0 ? command : nil }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(
            separator: ":",
            omittingEmptySubsequences: false
        )
        for directory in directories {
            let candidate = FilePath.resolve(command, against: directory.isEmpty ? "." : String(directory))
            if FileSystem.kind(candidate) == .regular, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    static func run(
        executable: String,
        arguments: [String],
        environment: [String: String],
        input: StandardInput
    ) throws(KServeError) -> Outcome {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            throw KServeError(.io, "cannot create a pipe to run \(executable): \(errnoText())")
        }
        // Other programs started meanwhile must not inherit the pipe (it would never see end of file).
        _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)
        let readEnd = pipeEnds[0]
        let writeEnd = pipeEnds[1]
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        if case .none = input {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Threads may block signals; the program should start with none blocked and default handlers.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        var spawned: Int32 = 0
        // ETXTBSY: a file just written is briefly still open for writing in a child another thread forked; it
        // clears once that child execs.
        for attempt in 0..<10 {
            if attempt > 0 { usleep(20_000) }
            spawned = (argv + [nil]).withUnsafeBufferPointer { argvBuffer -> Int32 in
                (envp + [nil]).withUnsafeBufferPointer { envpBuffer -> Int32 in
                    guard let argvBase = argvBuffer.baseAddress, let envpBase = envpBuffer.baseAddress else {
                        return EINVAL
                    }
                    return posix_spawn(&pid, executable, &actions, &attributes, argvBase, envpBase)
                }
            }
            if spawned != ETXTBSY { break }
        }
        close(writeEnd)
        guard spawned == 0 else {
            throw KServeError(.io, "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var overflow = false
        while true {
            let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                break
            }
            if output.count + count > outputLimit {
                overflow = true
                kill(pid, SIGKILL)
                break
            }
            output.append(contentsOf: chunk[0..<count])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if overflow {
            throw KServeError(.badResponse, "\(executable) wrote more than \(outputLimit) bytes to standard output")
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG by hand: the macros are not imported.
        let signal = status & 0x7F
        return Outcome(exitCode: signal == 0 ? (status >> 8) & 0xFF : -1, signal: signal, output: output)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
