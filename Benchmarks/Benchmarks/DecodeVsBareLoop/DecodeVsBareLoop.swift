// Decode (the path `ss7meter decode --summary` takes) against the bare libpcap read loop, on the same
// generated M3UA capture in the same run. The captures come from scripts/bench.sh, which names their
// folder in SS7BENCH_DIR; without it the suite registers nothing.
import Benchmark
import Capture
import DecodeFrontend
import Foundation
import MeterConfig
import MeterCore
import SS7Decoding

/// Messages per second, from the file's message count (what `decode --summary` counts) and each
/// iteration's wall clock: the bare loop reads the same messages, so the two rates compare directly.
let messagesPerSecond = BenchmarkMetric.custom("messages/s", polarity: .prefersLarger, useScalingFactor: false)
let framesPerSecond = BenchmarkMetric.custom("frames/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    guard let dir = ProcessInfo.processInfo.environment["SS7BENCH_DIR"] else { return }
    let options = DecodeOptions(variant: .itu)
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal, messagesPerSecond, framesPerSecond],
        warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 7)

    for (label, file) in [("1M", "itu-m3ua-1m.pcap"), ("100k", "itu-m3ua-100k.pcap")] {
        let path = dir + "/" + file
        // Counted once, outside the measurements, so each iteration can report rates.
        let counts = try? DecodeRun.run(paths: [path], options: options)

        func report(_ benchmark: Benchmark, _ nanoseconds: UInt64) {
            guard let counts, nanoseconds > 0 else { return }
            benchmark.measurement(messagesPerSecond, Int(Double(counts.messages) * 1e9 / Double(nanoseconds)))
            benchmark.measurement(framesPerSecond, Int(Double(counts.frames) * 1e9 / Double(nanoseconds)))
        }

        Benchmark("libpcap bare loop \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                let start = DispatchTime.now().uptimeNanoseconds
                blackHole(try countFrames(path: path))
                report(benchmark, DispatchTime.now().uptimeNanoseconds - start)
            }
        }
        // As `ss7meter decode` runs (reading and transport layers on a second thread), and on one thread.
        for (name, threads) in [("decode", nil), ("decode 1 thread", 1)] as [(String, Int?)] {
            Benchmark("\(name) \(label)") { benchmark in
                for _ in benchmark.scaledIterations {
                    let start = DispatchTime.now().uptimeNanoseconds
                    blackHole(try DecodeRun.run(paths: [path], options: options, threads: threads))
                    report(benchmark, DispatchTime.now().uptimeNanoseconds - start)
                }
            }
        }
        // Replay: decode, classification and the ledger (written and fsynced), into a new empty ledger
        // directory each iteration (SS7BENCH_CONFIG names the configuration; scripts/bench.sh sets it).
        if let configPath = ProcessInfo.processInfo.environment["SS7BENCH_CONFIG"],
            let configuration = try? loadConfiguration(path: configPath)
        {
            Benchmark("replay \(label)") { benchmark in
                for i in benchmark.scaledIterations {
                    let ledger = NSTemporaryDirectory() + "ss7bench-suite-\(getpid())-\(label)-\(i)"
                    let start = DispatchTime.now().uptimeNanoseconds
                    blackHole(try Replay.run(configuration: configuration, ledgerDirectory: ledger, captures: [path]))
                    report(benchmark, DispatchTime.now().uptimeNanoseconds - start)
                    try? FileManager.default.removeItem(atPath: ledger)
                }
            }
        }
    }
}
