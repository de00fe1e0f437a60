#if canImport(Glibc)
import Glibc
#endif

/// sd_notify(3) spoken directly: one datagram per message to the unix socket named by
/// $NOTIFY_SOCKET (abstract namespace when it starts with '@'). No libsystemd. Without
/// $NOTIFY_SOCKET (not under systemd) every send is a no-op.
public struct SystemdNotifier: Sendable {
    /// The socket path as given in the environment.
    public let socketPath: String?
    /// $WATCHDOG_USEC when the watchdog is on for this process ($WATCHDOG_PID absent or ours).
    public let watchdogMicroseconds: UInt64?

    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        var watchdog = environment["WATCHDOG_USEC"].flatMap { UInt64($0) }.flatMap { $0 > 0 ? $0 : nil }
        if let pid = environment["WATCHDOG_PID"], Int32(pid) != getpid() { watchdog = nil }
        watchdogMicroseconds = watchdog
    }

    /// Sends `state` (e.g. "READY=1\nSTATUS=..."); returns false when there is no socket or it failed.
    @discardableResult
    public func send(_ state: String) -> Bool {
        guard let socketPath, socketPath.hasPrefix("/") || socketPath.hasPrefix("@") else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes[0] == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in pathBytes.enumerated() { raw[i] = b }
        }
        // Abstract names are not NUL-terminated: the length says where they end.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes[0] == 0 ? 0 : 1))
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), a, length) }
            }
        }
        return sent == message.count
    }
}
