import Foundation
import PeerSupport

/// A throwaway PKI made with the `openssl` CLI in a temporary folder, removed when the fixture goes away:
/// a CA, a server certificate for `serverName` only (not for 127.0.0.1), a client certificate, and an unrelated CA.
final class TLSFixture: @unchecked Sendable {
    static let serverName = "kserve-peer.test"
    static let clientCommonName = "kserve-test-client"

    let directory: URL

    var caFile: String { path("ca.crt") }
    var serverCertificateFile: String { path("server.crt") }
    var serverKeyFile: String { path("server.key") }
    var clientCertificateFile: String { path("client.crt") }
    var clientKeyFile: String { path("client.key") }
    var otherCAFile: String { path("other-ca.crt") }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kserve-http-tls-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            try makeCA(name: "ca", commonName: "kserve test CA")
            try makeCA(name: "other-ca", commonName: "kserve unrelated CA")
            try makeLeaf(
                name: "server",
                commonName: Self.serverName,
                extensions: "subjectAltName=DNS:\(Self.serverName)\nextendedKeyUsage=serverAuth\n"
            )
            try makeLeaf(
                name: "client",
                commonName: Self.clientCommonName,
                extensions: "extendedKeyUsage=clientAuth\n"
            )
        } catch {
            remove()
            throw error
        }
    }

    deinit { remove() }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    func data(_ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
    }

    private func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    private func makeCA(name: String, commonName: String) throws {
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "\(name).key", "-out", "\(name).crt", "-days", "2", "-subj", "/CN=\(commonName)",
        ])
    }

    private func makeLeaf(name: String, commonName: String, extensions: String) throws {
        try extensions.write(toFile: path("\(name).ext"), atomically: true, encoding: .utf8)
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(commonName)",
        ])
        try openssl([
            "x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial",
            "\(Int.random(in: 1000...999_999))", "-days", "2", "-out", "\(name).crt", "-extfile", "\(name).ext",
        ])
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PeerError(description: "openssl \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }
}
