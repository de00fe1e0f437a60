// One measurement per process, so that a peak resident size (`/usr/bin/time -v`, or getrusage here)
// belongs to that measurement alone:
//   ss7bench bare FILE [ITERATIONS]            the bare libpcap read loop (Capture.countFrames)
//   ss7bench decode FILE [ITERATIONS]          DecodeRun.run in summary mode, as `ss7meter decode --summary`
//   ss7bench replay FILE [ITERATIONS] CONFIG   Replay.run (classification, ledger written and fsynced) into
//                                              a new empty ledger directory each iteration, as `ss7meter replay`
// Prints one line: mode, frames, messages (decode and replay), min and median seconds, max RSS in KiB.
import Capture
import DecodeFrontend
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

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var seconds: [Double] = []
var frames = 0, messages = -1
do {
    let configuration = mode == "replay" ? try loadConfiguration(path: args[4]) : nil
    for i in 0..<iterations {
        let ledger = NSTemporaryDirectory() + "ss7bench-ledger-\(getpid())-\(i)"
        let start = now()
        switch mode {
        case "bare":
            frames = try countFrames(path: path)
        case "decode":
            let summary = try DecodeRun.run(paths: [path], options: DecodeOptions(variant: .itu))
            frames = summary.frames
            messages = summary.messages
        default:
            let summary = try Replay.run(configuration: configuration!, ledgerDirectory: ledger, captures: [path])
            frames = summary.frames
            messages = summary.messagesCounted
        }
        seconds.append(now() - start)
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
    "\(mode) frames=\(frames) messages=\(messages) min_s=\(seconds[0]) median_s=\(seconds[seconds.count / 2])"
        + " maxrss_kib=\(usage.ru_maxrss)")
