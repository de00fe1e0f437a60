import CPcap
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Captures frames from a network interface with libpcap.
///
/// The handle is nonblocking and `dispatch` waits with `poll()` on libpcap's selectable descriptor,
/// because a blocking libpcap read never returns while the interface is idle (whatever its timeout):
/// a caller that checks a stop flag between `dispatch` calls stops within one timeout.
///
/// Not thread-safe: create, use and close it on one thread (or one thread at a time).
public final class LiveCapture {
    /// How the interface is opened. The defaults suit a tap carrying signalling: whole frames, a
    /// 64 MiB kernel buffer, frames delivered as they arrive.
    public struct Settings: Sendable, Hashable {
        /// Interface name, e.g. "eth1" (as `ip link` shows it).
        public var interface: String
        /// Bytes kept of each frame (`pcap_set_snaplen`).
        public var snapLength: Int = 65535
        /// Kernel capture buffer (`pcap_set_buffer_size`); what absorbs bursts while the reader is busy.
        public var bufferBytes: Int = 64 << 20
        /// BPF filter expression, compiled with optimisation; nil captures everything.
        public var filter: String? = nil
        /// Deliver each frame as it arrives (`pcap_set_immediate_mode`) instead of in filled blocks.
        ///
        /// On Linux, immediate mode uses a ring of fixed slots of about `snapLength` (capped at the
        /// MTU, but not when the interface offloads segmentation or receive aggregation, as `lo` and
        /// many NICs do): with the defaults that can be 64 MiB / 128 KiB = 512 slots, a burst of 512
        /// frames. Either lower `snapLength` (signalling frames are small) or turn immediate mode off:
        /// frames are then packed in blocks handed over when full or after at most 100 ms.
        /// Off by default: measured on veth at 140k frames/s, immediate mode dropped 1.6% and block
        /// mode nothing; a meter bins by packet time, so 100 ms of delivery delay costs nothing.
        public var immediate: Bool = false
        /// Receive frames not addressed to the interface (`pcap_set_promisc`), as a tap needs.
        public var promiscuous: Bool = true

        public init(interface: String) { self.interface = interface }
    }

    /// libpcap's counters for this capture since it was opened.
    public struct Statistics: Sendable, Hashable {
        /// Frames the kernel received for this capture (`ps_recv`), including dropped ones. On `lo`
        /// Linux counts each packet twice (outgoing and incoming) but delivers it once.
        public var received: UInt64
        /// Frames dropped because the capture buffer was full (`ps_drop`): the reader fell behind.
        public var dropped: UInt64
        /// Frames the interface itself dropped (`ps_ifdrop`), where the system reports it.
        public var interfaceDropped: UInt64

        public init(received: UInt64, dropped: UInt64, interfaceDropped: UInt64) {
            self.received = received
            self.dropped = dropped
            self.interfaceDropped = interfaceDropped
        }
    }

    /// The settings the capture was opened with.
    public let settings: Settings
    /// Copied into each frame's `sourceIndex`.
    public let sourceIndex: Int
    /// DLT_* link type of the interface (`pcap_datalink`), e.g. 1 (EN10MB) for Ethernet and `lo`.
    public let linkType: Int32

    private var handle: OpaquePointer?
    private let selectableFD: Int32
    /// True when libpcap gives nanosecond time stamps; otherwise they are in microseconds.
    private let nanosecondStamps: Bool
    // libpcap's counters are 32 bits and wrap; these extend them to 64 (see `sampleStatistics`).
    private var totals = Statistics(received: 0, dropped: 0, interfaceDropped: 0)
    private var lastRaw = pcap_stat()
    /// Monotonic seconds of the last sample; `dispatch` samples at least once a minute so that no
    /// counter can wrap twice between samples (2^32 frames take over 5 minutes even at 12 M/s).
    private var lastSample: Double

    /// Opens `settings.interface`: `pcap_create`, the settings, `pcap_activate`, then the filter.
    ///
    /// Throws `CaptureError(.open)` with the interface as `source` and libpcap's explanation: no such
    /// device, permission denied (capturing needs root or CAP_NET_RAW), or a bad filter (the message
    /// quotes the filter text).
    public init(_ settings: Settings, sourceIndex: Int = 0) throws(CaptureError) {
        self.settings = settings
        self.sourceIndex = sourceIndex
        let name = settings.interface
        func failure(_ message: String) -> CaptureError { CaptureError(.open, source: name, message: message) }

        let created = withErrorBuffer { errbuf in (pcap_create(name, errbuf), String(cString: errbuf)) }
        guard let handle = created.0 else { throw failure(created.1) }
        var ok = false
        defer { if !ok { pcap_close(handle) } }

        guard settings.snapLength > 0, settings.snapLength <= Int(Int32.max) else {
            throw failure("snap length \(settings.snapLength) out of range")
        }
        guard settings.bufferBytes > 0, settings.bufferBytes <= Int(Int32.max) else {
            throw failure("buffer size \(settings.bufferBytes) out of range")
        }
        // The setters fail only on an activated handle, which this is not.
        pcap_set_snaplen(handle, Int32(settings.snapLength))
        pcap_set_promisc(handle, settings.promiscuous ? 1 : 0)
        pcap_set_buffer_size(handle, Int32(settings.bufferBytes))
        pcap_set_immediate_mode(handle, settings.immediate ? 1 : 0)
        // Without immediate mode, bound how long frames wait in a partly filled kernel block.
        pcap_set_timeout(handle, 100)
        // Not every platform offers nanoseconds; microseconds are scaled when delivering.
        _ = pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_NANO))

        let status = pcap_activate(handle)
        if status < 0 {
            let detail = String(cString: pcap_geterr(handle))
            var message = String(cString: pcap_statustostr(status))
            if !detail.isEmpty && detail != message { message += ": " + detail }
            if status == PCAP_ERROR_PERM_DENIED { message += " (capturing needs root or CAP_NET_RAW)" }
            throw failure(message)
        }
        if let filter = settings.filter {
            var program = bpf_program()
            guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                throw failure("bad filter \"\(filter)\": \(String(cString: pcap_geterr(handle)))")
            }
            defer { pcap_freecode(&program) }
            guard pcap_setfilter(handle, &program) == 0 else {
                throw failure("cannot set filter \"\(filter)\": \(String(cString: pcap_geterr(handle)))")
            }
        }
        let nonblocking = withErrorBuffer { errbuf in (pcap_setnonblock(handle, 1, errbuf), String(cString: errbuf)) }
        guard nonblocking.0 == 0 else { throw failure("cannot make nonblocking: \(nonblocking.1)") }
        let fd = pcap_get_selectable_fd(handle)
        guard fd >= 0 else { throw failure("no selectable file descriptor on this platform") }

        ok = true
        self.handle = handle
        self.selectableFD = fd
        self.linkType = pcap_datalink(handle)
        self.nanosecondStamps = pcap_get_tstamp_precision(handle) == Int32(PCAP_TSTAMP_PRECISION_NANO)
        self.lastSample = monotonicSeconds()
    }

    deinit { close() }

    /// Releases the interface. Idempotent; later `dispatch` and `statistics` calls throw.
    public func close() {
        guard let handle else { return }
        pcap_close(handle)
        self.handle = nil
    }

    /// libpcap's name for `linkType`, e.g. "EN10MB".
    public var linkTypeName: String { dltName(linkType) }

    /// Waits at most `timeoutMilliseconds` for frames and delivers every frame available, up to
    /// `maxFrames`, to `body` in arrival order. Returns how many were delivered: 0 after a quiet
    /// timeout. Never blocks longer than the timeout (a timeout of 0 only takes what is there).
    ///
    /// Each frame's `bytes` point into the kernel ring and are valid only during `body`. Time stamps
    /// are the kernel's, in nanoseconds. Throws `CaptureError(.read)` if the interface fails (e.g.
    /// it went down) or the capture was closed.
    public func dispatch(
        timeoutMilliseconds: Int32, maxFrames: Int = 4096, _ body: (borrowing CapturedFrame) -> Void
    ) throws(CaptureError) -> Int {
        guard let handle else { throw readError("capture is closed", delivered: 0) }
        let start = monotonicSeconds()
        if start - lastSample >= 60 { _ = try statistics() }
        let deadline = start + Double(max(timeoutMilliseconds, 0)) / 1000
        // The C callback reaches `body` through a pointer; it never outlives this call.
        let result = withoutActuallyEscaping(body) { body -> Result<Int, CaptureError> in
            var context = DispatchContext(
                body: body, linkType: linkType, sourceIndex: sourceIndex, nanosecondStamps: nanosecondStamps)
            do throws(CaptureError) {
                return .success(try dispatch(handle, &context, deadline: deadline, maxFrames: maxFrames))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func dispatch(
        _ handle: OpaquePointer, _ context: inout DispatchContext, deadline: Double, maxFrames: Int
    ) throws(CaptureError) -> Int {
        var delivered = 0
        while delivered < maxFrames {
            let n = withUnsafeMutablePointer(to: &context) { context in
                pcap_dispatch(handle, Int32(clamping: maxFrames - delivered), { user, header, data in
                    guard let user, let header, let data else { return }
                    let context = UnsafeMutableRawPointer(user).assumingMemoryBound(to: DispatchContext.self)
                    context.pointee.deliver(header.pointee, data)
                }, UnsafeMutableRawPointer(context).assumingMemoryBound(to: UInt8.self))
            }
            if n > 0 {
                delivered &+= Int(n)
                continue  // more may be waiting
            }
            if n == PCAP_ERROR_BREAK { break }
            if n < 0 { throw readError(String(cString: pcap_geterr(handle)), delivered: delivered) }
            if delivered > 0 { break }  // took all there was
            let remaining = (deadline - monotonicSeconds()) * 1000
            if remaining <= 0 { break }
            var fd = pollfd(fd: selectableFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fd, 1, Int32(clamping: Int(remaining.rounded(.up))))
            if ready < 0 && errno != EINTR {
                throw readError("poll: " + String(cString: strerror(errno)), delivered: delivered)
            }
            if ready > 0 && fd.revents & Int16(POLLNVAL) != 0 {
                throw readError("poll: descriptor no longer valid", delivered: delivered)
            }
            // Readable (or an error libpcap will report), interrupted, or timed out: the loop decides.
        }
        return delivered
    }

    /// libpcap's counters since the capture was opened, extended to 64 bits. libpcap's own are 32
    /// bits; `dispatch` samples them often enough that a wrap is always seen.
    public func statistics() throws(CaptureError) -> Statistics {
        guard let handle else { throw readError("capture is closed", delivered: 0) }
        var raw = pcap_stat()
        guard pcap_stats(handle, &raw) == 0 else {
            throw readError("statistics: " + String(cString: pcap_geterr(handle)), delivered: 0)
        }
        // Wrapping differences are right across one 32-bit wrap.
        totals.received &+= UInt64(raw.ps_recv &- lastRaw.ps_recv)
        totals.dropped &+= UInt64(raw.ps_drop &- lastRaw.ps_drop)
        totals.interfaceDropped &+= UInt64(raw.ps_ifdrop &- lastRaw.ps_ifdrop)
        lastRaw = raw
        lastSample = monotonicSeconds()
        return totals
    }

    private func readError(_ message: String, delivered: Int) -> CaptureError {
        CaptureError(.read, source: settings.interface, message: message, framesDelivered: delivered)
    }
}

/// What `pcap_dispatch`'s C callback needs, passed through its user pointer.
private struct DispatchContext {
    var body: (borrowing CapturedFrame) -> Void
    let linkType: Int32
    let sourceIndex: Int
    let nanosecondStamps: Bool

    @inline(__always)
    func deliver(_ header: pcap_pkthdr, _ data: UnsafePointer<UInt8>) {
        var frame = CapturedFrame(header, data, linkType: linkType, sourceIndex: sourceIndex)
        if !nanosecondStamps { frame.nanoseconds &*= 1000 }  // < 10^6 µs, so < 10^9 ns
        body(frame)
    }
}

/// Calls `body` with a zeroed libpcap error buffer (kept local: Swift 6 rejects a shared one).
private func withErrorBuffer<R>(_ body: (UnsafeMutablePointer<CChar>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(PCAP_ERRBUF_SIZE)) { errbuf in
        errbuf[0] = 0
        return body(errbuf.baseAddress!)
    }
}

/// Seconds on a clock that never goes back (for timeouts; unrelated to packet time).
private func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
