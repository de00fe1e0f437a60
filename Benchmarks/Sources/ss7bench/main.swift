// One measurement per process, so that a peak resident size (`/usr/bin/time -v`, or getrusage here)
// belongs to that measurement alone:
//   ss7bench bare FILE [ITERATIONS]     the bare libpcap read loop (Capture.countFrames)
//   ss7bench decode FILE [ITERATIONS]   DecodeRun.run in summary mode, as `ss7meter decode --summary`
// Prints one line: mode, frames, messages (decode only), min and median seconds, max RSS in KiB.
import Capture
import DecodeFrontend
import SS7Decoding
#if canImport(Glibc)
import Glibc
#endif

let args = CommandLine.arguments
guard args.count == 3 || args.count == 4, args[1] == "bare" || args[1] == "decode",
    let iterations = args.count == 4 ? Int(args[3]) : 1, iterations > 0
else {
    print("usage: ss7bench bare|decode FILE [ITERATIONS]")
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
    for _ in 0..<iterations {
        let start = now()
        if mode == "bare" {
            frames = try countFrames(path: path)
        } else {
            let summary = try DecodeRun.run(paths: [path], options: DecodeOptions(variant: .itu))
            frames = summary.frames
            messages = summary.messages
        }
        seconds.append(now() - start)
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
