// One measurement per process, so that a peak resident size (`/usr/bin/time -v`, or getrusage here)
// belongs to that measurement alone:
//   ss7bench bare FILE [ITERATIONS]            the bare libpcap read loop (Capture.countFrames)
//   ss7bench decode FILE [ITERATIONS]          DecodeRun.run in summary mode, as `ss7meter decode --summary`
//   ss7bench replay FILE [ITERATIONS] CONFIG   Replay.run (classification, ledger written and fsynced) into
//                                              a new empty ledger directory each iteration, as `ss7meter replay`
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
