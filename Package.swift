// swift-tools-version: 6.1
import PackageDescription

// Module boundaries follow ../shared/STYLE.md: decoding is pure and imports nothing but ByteParsing;
// only Capture touches libpcap; TariffPolicy is pure policy over decoded values; Ledger knows nothing
// of SS7; MeterCore is where the pieces meet; the generator (TrafficSynth) is an independent encoder
// that shares no code with the decoder, so that tests comparing the two prove something; the
// executables only parse arguments and delegate.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Lets callers specialise generic decoding (FrameDecoder.decode(into: &sink)) for their concrete
    // sink across module boundaries; without it every sink call goes through a witness table.
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

let package = Package(
    name: "ss7meter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ss7meter", targets: ["ss7meter"]),
        .executable(name: "ss7gen", targets: ["ss7gen"]),
        .library(name: "SS7MeterKit", targets: ["DecodeFrontend", "DecodePipeline", "Capture", "SS7Decoding", "TrafficSynth", "MeterCore", "MeterConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "ByteParsing", swiftSettings: strictSettings),
        .target(name: "UTCTime", swiftSettings: strictSettings),
        .target(name: "SS7Decoding", dependencies: ["ByteParsing"], swiftSettings: strictSettings),
        .systemLibrary(
            name: "CPcap", path: "Sources/CPcap", pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]),
        .target(name: "Capture", dependencies: ["CPcap"], swiftSettings: strictSettings),
        .target(name: "DecodePipeline", dependencies: ["SS7Decoding", "Capture"], swiftSettings: strictSettings),
        .target(
            name: "DecodeFrontend", dependencies: ["SS7Decoding", "ByteParsing", "Capture", "DecodePipeline", "UTCTime"],
            swiftSettings: strictSettings),
        .target(name: "TrafficSynth", swiftSettings: strictSettings),
        .target(name: "TariffPolicy", dependencies: ["SS7Decoding", "ByteParsing"], swiftSettings: strictSettings),
        .target(
            name: "MeterConfig",
            dependencies: ["TariffPolicy", "SS7Decoding", "ByteParsing", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strictSettings),
        .target(
            name: "Ledger", dependencies: ["UTCTime", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings),
        .target(
            name: "MeterCore",
            dependencies: [
                "SS7Decoding", "ByteParsing", "Capture", "DecodePipeline", "TariffPolicy", "MeterConfig", "Ledger",
                "UTCTime",
            ],
            swiftSettings: strictSettings),
        .target(
            name: "MeterDaemon",
            dependencies: [
                "MeterCore", "MeterConfig", "Ledger", "Capture", "SS7Decoding", "TariffPolicy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "ss7meter",
            dependencies: [
                "DecodeFrontend", "MeterCore", "MeterConfig", "Ledger", "SS7Decoding", "MeterDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "ss7gen",
            dependencies: ["TrafficSynth", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings),
        .executableTarget(name: "livecount", dependencies: ["Capture"], swiftSettings: strictSettings),
        .executableTarget(name: "FuzzFrameDecoder", dependencies: ["SS7Decoding", "ByteParsing"], swiftSettings: strictSettings),
        // Test helpers shared by test targets (a plain target: test targets cannot import each other).
        .target(
            name: "DecodeSinkTestSupport", dependencies: ["SS7Decoding", "ByteParsing"],
            path: "Tests/DecodeSinkTestSupport", swiftSettings: strictSettings),
        .testTarget(name: "ByteParsingTests", dependencies: ["ByteParsing"], swiftSettings: strictSettings),
        .testTarget(name: "UTCTimeTests", dependencies: ["UTCTime"], swiftSettings: strictSettings),
        .testTarget(
            name: "SS7DecodingTests", dependencies: ["SS7Decoding", "ByteParsing", "DecodeSinkTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(name: "CaptureTests", dependencies: ["Capture"], swiftSettings: strictSettings),
        .testTarget(
            name: "DecodePipelineTests",
            dependencies: ["DecodePipeline", "SS7Decoding", "ByteParsing", "Capture", "DecodeSinkTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "DecodeFrontendTests",
            dependencies: [
                "DecodeFrontend", "DecodePipeline", "DecodeSinkTestSupport", "ByteParsing", "TrafficSynth", "Capture",
            ],
            swiftSettings: strictSettings),
        .testTarget(name: "TrafficSynthTests", dependencies: ["TrafficSynth"], swiftSettings: strictSettings),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger"], swiftSettings: strictSettings),
        .testTarget(
            name: "TariffPolicyTests", dependencies: ["TariffPolicy", "SS7Decoding", "ByteParsing"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "MeterConfigTests", dependencies: ["MeterConfig", "TariffPolicy", "SS7Decoding", "ByteParsing"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "MeterCoreTests",
            dependencies: [
                "MeterCore", "MeterConfig", "Ledger", "TariffPolicy", "SS7Decoding", "TrafficSynth", "DecodePipeline",
                "ByteParsing", "Capture", "DecodeSinkTestSupport",
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "MeterDaemonTests",
            dependencies: ["MeterDaemon", "MeterCore", "MeterConfig", "Ledger", "Capture", "SS7Decoding", "TariffPolicy", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings),
    ]
)
