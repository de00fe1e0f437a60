import UTCTime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes to a file descriptor (standard output by default). Swift 6 forbids the C `stdout`
/// global, and per-line `print` is slow for millions of lines.
public final class OutputBuffer {
    private var buffer: [UInt8] = []
    private let fd: Int32

    public init(fileDescriptor: Int32 = 1) {
        fd = fileDescriptor
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func line(_ s: String) {
        write(s)
        buffer.append(0x0A)
    }

    public func flush() {
        var written = 0
        buffer.withUnsafeBytes { raw in
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if n <= 0 { if errno == EINTR { continue } else { break } }
                written += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// UTC `YYYY-MM-DDThh:mm:ss.ffffffZ` from packet time, without Foundation's formatters.
func utcTimestamp(seconds: Int64, nanoseconds: Int32) -> String {
    let t = UTCDateTime(epochSeconds: seconds)
    let p = UTCDateTime.pad
    return "\(p(t.year, 4))-\(p(t.month, 2))-\(p(t.day, 2))T\(p(t.hour, 2)):\(p(t.minute, 2)):\(p(t.second, 2)).\(p(Int64(nanoseconds / 1000), 6))Z"
}
