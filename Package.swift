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
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        // MARK: - C system libraries (static inline shims for variadic and macro-only APIs)
        // libcurl and libcrypto are opened at run time on first use (see their shim.h): only their headers are
        // needed at build time, and `kserve --help` does not pay for loading them.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        // OpenBLAS, opened at run time on first use (see its shim.h); nothing of it is needed at build time.
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),

        // MARK: - Layers (imports point down only; see docs/architecture.md)
        .target(
            name: "Core",
            dependencies: ["CYAML"],
            swiftSettings: strictSettings,
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(name: "CurlHTTP", dependencies: ["Core", "CCurl", "COpenSSL"], swiftSettings: strictSettings),
        .target(name: "Resources", dependencies: ["Core"], swiftSettings: strictSettings),
        .target(name: "Inference", dependencies: ["Core", "CurlHTTP"], swiftSettings: strictSettings),
        .target(name: "Trees", dependencies: ["Core"], swiftSettings: strictSettings),
        .target(name: "Compute", dependencies: ["Core", "CBLAS"], swiftSettings: strictSettings),
        .target(
            name: "ONNX",
            dependencies: ["Core", "Compute", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Proto/onnx-subset.proto", "Proto/README.md"],
            swiftSettings: strictSettings
        ),
        .target(name: "Kube", dependencies: ["Core", "CurlHTTP", "Resources"], swiftSettings: strictSettings),
        .target(
            name: "Bench",
            dependencies: [
                "Core", "CurlHTTP", "Inference",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Runtime",
            dependencies: ["Core", "Inference", "Trees", "Compute", "ONNX"],
            swiftSettings: strictSettings
        ),
        // What the two HTTP APIs of `kserve serve` (the data plane and the control plane) share.
        .target(
            name: "HTTPServing",
            dependencies: [
                "Core",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ControlPlane",
            dependencies: [
                "Core", "Resources", "HTTPServing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Reconciler",
            dependencies: [
                "Core", "CurlHTTP", "Resources", "Inference", "Runtime", "ControlPlane",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "Core", "COpenSSL", "Resources", "Inference", "Runtime", "HTTPServing", "ControlPlane", "Reconciler",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KServeCLI",
            dependencies: [
                "Core", "CurlHTTP", "Resources", "Kube", "Inference", "Bench", "Runtime", "ControlPlane", "Server",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings,
            plugins: ["BuildInfoPlugin"]
        ),
        .executableTarget(
            name: "kserve",
            dependencies: ["KServeCLI", "Compute", "Core"],
            swiftSettings: strictSettings
        ),

        // MARK: - Benchmarks (bench/*.sh run them beside the peers)
        .executableTarget(
            name: "trees-bench",
            dependencies: ["Trees", "Core"],
            path: "bench/TreesBenchmark",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "onnx-bench",
            dependencies: ["ONNX", "Compute", "Core"],
            path: "bench/ONNXBenchmark",
            swiftSettings: strictSettings
        ),

        // MARK: - ONNX conformance (the backend node tests; Tests/ONNXTests runs them, and so does this tool)
        .target(
            name: "ONNXConformance",
            dependencies: ["ONNX", "Compute", "Core"],
            path: "Tests/ONNXConformance",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "onnx-node-tests",
            dependencies: ["ONNXConformance", "ONNX", "Core"],
            path: "Tests/ONNXNodeTests",
            swiftSettings: strictSettings
        ),

        // MARK: - Build tooling
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),

        // MARK: - Tests
        // Starting and recording the Python peers that more than one test target talks to.
        .target(name: "PeerSupport", path: "Tests/PeerSupport", swiftSettings: strictSettings),
        // The reconciler harness, temporary directories and HTTP replies the control-plane, reconciler and server tests share.
        .target(
            name: "ServingTestSupport",
            dependencies: [
                "Core", "Resources", "Runtime", "ControlPlane", "Reconciler",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ServingTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CoreTests", dependencies: ["Core"], swiftSettings: strictSettings),
        .testTarget(
            name: "CurlHTTPTests",
            dependencies: ["CurlHTTP", "Core", "PeerSupport"],
            exclude: ["Support/http_peer.py"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ResourcesTests", dependencies: ["Resources", "Core"], swiftSettings: strictSettings),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "Core"], swiftSettings: strictSettings),
        .testTarget(
            name: "KubeTests",
            dependencies: ["Kube", "Core", "CurlHTTP", "Resources", "PeerSupport"],
            exclude: ["Peers"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Core"], swiftSettings: strictSettings),
        .testTarget(
            name: "TreesTests",
            dependencies: ["Trees", "Core"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "ComputeTests", dependencies: ["Compute", "Core"], swiftSettings: strictSettings),
        .testTarget(
            name: "ONNXTests",
            dependencies: [
                "ONNX", "ONNXConformance", "Compute", "Core",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RuntimeTests",
            dependencies: ["Runtime", "Trees", "Inference", "Core"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ControlPlaneTests",
            dependencies: [
                "ControlPlane", "Resources", "Core", "ServingTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReconcilerTests",
            dependencies: ["Reconciler", "ControlPlane", "Runtime", "Resources", "Core", "ServingTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Reconciler", "ControlPlane", "Runtime", "Resources", "Inference", "Trees", "Core",
                "CurlHTTP",
                "ServingTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KServeCLITests",
            dependencies: ["KServeCLI", "Core", "Inference", .product(name: "Logging", package: "swift-log")],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["kserve", "Core", "CurlHTTP"],
            exclude: ["Peers", "Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
