import Core
import Foundation

/// Answers from the KServe Python SDK's own client (Peers/reference_client.py), the yardstick for `kserve predict`.
enum Reference {
    static func answer(
        server: PeerServer,
        model: String,
        input: URL,
        protocol version: String,
        binary: Bool = false
    )
        throws -> Value
    {
        var arguments = [
            TestPaths.peersDirectory.appendingPathComponent("reference_client.py").path, server.url, model, input.path,
            version,
        ]
        if binary { arguments.append("--binary") }
        let result = try ProcessRunner.run(TestPaths.python, arguments)
        guard result.status == 0 else {
            throw Peer.failure("reference client failed (\(result.status)): \(result.stderr.suffix(1500))")
        }
        return try JSONParser.parse(result.stdout, source: "reference client output")
    }
}

enum Peer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func failure(_ text: String) -> Failure { Failure(description: text) }
}
