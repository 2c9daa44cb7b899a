import Core
import CurlHTTP

/// What `kserve version` reports: the release, the git commit and compiler recorded at build time, and libcurl.
package enum BuildInfo {
    package static let version = "0.1.0"
    package static var commit: String { GeneratedBuildInfo.commit }
    package static var swiftVersion: String { GeneratedBuildInfo.compiler }
    package static var libcurlVersion: String { HTTPClient.libcurlVersion }
}
