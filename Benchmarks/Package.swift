// swift-tools-version: 6.1
import PackageDescription

// A separate package so that the root package's `swift build`/`swift test` never builds the benchmark
// machinery. Run it through scripts/bench.sh, which generates the captures it reads.
let package = Package(
    name: "SS7MeterBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ss7meter", path: ".."),
        // The default trait pulls a package the local mirror does not have; MallocInterposer gives the
        // malloc counts. ARC metrics crash on Swift 6.3 and are not used.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // ordo-one/benchmark suite: `swift package --package-path Benchmarks benchmark`.
        .executableTarget(
            name: "DecodeVsBareLoop",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SS7MeterKit", package: "ss7meter"),
            ],
            path: "Benchmarks/DecodeVsBareLoop",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        // One measurement per process (for `/usr/bin/time -v` and a plain timing loop).
        .executableTarget(
            name: "ss7bench",
            dependencies: [.product(name: "SS7MeterKit", package: "ss7meter")]),
    ]
)
