import Core
import CurlHTTP
import Foundation
import Testing

extension HTTPClientTests {
    /// TLS options that trust the fixture's CA and present its client certificate, all as PEM data.
    func mutualTLS(_ fixture: TLSFixture) throws -> TLSOptions {
        var tls = TLSOptions()
        tls.caData = try fixture.data(fixture.caFile)
        tls.clientCertificateData = try fixture.data(fixture.clientCertificateFile)
        tls.clientKeyData = try fixture.data(fixture.clientKeyFile)
        tls.serverName = TLSFixture.serverName
        return tls
    }

    func makeClient(_ tls: TLSOptions) throws(KServeError) -> HTTPClient {
        var configuration = HTTPClientConfiguration()
        configuration.tls = tls
        configuration.connectTimeout = 5
        return try HTTPClient(configuration: configuration)
    }

    @Test func mutualTLSWithPEMDataAndServerName() throws {
        let fixture = try TLSFixture()
        let peer = try PeerServer(tls: fixture, requireClientCertificate: true)
        defer { peer.stop() }
        let client = try makeClient(try mutualTLS(fixture))
        let response = try client.send(HTTPRequest(method: "POST", url: peer.url("/echo"), body: Array("tls".utf8)))
        #expect(response.status == 200)
        let echo = try EchoReport(response)
        #expect(echo.clientCommonName == TLSFixture.clientCommonName)
        #expect(echo.body == "tls")
        // The connection went to 127.0.0.1 and the Host header still names it.
        #expect(echo.header("Host") == "127.0.0.1:\(peer.port)")

        let again = try EchoReport(try client.send(HTTPRequest(url: peer.url("/echo"))))
        #expect(again.clientPort == echo.clientPort)
    }

    @Test func serverNameKeepsAHostHeaderTheCallerSet() throws {
        let fixture = try TLSFixture()
        let peer = try PeerServer(tls: fixture)
        defer { peer.stop() }
        let response = try makeClient(try mutualTLS(fixture)).send(
            HTTPRequest(url: peer.url("/echo"), headers: HTTPHeaders([("Host", "model.default.example.com")]))
        )
        #expect(try EchoReport(response).header("Host") == "model.default.example.com")
    }

    @Test func mutualTLSWithFiles() throws {
        let fixture = try TLSFixture()
        let peer = try PeerServer(tls: fixture, requireClientCertificate: true)
        defer { peer.stop() }
        var tls = TLSOptions()
        tls.caFile = fixture.caFile
        tls.clientCertificateFile = fixture.clientCertificateFile
        tls.clientKeyFile = fixture.clientKeyFile
        tls.serverName = TLSFixture.serverName
        let echo = try EchoReport(try makeClient(tls).send(HTTPRequest(url: peer.url("/echo"))))
        #expect(echo.clientCommonName == TLSFixture.clientCommonName)
    }

    @Test func certificateForAnotherNameIsATLSError() throws {
        let fixture = try TLSFixture()
        let peer = try PeerServer(tls: fixture)
        defer { peer.stop() }
        var tls = try mutualTLS(fixture)
        tls.serverName = nil
        let client = try makeClient(tls)
        let error = expectError { _ = try client.send(HTTPRequest(url: peer.url("/echo"))) }
        #expect(error?.code == .tls)
        #expect(error?.message.contains(peer.url("/echo")) == true)
    }

    @Test func wrongCAIsATLSError() throws {
        let fixture = try TLSFixture()
        let peer = try PeerServer(tls: fixture)
        defer { peer.stop() }
        var tls = try mutualTLS(fixture)
        tls.caData = try fixture.data(fixture.otherCAFile)
        let client = try makeClient(tls)
        let error = expectError { _ = try client.send(HTTPRequest(url: peer.url("/echo"))) }
        #expect(error?.code == .tls)
    }

    @Test func untrustedServerWithoutCAIsATLSError() throws {
        let fixture = try TLSFixture()
        let peer = try PeerServer(tls: fixture)
        defer { peer.stop() }
        let client = try makeClient(TLSOptions())
        let error = expectError { _ = try client.send(HTTPRequest(url: peer.url("/echo"))) }
        #expect(error?.code == .tls)
    }

    @Test func insecureModeAcceptsAnyCertificate() throws {
        let fixture = try TLSFixture()
        let peer = try PeerServer(tls: fixture)
        defer { peer.stop() }
        var tls = TLSOptions()
        tls.insecureSkipVerify = true
        let response = try makeClient(tls).send(HTTPRequest(url: peer.url("/echo")))
        #expect(response.status == 200)
        #expect(try EchoReport(response).clientCommonName == nil)
    }

    /// Over TLS 1.2 the server refuses inside the handshake. (Over TLS 1.3 it refuses after the handshake, and
    /// the client may see only a broken connection while sending.)
    @Test func missingClientCertificateIsATLSError() throws {
        let fixture = try TLSFixture()
        let peer = try PeerServer(tls: fixture, requireClientCertificate: true, tls12Only: true)
        defer { peer.stop() }
        var tls = TLSOptions()
        tls.caData = try fixture.data(fixture.caFile)
        tls.serverName = TLSFixture.serverName
        let client = try makeClient(tls)
        let error = expectError { _ = try client.send(HTTPRequest(url: peer.url("/echo"))) }
        #expect(error?.code == .tls)
    }

    @Test func badPEMDataFailsUpFront() throws {
        let fixture = try TLSFixture()
        let garbage = Array("-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n".utf8)

        var tls = try mutualTLS(fixture)
        tls.clientCertificateData = garbage
        var error = expectError { _ = try makeClient(tls) }
        #expect(error?.code == .tls)
        #expect(error?.message.hasPrefix("client certificate data is not valid PEM: ") == true)

        tls = try mutualTLS(fixture)
        tls.clientKeyData = Array("no key here".utf8)
        error = expectError { _ = try makeClient(tls) }
        #expect(error?.code == .tls)
        #expect(error?.message.hasPrefix("client key data is not valid PEM: ") == true)

        tls = try mutualTLS(fixture)
        tls.caData = []
        error = expectError { _ = try makeClient(tls) }
        #expect(error?.code == .tls)
        #expect(error?.message == "CA data is empty")

        tls = try mutualTLS(fixture)
        tls.caData = garbage
        error = expectError { _ = try makeClient(tls) }
        #expect(error?.message.hasPrefix("CA data is not valid PEM: ") == true)
    }

    @Test func mismatchedOrIncompleteClientCredentialsFailUpFront() throws {
        let fixture = try TLSFixture()
        var tls = try mutualTLS(fixture)
        tls.clientKeyData = try fixture.data(fixture.serverKeyFile)
        var error = expectError { _ = try makeClient(tls) }
        #expect(error?.code == .tls)
        #expect(error?.message == "client certificate and client key do not belong together")

        tls = try mutualTLS(fixture)
        tls.clientKeyData = nil
        error = expectError { _ = try makeClient(tls) }
        #expect(error?.message == "a client certificate is set without a client key")

        tls = try mutualTLS(fixture)
        tls.clientCertificateData = nil
        error = expectError { _ = try makeClient(tls) }
        #expect(error?.message == "a client key is set without a client certificate")
    }

    @Test func certificateDataCarryingItsKeyIsEnough() throws {
        let fixture = try TLSFixture()
        let peer = try PeerServer(tls: fixture, requireClientCertificate: true)
        defer { peer.stop() }
        var tls = try mutualTLS(fixture)
        tls.clientCertificateData =
            try fixture.data(fixture.clientCertificateFile) + fixture.data(fixture.clientKeyFile)
        tls.clientKeyData = nil
        let echo = try EchoReport(try makeClient(tls).send(HTTPRequest(url: peer.url("/echo"))))
        #expect(echo.clientCommonName == TLSFixture.clientCommonName)
    }

    @Test func unreadableCAFileIsAnIOError() throws {
        var tls = TLSOptions()
        tls.caFile = "/nonexistent/kserve/ca.crt"
        let error = expectError { _ = try makeClient(tls) }
        #expect(error?.code == .io)
        #expect(error?.message.contains("/nonexistent/kserve/ca.crt") == true)
    }
}
