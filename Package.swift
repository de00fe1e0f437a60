// swift-tools-version: 6.1
import PackageDescription

// Module boundaries follow ../shared/STYLE.md: decoding is pure and imports nothing but ByteParsing;
// only Capture touches libpcap; the generator (TrafficSynth) is an independent encoder that shares
// no code with the decoder, so that tests comparing the two prove something; the executables only
// parse arguments and delegate.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ss7meter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ss7meter", targets: ["ss7meter"]),
        .executable(name: "ss7gen", targets: ["ss7gen"]),
        .library(name: "SS7MeterKit", targets: ["DecodeFrontend", "Capture", "SS7Decoding", "TrafficSynth"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "ByteParsing", swiftSettings: strictSettings),
        .target(name: "SS7Decoding", dependencies: ["ByteParsing"], swiftSettings: strictSettings),
        .systemLibrary(
            name: "CPcap", path: "Sources/CPcap", pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]),
        .target(name: "Capture", dependencies: ["CPcap"], swiftSettings: strictSettings),
        .target(
            name: "DecodeFrontend", dependencies: ["SS7Decoding", "ByteParsing", "Capture"],
            swiftSettings: strictSettings),
        .target(name: "TrafficSynth", swiftSettings: strictSettings),
        .executableTarget(
            name: "ss7meter",
            dependencies: ["DecodeFrontend", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "ss7gen",
            dependencies: ["TrafficSynth", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings),
        .testTarget(name: "ByteParsingTests", dependencies: ["ByteParsing"], swiftSettings: strictSettings),
        .testTarget(
            name: "SS7DecodingTests", dependencies: ["SS7Decoding", "ByteParsing"], swiftSettings: strictSettings),
        .testTarget(name: "CaptureTests", dependencies: ["Capture"], swiftSettings: strictSettings),
        .testTarget(
            name: "DecodeFrontendTests", dependencies: ["DecodeFrontend", "TrafficSynth"],
            swiftSettings: strictSettings),
        .testTarget(name: "TrafficSynthTests", dependencies: ["TrafficSynth"], swiftSettings: strictSettings),
    ]
)
