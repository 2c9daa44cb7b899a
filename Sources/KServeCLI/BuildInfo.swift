import Transport

/// What `kserve version` reports: the release, the git commit and compiler recorded at build time, and libcurl.
public enum BuildInfo {
    public static let version = "0.1.0"
    public static var commit: String { GeneratedBuildInfo.commit }
    public static var swiftVersion: String { GeneratedBuildInfo.compiler }
    public static var libcurlVersion: String { HTTPClient.libcurlVersion }
}
