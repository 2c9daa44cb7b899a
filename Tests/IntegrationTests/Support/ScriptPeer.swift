import Core
import CurlHTTP
import Foundation

/// A Python peer script from Peers/ (`SCRIPT PORT ARGUMENTS...`) on a free loopback port, ready once `readyPath`
/// answers 200; it ends with `stop()`, with this object, or with the test process (the scripts watch their parent).
final class ScriptPeer: Sendable {
    let url: String
    private let process: Process

    init(script: String, arguments: [String] = [], readyPath: String) throws {
        let python = TestPaths.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw PeerServer.PeerError(description: "no Python at \(python): run scripts/setup.sh")
        }
        let port = PeerServer.freePort()
        url = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [TestPaths.peersDirectory.appendingPathComponent(script).path, String(port)] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let client = try HTTPClient()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let response = try? client.send(HTTPRequest(url: url + readyPath)), response.status == 200 { return }
            usleep(100_000)
        }
        process.terminate()
        throw PeerServer.PeerError(description: "\(script) did not start on \(url)")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
