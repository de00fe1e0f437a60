// livecount: counts frames captured live on an interface, for benchmarks (scripts/live-bench.sh).
//   livecount INTERFACE [--seconds S] [--filter BPF] [--buffer-mb M] [--immediate]
// Stops after S seconds (default: never) or on SIGINT/SIGTERM, then prints frames, frames/s and
// libpcap's statistics. Prints a progress line every 10 seconds to standard error.
import Capture
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    let line = "livecount: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func run(_ arguments: [String]) throws(CaptureError) {
    guard let interface = arguments.first, !interface.hasPrefix("-") else {
        fail("usage: livecount INTERFACE [--seconds S] [--filter BPF] [--buffer-mb M] [--immediate]")
    }
    var settings = LiveCapture.Settings(interface: interface)
    var duration = Double.infinity
    var rest = arguments.dropFirst()
    while let option = rest.popFirst() {
        switch option {
        case "--immediate": settings.immediate = true
        case "--seconds", "--filter", "--buffer-mb":
            guard let value = rest.popFirst() else { fail("\(option) needs a value") }
            switch option {
            case "--seconds":
                guard let s = Double(value), s > 0 else { fail("bad --seconds \(value)") }
                duration = s
            case "--filter": settings.filter = value
            default:
                guard let m = Int(value), m > 0, m < 2048 else { fail("bad --buffer-mb \(value)") }
                settings.bufferBytes = m << 20
            }
        default: fail("unknown option \(option)")
        }
    }

    // Signals stay pending (blocked) and are polled between dispatches: no handler, no shared state.
    var stopSignals = sigset_t()
    sigemptyset(&stopSignals)
    sigaddset(&stopSignals, SIGINT)
    sigaddset(&stopSignals, SIGTERM)
    sigprocmask(SIG_BLOCK, &stopSignals, nil)
    func stopRequested() -> Bool {
        var pending = sigset_t()
        sigpending(&pending)
        return sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1
    }

    let capture = try LiveCapture(settings)
    print("capturing on \(interface) (\(capture.linkTypeName)), filter: \(settings.filter ?? "none")")
    var frames = 0
    var bytes = 0
    var firstFrame = 0.0  // when the first frame arrived: the rate is over the traffic, not the wait
    let start = seconds()
    var nextReport = start + 10
    while !stopRequested() {
        let now = seconds()
        if now - start >= duration { break }
        if now >= nextReport {
            let s = try capture.statistics()
            eprint("\(Int(now - start)) s: \(frames) frames, received \(s.received), dropped \(s.dropped)")
            nextReport += 10
        }
        let n = try capture.dispatch(timeoutMilliseconds: 200) { (f: borrowing CapturedFrame) in
            bytes &+= f.bytes.count
        }
        if n > 0 && frames == 0 { firstFrame = seconds() }
        frames &+= n
    }
    let end = seconds()
    let s = try capture.statistics()
    capture.close()
    let active = frames > 0 ? end - firstFrame : 0
    print("frames \(frames)")
    print("bytes \(bytes)")
    print("seconds \(String(format3(end - start))) (since first frame \(format3(active)))")
    print("frames/s \(active > 0 ? Int((Double(frames) / active).rounded()) : 0)")
    print("pcap received \(s.received) dropped \(s.dropped) ifdropped \(s.interfaceDropped)")
}

func format3(_ x: Double) -> String {
    let millis = Int((x * 1000).rounded())
    let frac = String(millis % 1000)
    return "\(millis / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
}

func eprint(_ text: String) {
    let line = text + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

do {
    try run(Array(CommandLine.arguments.dropFirst()))
} catch {
    fail(error.description)
}
