import Foundation
import Testing

/// The built `kserve serve` with its control plane on a state directory, on a free port. Unlike ServeProcess it can
/// be killed with SIGKILL (for the durability test) and reports the kubeconfig it wrote.
final class ControlPlaneServer: @unchecked Sendable {
    let url: String
    let kubeconfig: String
    let stateDirectory: String
    private let process: Process
    private let log = LockedText()

    init(stateDirectory: String, arguments: [String] = []) throws {
        self.stateDirectory = stateDirectory
        process = Process()
        process.executableURL = TestPaths.kserveBinary
        process.arguments = ["serve", "--port", "0", "--state-dir", stateDirectory] + arguments
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = self.log
        let handle = errPipe.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                log.append(String(decoding: data, as: UTF8.self))
            }
        }
        let deadline = Date().addingTimeInterval(30)
        var found: (url: String, kubeconfig: String)?
        while Date() < deadline, process.isRunning {
            if let url = Self.value(after: "serving on ", in: log.text),
                let kubeconfig = Self.value(after: "kubeconfig: ", in: log.text)
            {
                found = (url, kubeconfig)
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            throw Peer.failure("kserve serve did not report its address and kubeconfig; stderr:\n\(log.text)")
        }
        url = found.url
        kubeconfig = found.kubeconfig
    }

    var stderr: String { log.text }

    /// SIGKILL: no drain, no flush; what the store answered before must already be on disk.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { kill() }

    /// The first word after `marker` on its line (`serving on http://127.0.0.1:1234` -> the URL).
    private static func value(after marker: String, in text: String) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        let rest = text[range.upperBound...]
        guard let end = rest.firstIndex(where: { $0 == "\n" || $0 == " " }) else { return nil }
        return String(rest[..<end])
    }

    /// A fresh state directory under the temporary directory.
    static func temporaryStateDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kserve-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
