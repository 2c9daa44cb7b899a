import Core
import Foundation
import Testing

/// Help and version from the built binary.
@Suite("kserve help and version")
struct CommandLineIntegrationTests {
    @Test func helpGoesToStdoutAndExitsZero() throws {
        for arguments in [["--help"], ["-h"], ["help"], []] {
            let result = try ProcessRunner.kserve(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout.contains("predict"), "\(arguments)")
            #expect(result.stderr.isEmpty, "\(arguments)")
        }
        let predict = try ProcessRunner.kserve(["predict", "--help"])
        #expect(predict.status == 0)
        #expect(predict.stdout.contains("--binary"))
        #expect(try ProcessRunner.kserve(["help", "predict"]).stdout == predict.stdout)
    }

    @Test func versionNamesLibcurlAndSwift() throws {
        let result = try ProcessRunner.kserve(["version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("kserve "))
        #expect(result.stdout.contains("libcurl/"))
        #expect(result.stdout.contains("swift:   6."))
        #expect(try ProcessRunner.kserve(["--version"]).stdout == result.stdout)

        let json = try JSONParser.parse(try ProcessRunner.kserve(["version", "-o", "json"]).stdout)
        #expect(json["version"]?.stringValue?.isEmpty == false)
        #expect(json["commit"]?.stringValue?.isEmpty == false)
    }
}
