import Foundation

/// Collects lines (traces, warnings) from any thread.
public final class LineRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    public init() {}

    public var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    public var sink: @Sendable (String) -> Void {
        { [self] line in
            lock.lock()
            stored.append(line)
            lock.unlock()
        }
    }
}
