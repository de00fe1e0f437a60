import UTCTime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX calls through which the writer changes the disk. Each returns a non-negative
/// result on success and `-errno` on failure, so that tests can inject ENOSPC or EIO at any step.
protocol FileOps {
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int
    func fsync(_ fd: Int32) -> Int32
    func ftruncate(_ fd: Int32, _ length: Int) -> Int32
    func link(_ from: String, _ to: String) -> Int32
    func unlink(_ path: String) -> Int32
    func mkdir(_ path: String) -> Int32
}

/// The real calls.
struct PosixFileOps: FileOps {
    private func result(_ r: Int32) -> Int32 { r < 0 ? -errno : r }

    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        result(Glibc.open(path, flags | O_CLOEXEC, mode))
    }
    func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        let n = Glibc.write(fd, bytes.baseAddress, bytes.count)
        return n < 0 ? -Int(errno) : n
    }
    func fsync(_ fd: Int32) -> Int32 { result(Glibc.fsync(fd)) }
    func ftruncate(_ fd: Int32, _ length: Int) -> Int32 { result(Glibc.ftruncate(fd, off_t(length))) }
    func link(_ from: String, _ to: String) -> Int32 { result(Glibc.link(from, to)) }
    func unlink(_ path: String) -> Int32 { result(Glibc.unlink(path)) }
    func mkdir(_ path: String) -> Int32 { result(Glibc.mkdir(path, 0o755)) }
}

/// Why a ledger operation failed: what was attempted, on which file, and the system's reason.
public struct LedgerError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// A system call failed (`errno` says why).
        case io
        /// The configuration cannot work (bad site name, rotation span, path that is not a directory).
        case configuration
        /// The group handed to `append` is not acceptable; nothing was written or queued.
        case invalidGroup
        /// The ledger on disk is in a state that no crash can leave; a person must look.
        case corrupt
        /// Another writer holds the directory.
        case locked
    }

    public var kind: Kind
    /// What was being done, e.g. "fsync" or "rename to final name".
    public var operation: String
    /// The file or directory concerned.
    public var path: String
    /// The errno, for `.io` (and `.locked`, `.configuration` when a call failed).
    public var errno: Int32?

    init(_ kind: Kind, _ operation: String, path: String, errno: Int32? = nil) {
        self.kind = kind
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    static func io(_ operation: String, _ path: String, _ negativeErrno: Int) -> LedgerError {
        LedgerError(.io, operation, path: path, errno: Int32(truncatingIfNeeded: -negativeErrno))
    }

    public var description: String {
        var s = "ledger: \(operation): \(path)"
        if let errno { s += ": \(String(cString: strerror(errno))) (errno \(errno))" }
        return s
    }
}

/// UTC calendar arithmetic for file names and rotation windows (no Foundation, no time zones).
enum UTC {
    /// Floor division, so that windows before 1970 are aligned too.
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Start of the rotation window holding `seconds`: windows are `span` seconds long and aligned
    /// to the Unix epoch (so 3600 gives whole UTC hours, 86400 UTC days).
    static func windowStart(_ seconds: Int64, span: Int64) -> Int64 {
        floorDiv(seconds, span) &* span
    }

    /// `20261121T100000Z`.
    static func stamp(_ seconds: Int64) -> String {
        let t = UTCDateTime(epochSeconds: seconds)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let y = t.year >= 0 && t.year < 10_000 ? UTCDateTime.pad(t.year, 4) : String(t.year)
        return "\(y)\(two(t.month))\(two(t.day))T\(two(t.hour))\(two(t.minute))\(two(t.second))Z"
    }
}
