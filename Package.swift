// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "kserve",
    products: [
        .executable(name: "kserve", targets: ["kserve"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // MARK: - C system libraries (static inline shims for variadic and macro-only APIs)
        // libcurl and libcrypto are opened at run time on first use (see their shim.h): only their headers are
        // needed at build time, and `kserve --help` does not pay for loading them.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),

        // MARK: - Layers (imports point down only)
        .target(
            name: "Transport",
            dependencies: ["CCurl", "CYAML", "COpenSSL"],
            swiftSettings: strictSettings,
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(name: "Resources", dependencies: ["Transport"], swiftSettings: strictSettings),
        .target(name: "Inference", dependencies: ["Transport"], swiftSettings: strictSettings),
        .target(name: "Trees", dependencies: ["Transport"], swiftSettings: strictSettings),
        .target(name: "Kube", dependencies: ["Transport", "Resources"], swiftSettings: strictSettings),
        .target(
            name: "Bench",
            dependencies: [
                "Transport", "Inference",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Runtime",
            dependencies: ["Transport", "Inference", "Trees"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Transport", "Resources", "Inference", "Runtime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KServeCLI",
            dependencies: ["Transport", "Resources", "Kube", "Inference", "Bench", "Runtime", "Server"],
            swiftSettings: strictSettings,
            plugins: ["BuildInfoPlugin"]
        ),
        .executableTarget(name: "kserve", dependencies: ["KServeCLI"], swiftSettings: strictSettings),

        // MARK: - Benchmarks (bench/*.sh run them beside the peers)
        .executableTarget(
            name: "trees-bench",
            dependencies: ["Trees", "Transport"],
            path: "bench/TreesBenchmark",
            swiftSettings: strictSettings
        ),

        // MARK: - Build tooling
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),

        // MARK: - Tests
        // Starting and recording the Python peers that more than one test target talks to.
        .target(name: "PeerSupport", path: "Tests/PeerSupport", swiftSettings: strictSettings),
        .testTarget(
            name: "TransportTests",
            dependencies: ["Transport", "PeerSupport"],
            exclude: ["Support/http_peer.py"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ResourcesTests", dependencies: ["Resources"], swiftSettings: strictSettings),
        .testTarget(name: "InferenceTests", dependencies: ["Inference"], swiftSettings: strictSettings),
        .testTarget(
            name: "KubeTests",
            dependencies: ["Kube", "Transport", "Resources", "PeerSupport"],
            exclude: ["Peers"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BenchTests",
            dependencies: ["Bench", "Transport", "Inference"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TreesTests",
            dependencies: ["Trees", "Transport"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RuntimeTests",
            dependencies: ["Runtime", "Trees", "Inference"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Runtime", "Resources", "Inference", "Transport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KServeCLITests",
            dependencies: ["KServeCLI"],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["kserve", "Transport"],
            exclude: ["Peers"],
            swiftSettings: strictSettings
        ),
    ]
)
