// Classic libpcap file format: 24-octet global header, then per record a 16-octet header
// (seconds, microseconds, captured length, original length) and the frame. Written little-endian
// with the microsecond magic 0xA1B2C3D4.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Link-layer header types (tcpdump.org LINKTYPE_ values) the generator writes.
public enum LinkType: UInt32, Sendable {
    case ethernet = 1
    case mtp2WithPHDR = 139
    case mtp3 = 141
}

/// A packet time: whole seconds since 1970 (UTC) and microseconds.
public struct Timestamp: Sendable, Equatable, Comparable {
    public var seconds: UInt32
    public var micros: UInt32
    public init(seconds: UInt32, micros: UInt32) { self.seconds = seconds; self.micros = micros }
    /// This time plus `us` microseconds.
    public func adding(micros us: UInt32) -> Timestamp {
        let total = UInt64(micros) + UInt64(us)
        return Timestamp(seconds: seconds + UInt32(total / 1_000_000), micros: UInt32(total % 1_000_000))
    }
    public static func < (a: Timestamp, b: Timestamp) -> Bool { (a.seconds, a.micros) < (b.seconds, b.micros) }
}

/// Where the pcap bytes go.
public protocol ByteSink {
    mutating func write(_ bytes: [UInt8]) throws
}

/// Collects everything in memory (tests, small captures).
public struct MemorySink: ByteSink {
    public var bytes: [UInt8] = []
    public init() {}
    public mutating func write(_ b: [UInt8]) { bytes.append(contentsOf: b) }
}

/// An error writing a file, with the C library's errno.
public struct FileSinkError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Int32
    public var description: String { "cannot write \(path): errno \(errno)" }
}

/// Writes to a file through the C library's buffered stream.
public final class FileSink: ByteSink {
    let file: UnsafeMutablePointer<FILE>
    let path: String

    public init(path: String) throws {
        guard let f = fopen(path, "wb") else { throw FileSinkError(path: path, errno: errno) }
        file = f; self.path = path
    }

    public func write(_ bytes: [UInt8]) throws {
        let n = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        guard n == bytes.count else { throw FileSinkError(path: path, errno: errno) }
    }

    /// Flushes and closes; throws if the data did not reach the file.
    public func close() throws {
        guard fclose(file) == 0 else { throw FileSinkError(path: path, errno: errno) }
    }
}

/// Streams pcap records to a sink through a fixed-size buffer, so memory does not grow with size.
public struct PcapWriter<Sink: ByteSink> {
    public private(set) var sink: Sink
    var buffer: [UInt8] = []
    /// Records written so far.
    public private(set) var records = 0
    static var flushThreshold: Int { 1 << 20 }

    public init(sink: Sink, linkType: LinkType, snapLength: UInt32 = 65535) {
        self.sink = sink
        buffer.reserveCapacity(Self.flushThreshold + 70_000)
        buffer.u32le(0xA1B2_C3D4); buffer.u16le(2); buffer.u16le(4)
        buffer.u32le(0)  // thiszone
        buffer.u32le(0)  // sigfigs
        buffer.u32le(snapLength); buffer.u32le(linkType.rawValue)
    }

    public mutating func append(_ frame: [UInt8], at time: Timestamp) throws {
        buffer.u32le(time.seconds); buffer.u32le(time.micros)
        buffer.u32le(UInt32(frame.count)); buffer.u32le(UInt32(frame.count))
        buffer.append(contentsOf: frame)
        records += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes out what is buffered; call once at the end.
    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
