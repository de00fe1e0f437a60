import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

enum Paths {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// A program built beside the test bundle (`swift build --build-tests` builds them all).
    static func built(_ name: String) -> String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return root.appendingPathComponent(".build/debug/" + name).path
    }

    static var binary: String { built("ss7meter") }

    static func temporaryDirectory(_ label: String) -> String {
        let path = NSTemporaryDirectory() + "ss7meter-\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A TCP port nobody listens on now (bound and released).
func freePort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var a = sockaddr_in()
    a.sin_family = sa_family_t(AF_INET)
    a.sin_addr.s_addr = inet_addr("127.0.0.1")
    a.sin_port = 0
    _ = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return UInt16(bigEndian: a.sin_port)
}

/// Runs a program to completion; returns its exit status and standard output.
@discardableResult
func runProgram(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `ss7meter run` as a child process, its standard error in a file.
final class DaemonProcess {
    let process = Process()
    let logPath: String

    init(config: String, extra: [String] = [], environment: [String: String] = [:], logPath: String) throws {
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Paths.binary)
        process.arguments = ["run", "--config", config] + extra
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "WATCHDOG_USEC")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the log holds `text` `count` times; throws (with the log) after `seconds`.
    func waitForLog(_ text: String, count: Int = 1, seconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if log.components(separatedBy: text).count - 1 >= count { return }
            guard process.isRunning else { throw TestFailure("daemon exited (\(process.terminationStatus)) before \"\(text)\":\n\(log)") }
            usleep(20_000)
        }
        throw TestFailure("no \"\(text)\" x\(count) within \(seconds) s:\n\(log)")
    }

    func signal(_ s: Int32) { kill(process.processIdentifier, s) }

    /// Waits for the exit; returns the status (kills and throws after `seconds`).
    func waitForExit(seconds: Double = 30) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw TestFailure("daemon still running after \(seconds) s:\n\(log)")
            }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// A unix datagram socket standing in for systemd's notify socket: records each datagram and when
/// it arrived (monotonic seconds).
final class NotifySocket: Sendable {
    let path: String
    let fd: Int32
    let received = Mutex<[(time: Double, message: String)]>([])

    /// `abstract`: bind in the abstract namespace; `path` is then "@name".
    init(path: String, abstract: Bool = false) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var a = sockaddr_un()
        a.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &a.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let r = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard r == 0 else { throw TestFailure("bind \(path): errno \(errno)") }
        var tv = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
        self.path = path
        // Stamp each datagram when it arrives, not when the test looks.
        Thread { [weak self] in
            while let self, !self.closed.load(ordering: .relaxed) { self.drain() }
        }.start()
    }

    let closed = Atomic<Bool>(false)

    /// Reads what has arrived (waiting up to 50 ms for the first datagram).
    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return }
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            let message = String(decoding: buffer[0..<n], as: UTF8.self)
            received.withLock { $0.append((Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9, message)) }
        }
    }

    /// Collects datagrams until one contains `text`; throws after `seconds`.
    func waitFor(_ text: String, seconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            usleep(10_000)
            if received.withLock({ $0.contains { $0.message.contains(text) } }) { return }
        }
        throw TestFailure("no \(text) on the notify socket; got \(received.withLock { $0.map(\.message) })")
    }

    var messages: [(time: Double, message: String)] { received.withLock { $0 } }

    /// Stops the reader.
    func stop() {
        closed.store(true, ordering: .relaxed)
        usleep(100_000)
    }

    deinit {
        close(fd)
        if !path.hasPrefix("@") { unlink(path) }
    }
}

/// Configuration text: the ITU sample with 1 s intervals, the given ledger, sources and metrics port.
func daemonConfiguration(ledger: String, spool: String, port: UInt16, renameLink: Bool = false) throws -> String {
    var text = try String(contentsOfFile: Paths.path("config/sample-itu.toml"), encoding: .utf8)
    text = text.replacingOccurrences(of: "interval = \"15m\"", with: "interval = \"1s\"")
    text = text.replacingOccurrences(of: "ledger_dir = \"ledger\"", with: "ledger_dir = \"\(ledger)\"")
    guard text.contains("name = \"acme-1\""), text.contains(ledger) else { throw TestFailure("sample-itu.toml changed") }
    if renameLink { text = text.replacingOccurrences(of: "name = \"acme-1\"", with: "name = \"acme-one\"") }
    text += """

        [[source]]
        name = "spool-a"
        spool = "\(spool)"

        [metrics]
        listen = "127.0.0.1:\(port)"

        """
    return text
}

/// Splits a capture into consecutive files of `frames` frames (names sort in time order).
func split(_ capture: String, frames: Int, into directory: String) throws -> [String] {
    let r = try runProgram("/usr/bin/editcap", ["-F", "pcap", "-c", String(frames), capture, directory + "/part.pcap"])
    guard r.status == 0 else { throw TestFailure("editcap: \(r.output)") }
    return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".pcap") }.sorted()
        .map { directory + "/" + $0 }
}

/// GET http://127.0.0.1:port/metrics with a plain socket.
func scrape(port: UInt16) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var a = sockaddr_in()
    a.sin_family = sa_family_t(AF_INET)
    a.sin_addr.s_addr = inet_addr("127.0.0.1")
    a.sin_port = port.bigEndian
    let r = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard r == 0 else { throw TestFailure("connect to metrics port \(port): errno \(errno)") }
    let request = Array("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        data += buffer[0..<n]
    }
    let text = String(decoding: data, as: UTF8.self)
    guard text.hasPrefix("HTTP/1.1 200"), let body = text.range(of: "\r\n\r\n") else { throw TestFailure("bad response: \(text)") }
    return String(text[body.upperBound...])
}

/// Sums of a Prometheus counter over the label `key` (e.g. per "event"), from the text format.
func metricSums(_ text: String, name: String, by keys: [String]) -> [String: Int64] {
    var out: [String: Int64] = [:]
    for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
        var labels: [String: String] = [:]
        if let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") {
            for pair in line[line.index(after: open)..<close].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { labels[String(kv[0])] = String(kv[1].dropFirst().dropLast()) }
            }
        }
        let key = keys.map { labels[$0] ?? "" }.joined(separator: "/")
        out[key, default: 0] += Int64(value)
    }
    return out
}
