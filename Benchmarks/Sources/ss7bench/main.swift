// One measurement per process, so that a peak resident size (`/usr/bin/time -v`, or getrusage here)
// belongs to that measurement alone:
//   ss7bench bare FILE [ITERATIONS]            the bare libpcap read loop (Capture.countFrames)
//   ss7bench decode FILE [ITERATIONS]          DecodeRun.run in summary mode, as `ss7meter decode --summary`
//   ss7bench replay FILE [ITERATIONS] CONFIG   Replay.run (classification, ledger written and fsynced) into
//                                              a new empty ledger directory each iteration, as `ss7meter replay`
//   ss7bench interleaved FILE ROUNDS CONFIG    bare, decode and replay back to back in each round, in one
//                                              process: each round's ratios compare runs seconds apart, under
//                                              the same load (a shared machine's speed drifts by a quarter
//                                              between minutes); one line per round, then the medians.
//                                              A first round warms the page cache and heap, uncounted
// SS7BENCH_THREADS=1 decodes on one thread (DecodePipeline's `threads`; default: two, as the CLI does).
// Prints one line: mode, threads, frames, messages (decode and replay), min and median wall-clock
// seconds, the CPU seconds (user and system, all threads) of the fastest iteration and of its decoding
// thread alone (main_cpu_s: the caller's thread, where the SS7 layers and the sink run; the rest of cpu_s
// is the reading thread's), max RSS in KiB.
import Capture
import DecodeFrontend
import DecodePipeline
import Foundation
import MeterConfig
import MeterCore
import SS7Decoding
#if canImport(Glibc)
import Glibc
#endif

let args = CommandLine.arguments
if args.count == 5, args[1] == "interleaved", let rounds = Int(args[3]), rounds > 0 {
    interleaved(path: args[2], rounds: rounds, configPath: args[4])
    exit(0)
}
let modes: Set<String> = ["bare", "decode", "replay"]
guard args.count >= 3, args.count <= 5, modes.contains(args[1]),
    let iterations = args.count >= 4 ? Int(args[3]) : 1, iterations > 0,
    args[1] != "replay" || args.count == 5
else {
    print("usage: ss7bench bare|decode FILE [ITERATIONS] | ss7bench replay FILE ITERATIONS CONFIG")
    exit(2)
}
let mode = args[1], path = args[2]

let threads = ProcessInfo.processInfo.environment["SS7BENCH_THREADS"].flatMap { Int($0) }

/// CPU seconds (user and system) of the whole process, or with `thread`, of the calling thread alone:
/// the decoding thread, since `DecodePipeline` runs the sink on its caller's (the rest is the reading thread).
func cpuSeconds(thread: Bool = false) -> Double {
    var usage = rusage()
    getrusage(thread ? 1 : RUSAGE_SELF.rawValue, &usage)  // 1: RUSAGE_THREAD (Linux), not imported
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var seconds: [Double] = []
var fastestCPU = 0.0
var fastestMainThreadCPU = 0.0
var frames = 0, messages = -1
do {
    let configuration = mode == "replay" ? try loadConfiguration(path: args[4]) : nil
    for i in 0..<iterations {
        let ledger = NSTemporaryDirectory() + "ss7bench-ledger-\(getpid())-\(i)"
        let start = now(), startCPU = cpuSeconds(), startThreadCPU = cpuSeconds(thread: true)
        switch mode {
        case "bare":
            frames = try countFrames(path: path)
        case "decode":
            let summary = try DecodeRun.run(paths: [path], options: DecodeOptions(variant: .itu), threads: threads)
            frames = summary.frames
            messages = summary.messages
        default:
            let summary = try Replay.run(
                configuration: configuration!, ledgerDirectory: ledger, captures: [path], decodeThreads: threads)
            frames = summary.frames
            messages = summary.messagesCounted
        }
        let elapsed = now() - start
        if seconds.allSatisfy({ elapsed < $0 }) {
            fastestMainThreadCPU = cpuSeconds(thread: true) - startThreadCPU
            fastestCPU = cpuSeconds() - startCPU
        }
        seconds.append(elapsed)
        try? FileManager.default.removeItem(atPath: ledger)
    }
} catch {
    print("ss7bench: \(error)")
    exit(1)
}
seconds.sort()
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
print(
    "\(mode) threads=\(mode == "bare" ? 1 : threads ?? DecodePipeline(options: DecodeOptions()).threads) frames=\(frames) messages=\(messages) min_s=\(seconds[0])"
        + " median_s=\(seconds[seconds.count / 2]) cpu_s=\(fastestCPU) main_cpu_s=\(fastestMainThreadCPU) maxrss_kib=\(usage.ru_maxrss)")

/// `ss7bench interleaved`: per round, the bare loop, decode and replay, each once, then their ratios.
func interleaved(path: String, rounds: Int, configPath: String) {
    func timed(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }
    var decodeRatios: [Double] = [], replayRatios: [Double] = []
    var bareTimes: [Double] = [], decodeTimes: [Double] = [], replayTimes: [Double] = []
    do {
        let configuration = try loadConfiguration(path: configPath)
        let options = DecodeOptions(variant: .itu)
        for round in 0...rounds {
            let ledger = NSTemporaryDirectory() + "ss7bench-interleaved-\(getpid())-\(round)"
            let bare = try timed { _ = try countFrames(path: path) }
            let decode = try timed { _ = try DecodeRun.run(paths: [path], options: options) }
            let replay = try timed {
                _ = try Replay.run(configuration: configuration, ledgerDirectory: ledger, captures: [path])
            }
            try? FileManager.default.removeItem(atPath: ledger)
            guard round > 0 else { continue }
            bareTimes.append(bare)
            decodeTimes.append(decode)
            replayTimes.append(replay)
            decodeRatios.append(bare / decode)
            replayRatios.append(bare / replay)
            print("round=\(round) bare_s=\(bare) decode_s=\(decode) replay_s=\(replay) decode_pct=\(percent(bare / decode)) replay_pct=\(percent(bare / replay))")
        }
    } catch {
        print("ss7bench: \(error)")
        exit(1)
    }
    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    print("rounds=\(rounds) median_decode_pct=\(percent(median(decodeRatios))) median_replay_pct=\(percent(median(replayRatios)))"
        + " decode_pct_range=\(percent(decodeRatios.min()!))-\(percent(decodeRatios.max()!))"
        + " replay_pct_range=\(percent(replayRatios.min()!))-\(percent(replayRatios.max()!))"
        + " fastest_decode_pct=\(percent(bareTimes.min()! / decodeTimes.min()!)) fastest_replay_pct=\(percent(bareTimes.min()! / replayTimes.min()!))")
}

func percent(_ ratio: Double) -> String { String(format: "%.1f", 100 * ratio) }
