import CPcap
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one pcap or pcapng file, or standard input ("-"), with libpcap.
///
/// Memory does not depend on the file's length: libpcap keeps one record buffer per reader, and
/// frames are handed out as views into it. Not thread-safe; use one reader per thread.
public final class PcapFileReader {
    /// The path or name the reader was opened with; errors name it.
    public let source: String
    /// Copied into each frame's `sourceIndex`.
    public let sourceIndex: Int
    /// DLT_* link type of the file (libpcap accepts one per file, also in pcapng).
    public let linkType: Int32
    @usableFromInline let handle: OpaquePointer

    /// Opens a capture file; "-" reads standard input (through a duplicate of fd 0, so stdin itself
    /// stays open).
    public convenience init(path: String, sourceIndex: Int = 0) throws(CaptureError) {
        let fd = path == "-" ? dup(0) : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CaptureError(.open, source: path, message: Self.errnoText()) }
        try self.init(fileDescriptor: fd, name: path, sourceIndex: sourceIndex)
    }

    /// Reads a capture from an open file descriptor (a pipe works: libpcap never seeks). The reader
    /// owns `fd` and closes it when released, or before throwing if opening fails.
    public convenience init(fileDescriptor fd: Int32, name: String, sourceIndex: Int = 0) throws(CaptureError) {
        guard let file = fdopen(fd, "rb") else {
            let message = Self.errnoText()
            close(fd)
            throw CaptureError(.open, source: name, message: message)
        }
        // stdio would read st_blksize (4 KiB) per read(); 64 KiB (a pipe's capacity) reads files about
        // 20% faster and pipes twice as fast. glibc ignores the size unless we supply the buffer.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.stdioBufferSize, alignment: 16)
        setvbuf(file, buffer.assumingMemoryBound(to: CChar.self), _IOFBF, Self.stdioBufferSize)
        #if os(Linux)
        // Once a process has a second thread, glibc locks a FILE around every fread: libpcap does two a
        // record. A reader is used by one thread at a time (see above), so the locks only cost time.
        _ = __fsetlocking(file, Int32(FSETLOCKING_BYCALLER))
        #endif
        let handle: OpaquePointer
        do {
            handle = try Self.openPcap(name) { errbuf in
                pcap_fopen_offline_with_tstamp_precision(file, UInt32(PCAP_TSTAMP_PRECISION_NANO), errbuf)
            }
        } catch {
            fclose(file)  // libpcap leaves the FILE open when it fails
            buffer.deallocate()
            throw error
        }
        self.init(handle: handle, source: name, sourceIndex: sourceIndex, stdioBuffer: buffer)
    }

    private static let stdioBufferSize = 1 << 16
    /// The FILE's buffer, freed after pcap_close has closed the FILE.
    private let stdioBuffer: UnsafeMutableRawPointer

    private init(handle: OpaquePointer, source: String, sourceIndex: Int, stdioBuffer: UnsafeMutableRawPointer) {
        self.handle = handle
        self.source = source
        self.sourceIndex = sourceIndex
        self.linkType = pcap_datalink(handle)
        self.stdioBuffer = stdioBuffer
    }

    deinit {
        pcap_close(handle)  // also closes the FILE and its descriptor
        stdioBuffer.deallocate()
    }

    /// libpcap's name for `linkType`, e.g. "MTP2" or "LINUX_SLL2".
    public var linkTypeName: String { dltName(linkType) }

    /// Calls `body` for each frame, in file order, until the end of the file or until `body` returns
    /// false. Returns the number of frames delivered. A later call continues where this one stopped.
    ///
    /// Throws what `body` throws, or a `CaptureError` of kind `.read` (after delivering every frame
    /// before the damage) when the file is cut short or unreadable.
    @inlinable
    public func forEach(_ body: (borrowing CapturedFrame) throws -> Bool) throws -> Int {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        var delivered = 0
        while true {
            let rc = pcap_next_ex(handle, &header, &data)
            guard rc == 1, let header, let data else {
                if rc == PCAP_ERROR_BREAK { return delivered }  // end of file
                if rc == 0 { continue }  // live-capture timeout; files never give it
                throw readError(framesDelivered: delivered)
            }
            delivered &+= 1
            let frame = CapturedFrame(header.pointee, data, linkType: linkType, sourceIndex: sourceIndex)
            guard try body(frame) else { return delivered }
        }
    }

    /// The error for a failed `pcap_next_ex`, with libpcap's message.
    @usableFromInline
    func readError(framesDelivered: Int) -> CaptureError {
        CaptureError(
            .read, source: source, message: String(cString: pcap_geterr(handle)),
            framesDelivered: framesDelivered)
    }

    private static func openPcap(
        _ name: String, _ call: (UnsafeMutablePointer<CChar>) -> OpaquePointer?
    ) throws(CaptureError) -> OpaquePointer {
        let result = withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(PCAP_ERRBUF_SIZE)) {
            errbuf -> Result<OpaquePointer, CaptureError> in
            errbuf[0] = 0
            if let handle = call(errbuf.baseAddress!) { return .success(handle) }
            return .failure(CaptureError(.open, source: name, message: String(cString: errbuf.baseAddress!)))
        }
        return try result.get()
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

extension CapturedFrame {
    /// A frame viewing libpcap's record header and buffer.
    @inlinable
    init(_ h: pcap_pkthdr, _ data: UnsafePointer<UInt8>, linkType: Int32, sourceIndex: Int) {
        // Opened with nanosecond precision, libpcap stores nanoseconds in tv_usec.
        self.init(
            seconds: Int64(h.ts.tv_sec), nanoseconds: Int32(truncatingIfNeeded: h.ts.tv_usec),
            linkType: linkType, originalLength: Int(h.len),
            bytes: UnsafeRawBufferPointer(start: data, count: Int(h.caplen)), sourceIndex: sourceIndex)
    }
}

/// The bare libpcap read loop (`pcap_next_ex` and a counter, nothing else): the baseline that
/// benchmarks compare decoding against. Returns the number of frames in the file.
public func countFrames(path: String) throws(CaptureError) -> Int {
    let reader = try PcapFileReader(path: path)
    var header: UnsafeMutablePointer<pcap_pkthdr>?
    var data: UnsafePointer<UInt8>?
    var count = 0
    while true {
        switch pcap_next_ex(reader.handle, &header, &data) {
        case 1: count &+= 1
        case 0: continue
        case PCAP_ERROR_BREAK: return count
        default: throw reader.readError(framesDelivered: count)
        }
    }
}
