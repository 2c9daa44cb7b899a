import ControlPlane
import Core
import CurlHTTP
import Foundation
import Runtime
import ServingTestSupport
import Synchronization
import Testing

@testable import Server

/// `kserve serve --tls` in process: generated material, its reuse, and HTTPS through Transport's libcurl client.
@Suite("TLS for kserve serve")
struct TLSServerTests {
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kserve-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test func generatedMaterialIsStoredAndReused() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try ServerTLSMaterial.resolve(.generated(directory: directory), address: "127.0.0.1")
        let authority = try #require(first.certificateAuthorityPEM)
        #expect(String(decoding: authority, as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(String(decoding: first.server.keyPEM, as: UTF8.self).hasPrefix("-----BEGIN PRIVATE KEY-----"))
        for name in ["ca.crt", "ca.key", "server.crt", "server.key"] {
            #expect(FileManager.default.fileExists(atPath: directory + "/" + name), "\(name)")
        }
        #expect(try Self.mode(directory + "/server.key") == 0o600)
        #expect(try Self.mode(directory + "/ca.key") == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/ca.crt")) == Data(authority))

        let second = try ServerTLSMaterial.resolve(.generated(directory: directory), address: "127.0.0.1")
        #expect(second.server == first.server)
        #expect(second.certificateAuthorityPEM == authority)

        // A new address the certificate does not name: a new server certificate from the same CA.
        let moved = try ServerTLSMaterial.resolve(.generated(directory: directory), address: "10.1.2.3")
        #expect(moved.server != first.server)
        #expect(moved.certificateAuthorityPEM == authority)
        let ca = CertificatePair(
            certificatePEM: authority,
            keyPEM: Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/ca.key")))
        )
        let names = SubjectAltName.names(forAddress: "10.1.2.3")
        #expect(CertificateIssuer.isUsableServerCertificate(moved.server, authority: ca, altNames: names))
        #expect(!CertificateIssuer.isUsableServerCertificate(first.server, authority: ca, altNames: names))
        // Signed by another CA: not usable with this one.
        let stranger = try CertificateIssuer.makeAuthority(commonName: "other")
        #expect(!CertificateIssuer.isUsableServerCertificate(moved.server, authority: stranger, altNames: names))
    }

    @Test func damagedStoredMaterialIsReplaced() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try ServerTLSMaterial.resolve(.generated(directory: directory), address: "127.0.0.1")
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: directory + "/ca.crt"))
        let second = try ServerTLSMaterial.resolve(.generated(directory: directory), address: "127.0.0.1")
        #expect(second.certificateAuthorityPEM != first.certificateAuthorityPEM)
        #expect(second.server != first.server)
    }

    @Test func certificateFilesAreCheckedBeforeServing() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let made = try ServerTLSMaterial.resolve(.generated(directory: directory), address: "127.0.0.1")
        let loaded = try ServerTLSMaterial.resolve(
            .files(certificate: directory + "/server.crt", key: directory + "/server.key"),
            address: "127.0.0.1"
        )
        #expect(loaded.server == made.server)
        #expect(loaded.certificateAuthorityPEM == nil)

        let missing = directory + "/nope.crt"
        let notFound = #expect(throws: KServeError.self) {
            try ServerTLSMaterial.resolve(.files(certificate: missing, key: directory + "/server.key"), address: "")
        }
        #expect(notFound?.code == .io)
        #expect(notFound?.message.contains("--tls-cert") == true && notFound?.message.contains(missing) == true)

        let mismatched = #expect(throws: KServeError.self) {
            try ServerTLSMaterial.resolve(
                .files(certificate: directory + "/ca.crt", key: directory + "/server.key"),
                address: ""
            )
        }
        #expect(mismatched?.code == .tls)
        #expect(mismatched?.message.contains("does not belong") == true, "\(mismatched?.message ?? "")")

        let notPEM = #expect(throws: KServeError.self) {
            try ServerTLSMaterial.resolve(
                .files(certificate: directory + "/server.key", key: directory + "/server.key"),
                address: ""
            )
        }
        #expect(notPEM?.code == .tls)
    }

    @Test func servesHTTPSTrustingTheGeneratedCAAndRefusesPlainHTTP() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let repository = ModelRepository(configuration: RepositoryConfiguration())
        defer { repository.shutdown() }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.tls = .generated(directory: directory + "/tls")
        configuration.controlPlane = ControlPlaneConfiguration(
            stateDirectory: directory,
            kubeconfigPath: directory + "/kubeconfig"
        )
        let started = Mutex<(port: Int, shutdown: @Sendable () async -> Void)?>(nil)
        let server = Task {
            try await ModelServer.serve(configuration, repository: repository, signals: []) { port, shutdown in
                started.withLock { $0 = (port, shutdown) }
            }
        }
        var handle: (port: Int, shutdown: @Sendable () async -> Void)?
        for _ in 0..<400 where handle == nil {
            try await Task.sleep(nanoseconds: 25_000_000)
            handle = started.withLock { $0 }
        }
        let ready = try #require(handle)
        let authority = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/tls/ca.crt")))

        var trusting = HTTPClientConfiguration()
        trusting.tls.caData = authority
        let client = try HTTPClient(configuration: trusting)
        for host in ["127.0.0.1", "localhost"] {
            let reply = try await client.send(
                CurlHTTP.HTTPRequest(url: "https://\(host):\(ready.port)/v2/health/live", timeout: 10)
            )
            #expect(reply.status == 200, "\(host): \(reply.bodyText)")
        }

        // The system trust store does not know the generated CA.
        let untrusting = try HTTPClient()
        let unverified = await #expect(throws: KServeError.self) {
            try await untrusting.send(CurlHTTP.HTTPRequest(url: "https://127.0.0.1:\(ready.port)/v2", timeout: 10))
        }
        #expect(unverified?.code == .tls, "\(unverified?.message ?? "")")

        // Plain HTTP to the TLS port fails as a transport error; the server keeps serving HTTPS.
        let plain = await #expect(throws: KServeError.self) {
            try await HTTPClient().send(CurlHTTP.HTTPRequest(url: "http://127.0.0.1:\(ready.port)/v2", timeout: 10))
        }
        #expect(plain?.httpStatus == nil)
        let after = try await client.send(CurlHTTP.HTTPRequest(url: "https://127.0.0.1:\(ready.port)/v2"))
        #expect(after.status == 200)

        // The kubeconfig names the HTTPS URL and carries the CA.
        let kubeconfig = try YAMLParser.parse(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory + "/kubeconfig")), as: UTF8.self)
        )
        let cluster = kubeconfig["clusters"]?[0]?["cluster"]
        #expect(cluster?["server"]?.stringValue == "https://127.0.0.1:\(ready.port)")
        let caData = try #require(cluster?["certificate-authority-data"]?.stringValue)
        #expect(Data(base64Encoded: caData) == Data(authority))

        await ready.shutdown()
        try await server.value
    }
}
