// STAND-IN, deleted at merge: a minimal private copy of the API that the Capture module is getting
// (LiveCapture, SpoolDirectory), so that the daemon builds and runs before it lands. Delete this file
// and the "CPcap" dependency of MeterDaemon in Package.swift when Capture has them.
import CPcap
import Capture

#if canImport(Glibc)
import Glibc
#endif

/// Live capture on one interface (stand-in for Capture.LiveCapture).
final class LiveCapture {
    struct Settings {
        var interface: String
        var snapLength = 65535
        var bufferBytes = 64 << 20
        var filter: String?
        var immediate = true
        var promiscuous = true
        init(interface: String) { self.interface = interface }
    }

    struct Statistics {
        var received: UInt64
        var dropped: UInt64
        var interfaceDropped: UInt64
    }

    let linkType: Int32
    private let handle: OpaquePointer
    private let fd: Int32
    private let name: String
    private let sourceIndex: Int
    private var closed = false

    init(_ settings: Settings, sourceIndex: Int = 0) throws(CaptureError) {
        name = settings.interface
        self.sourceIndex = sourceIndex
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let h = pcap_create(settings.interface, &errbuf) else {
            throw CaptureError(.open, source: settings.interface, message: text(errbuf))
        }
        pcap_set_snaplen(h, Int32(settings.snapLength))
        pcap_set_buffer_size(h, Int32(clamping: settings.bufferBytes))
        pcap_set_immediate_mode(h, settings.immediate ? 1 : 0)
        pcap_set_promisc(h, settings.promiscuous ? 1 : 0)
        pcap_set_tstamp_precision(h, Int32(PCAP_TSTAMP_PRECISION_NANO))
        func fail(_ message: String) -> CaptureError {
            pcap_close(h)
            return CaptureError(.open, source: settings.interface, message: message)
        }
        let r = pcap_activate(h)
        if r < 0 { throw fail(String(cString: pcap_geterr(h))) }
        if let filter = settings.filter {
            var program = bpf_program()
            guard pcap_compile(h, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                throw fail("filter: " + String(cString: pcap_geterr(h)))
            }
            defer { pcap_freecode(&program) }
            guard pcap_setfilter(h, &program) == 0 else { throw fail("filter: " + String(cString: pcap_geterr(h))) }
        }
        guard pcap_setnonblock(h, 1, &errbuf) == 0 else { throw fail(text(errbuf)) }
        let selectable = pcap_get_selectable_fd(h)
        guard selectable >= 0 else { throw fail("no selectable descriptor") }
        handle = h
        fd = selectable
        linkType = pcap_datalink(h)
    }

    deinit { close() }

    /// Waits up to the timeout for frames, then delivers those ready (at most `maxFrames`).
    func dispatch(
        timeoutMilliseconds: Int32, maxFrames: Int = 4096, _ body: (borrowing CapturedFrame) -> Void
    ) throws(CaptureError) -> Int {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, timeoutMilliseconds)
        guard ready > 0 else { return 0 }
        var delivered = 0
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        while delivered < maxFrames {
            let r = pcap_next_ex(handle, &header, &data)
            if r == 0 { break }
            guard r == 1, let header, let data else {
                throw CaptureError(.read, source: name, message: String(cString: pcap_geterr(handle)),
                    framesDelivered: delivered)
            }
            let frame = CapturedFrame(
                seconds: Int64(header.pointee.ts.tv_sec), nanoseconds: Int32(header.pointee.ts.tv_usec),
                linkType: linkType, originalLength: Int(header.pointee.len),
                bytes: UnsafeRawBufferPointer(start: data, count: Int(header.pointee.caplen)), sourceIndex: sourceIndex)
            body(frame)
            delivered += 1
        }
        return delivered
    }

    func statistics() throws(CaptureError) -> Statistics {
        var s = pcap_stat()
        guard pcap_stats(handle, &s) == 0 else {
            throw CaptureError(.read, source: name, message: String(cString: pcap_geterr(handle)))
        }
        return Statistics(received: UInt64(s.ps_recv), dropped: UInt64(s.ps_drop), interfaceDropped: UInt64(s.ps_ifdrop))
    }

    func close() {
        guard !closed else { return }
        closed = true
        pcap_close(handle)
    }
}

/// New capture files in a directory (stand-in for Capture.SpoolDirectory): a file is ready once its
/// modification time is `settleSeconds` old (and it is not the newest, when `newestIsOpen`); each is
/// returned once, oldest name first.
struct SpoolDirectory {
    var directory: String
    var pattern: String
    var settleSeconds: Double
    var newestIsOpen: Bool
    private var seen: Set<String> = []

    init(directory: String, pattern: String, settleSeconds: Double, newestIsOpen: Bool) {
        self.directory = directory
        self.pattern = pattern
        self.settleSeconds = settleSeconds
        self.newestIsOpen = newestIsOpen
    }

    mutating func readyFiles(now: Double) throws(CaptureError) -> [String] {
        guard let dir = opendir(directory) else {
            throw CaptureError(.open, source: directory, message: String(cString: strerror(errno)))
        }
        defer { closedir(dir) }
        var names: [(name: String, ready: Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard fnmatch(pattern, name, FNM_PERIOD) == 0 else { continue }
            var st = stat()
            guard stat(directory + "/" + name, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            let mtime = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
            names.append((name, mtime <= now - settleSeconds))
        }
        names.sort { $0.name < $1.name }
        if newestIsOpen, !names.isEmpty { names.removeLast() }
        let fresh = names.filter { $0.ready && !seen.contains($0.name) }.map(\.name)
        seen.formUnion(fresh)
        return fresh.map { directory + "/" + $0 }
    }
}

private func text(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}
