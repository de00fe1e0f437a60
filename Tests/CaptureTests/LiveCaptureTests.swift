import Capture
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Live capture needs root or CAP_NET_RAW; CI runs as root. Elsewhere these tests are skipped, and
/// Swift Testing prints this reason.
let isRoot = geteuid() == 0
let needsRoot = "live capture needs root (CAP_NET_RAW); not running as root"

/// A UDP socket bound to 127.0.0.1 on a port the system picks: a port no other test or process uses,
/// so a filter on it sees only this test's datagrams.
final class LoopbackUDP {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        if !bound { close(fd) }
        try #require(bound)
        self.fd = fd
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(fd) }

    /// Sends `payload` to this socket's own address.
    func sendToSelf(_ payload: [UInt8]) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == payload.count
            }
        }
    }
}

func monotonic() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

@Suite struct LiveCaptureTests {
    /// N datagrams sent on `lo` in one burst are each captured exactly once, in order of time, as
    /// Ethernet frames (Linux's `lo` is DLT_EN10MB, 1), with nothing dropped.
    ///
    /// Both ring kinds: immediate mode gets fixed slots of snap length + headers (libpcap sizes them
    /// from the MTU, or 64 KiB when the interface offloads, as `lo` does: 64 MiB is then 512 slots, too
    /// few for the burst, hence the smaller snap length); without it, frames are packed in blocks.
    @Test(.enabled(if: isRoot, Comment(rawValue: needsRoot)), arguments: [(true, 2048), (false, 65535)])
    func capturesLoopbackDatagrams(immediate: Bool, snapLength: Int) throws {
        let socket = try LoopbackUDP()
        var settings = LiveCapture.Settings(interface: "lo")
        settings.filter = "udp dst port \(socket.port)"
        settings.immediate = immediate
        settings.snapLength = snapLength
        let capture = try LiveCapture(settings, sourceIndex: 3)
        defer { capture.close() }
        #expect(capture.linkType == 1)
        #expect(capture.linkTypeName == "EN10MB")

        // Payload: a tag unique to this run, then the sequence number as 4 octets (big-endian).
        let tag = Array("ss7meter-live-\(UUID().uuidString)-".utf8)
        let count = 1000
        func payload(_ i: Int) -> [UInt8] { tag + withUnsafeBytes(of: UInt32(i).bigEndian, Array.init) }
        for i in 0..<count { #expect(socket.sendToSelf(payload(i))) }

        var seen = [Int](repeating: 0, count: count)
        var frames = 0, strangers = 0
        var lastTime: (Int64, Int32) = (0, 0)
        var decreasing = 0, wrongSource = 0, wrongLink = 0, badNanoseconds = 0
        let deadline = monotonic() + 10
        while seen.contains(0) && monotonic() < deadline {
            frames += try capture.dispatch(timeoutMilliseconds: 200) { (f: borrowing CapturedFrame) in
                let time = (f.seconds, f.nanoseconds), originalLength = f.originalLength
                if time < lastTime { decreasing += 1 }
                lastTime = time
                if f.sourceIndex != 3 { wrongSource += 1 }
                if f.linkType != 1 { wrongLink += 1 }
                if !(0..<1_000_000_000).contains(time.1) { badNanoseconds += 1 }
                // Ethernet (14) + IPv4 without options (20) + UDP (8) headers, then the payload.
                let bytes = Array(f.bytes)
                guard bytes.count == 42 + tag.count + 4, originalLength == bytes.count,
                    Array(bytes[42..<(42 + tag.count)]) == tag
                else {
                    strangers += 1
                    return
                }
                let i = bytes[(42 + tag.count)...].reduce(0) { $0 << 8 | Int($1) }
                if i < count { seen[i] += 1 } else { strangers += 1 }
            }
        }
        #expect(seen.allSatisfy { $0 == 1 }, "payloads not seen exactly once: \(seen.enumerated().filter { $0.1 != 1 }.prefix(10))")
        #expect(frames == count)
        #expect(strangers == 0)
        #expect(decreasing == 0)
        #expect(wrongSource == 0)
        #expect(wrongLink == 0)
        #expect(badNanoseconds == 0)
        // The frames were sent within the last minute.
        #expect(abs(Double(lastTime.0) - Date().timeIntervalSince1970) < 60)

        let stats = try capture.statistics()
        #expect(stats.dropped == 0)
        // On lo the kernel counts each packet going out and coming in; libpcap delivers it once.
        #expect(stats.received >= UInt64(count))
        #expect(try capture.statistics().received >= stats.received)  // monotonic
    }

    /// `dispatch` delivers at most `maxFrames` and leaves the rest for the next call.
    @Test(.enabled(if: isRoot, Comment(rawValue: needsRoot)))
    func maxFramesBoundsOneDispatch() throws {
        let socket = try LoopbackUDP()
        var settings = LiveCapture.Settings(interface: "lo")
        settings.filter = "udp dst port \(socket.port)"
        let capture = try LiveCapture(settings)
        for i in 0..<10 { #expect(socket.sendToSelf([UInt8(i)])) }
        usleep(100_000)
        var lastOctets: [UInt8] = []
        let first = try capture.dispatch(timeoutMilliseconds: 1000, maxFrames: 3) { (f: borrowing CapturedFrame) in
            lastOctets.append(f.bytes[f.bytes.count - 1])
        }
        #expect(first == 3)
        var total = first
        let deadline = monotonic() + 5
        while total < 10 && monotonic() < deadline {
            total += try capture.dispatch(timeoutMilliseconds: 200, maxFrames: 4) { (f: borrowing CapturedFrame) in
                lastOctets.append(f.bytes[f.bytes.count - 1])
            }
        }
        #expect(total == 10)
        #expect(lastOctets == Array(0..<10))
        // Quiet now: the next call times out with nothing.
        #expect(try capture.dispatch(timeoutMilliseconds: 50) { _ in } == 0)
    }

    /// With no traffic, `dispatch` returns 0 after about its timeout: it does not block (a blocking
    /// libpcap read on an idle interface never returns). A loose bound: this is not a speed test.
    @Test(.enabled(if: isRoot, Comment(rawValue: needsRoot)))
    func idleDispatchReturnsAfterTimeout() throws {
        let socket = try LoopbackUDP()  // holds the port so that nothing else sends to it
        var settings = LiveCapture.Settings(interface: "lo")
        settings.filter = "udp dst port \(socket.port)"
        let capture = try LiveCapture(settings)
        let start = monotonic()
        let n = try capture.dispatch(timeoutMilliseconds: 200) { _ in }
        let elapsed = monotonic() - start
        #expect(n == 0)
        #expect(elapsed >= 0.15, "returned before the timeout: \(elapsed) s")
        #expect(elapsed < 2, "took \(elapsed) s for a 200 ms timeout")

        // A zero timeout only looks.
        let start0 = monotonic()
        #expect(try capture.dispatch(timeoutMilliseconds: 0) { _ in } == 0)
        #expect(monotonic() - start0 < 1)
    }

    /// After `close` (idempotent), the capture refuses to work instead of touching a freed handle.
    @Test(.enabled(if: isRoot, Comment(rawValue: needsRoot)))
    func closedCaptureThrows() throws {
        let capture = try LiveCapture(LiveCapture.Settings(interface: "lo"))
        capture.close()
        capture.close()
        let error = captureError { _ = try capture.dispatch(timeoutMilliseconds: 10) { _ in } }
        #expect(error?.kind == .read && error?.source == "lo")
        #expect(captureError { _ = try capture.statistics() }?.kind == .read)
    }

    /// An interface that does not exist: an open error naming it (root or not; unprivileged, libpcap
    /// may report the missing permission first).
    @Test func missingInterfaceIsNamed() {
        let name = "nosuchif\(getpid() % 10000)"
        let error = captureError { _ = try LiveCapture(LiveCapture.Settings(interface: name)) }
        #expect(error?.kind == .open)
        #expect(error?.source == name)
        #expect(error?.description.contains(name) == true)
        if isRoot { #expect(error?.message.contains("No such device") == true, "\(String(describing: error))") }
    }

    /// A filter that does not compile: an open error naming the interface and quoting the filter.
    @Test(.enabled(if: isRoot, Comment(rawValue: needsRoot)))
    func badFilterIsNamed() {
        var settings = LiveCapture.Settings(interface: "lo")
        settings.filter = "udp prot 9"
        let error = captureError { _ = try LiveCapture(settings) }
        #expect(error?.kind == .open)
        #expect(error?.source == "lo")
        #expect(error?.message.contains("\"udp prot 9\"") == true, "\(String(describing: error))")
    }

    /// Settings that cannot be given to libpcap are refused before it sees them.
    @Test func outOfRangeSettingsAreRefused() {
        var settings = LiveCapture.Settings(interface: "lo")
        settings.snapLength = 0
        #expect(captureError { _ = try LiveCapture(settings) }?.kind == .open)
        settings.snapLength = 65535
        settings.bufferBytes = Int(Int32.max) + 1
        #expect(captureError { _ = try LiveCapture(settings) }?.kind == .open)
    }
}
