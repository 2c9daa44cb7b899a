import ControlPlane
import Core
import Testing

@testable import Reconciler

@Suite struct ModelDownloaderTests {
    @Test func theFileKeepsTheURIsLastPathSegment() throws {
        #expect(try ModelDownloader.fileName("https://host/models/iris/model.json") == "model.json")
        #expect(try ModelDownloader.fileName("http://host:8080/a/model%20v2.txt?sig=abc#x") == "model v2.txt")
        #expect(try ModelDownloader.fileName("https://host") == "model")
        #expect(try ModelDownloader.fileName("https://host/models/") == "model")
    }

    @Test func aSegmentThatIsNoFileNameIsRefused() {
        for uri in ["https://host/a/..", "https://host/a/%2e%2e", "https://host/a/x%2Fy", "https://host/.hidden"] {
            #expect(throws: KServeError.self, "\(uri)") { try ModelDownloader.fileName(uri) }
        }
    }

    @Test func eachURIGetsItsOwnStableDirectory() throws {
        let downloader = try ModelDownloader(directory: "/state/downloads")
        let first = try downloader.path(for: "https://host/a/model.json")
        #expect(first == (try downloader.path(for: "https://host/a/model.json")))
        #expect(first != (try downloader.path(for: "https://host/b/model.json")))
        #expect(first.hasPrefix("/state/downloads/") && first.hasSuffix("/model.json"))
        #expect(ModelDownloader.digest("").count == 16)
    }

    @Test func onlyHTTPAndHTTPSAreDownloaded() {
        #expect(ModelDownloader.handles("https://host/m"))
        #expect(ModelDownloader.handles("HTTP://host/m"))
        #expect(!ModelDownloader.handles("gs://bucket/m"))
        #expect(!ModelDownloader.handles("/models/iris"))
    }
}
