import Foundation
@testable import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// 2026-11-21T10:00:00Z (`date -u -d 2026-11-21T10:00:00Z +%s`).
let t10 = Int64(1_795_255_200)
let site = "stp1"

func tempDirectory() -> String {
    var template = Array("/tmp/ledgertest.XXXXXX".utf8CString)
    let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!
    return String(cString: p)
}

func config(_ dir: String, rotate: Int64 = 3600, maxBytes: Int? = nil) -> LedgerConfiguration {
    LedgerConfiguration(directory: dir, site: site, rotateSeconds: rotate, maxFileBytes: maxBytes)
}

/// RFC 3339 for the few times the tests use (10:00 + k * 15 min on 2026-11-21).
func rfc3339(_ t: Int64) -> String {
    let m = (t - t10) / 60
    let h = 10 + m / 60
    let mm = m % 60
    return "2026-11-21T\(h < 10 ? "0" : "")\(h):\(mm < 10 ? "0" : "")\(mm):00Z"
}

/// A 15-minute group with one record per link: {"link":L,"interval_start":...,"part":p,"msus":n}.
func group(_ start: Int64, links: [String] = ["L1", "L2"], part: Int64 = 0, msus: Int64 = 7) -> IntervalGroup {
    var records: [JSONObject] = []
    for l in links {
        var o = JSONObject()
        o.set("link", .string(l))
        o.set("interval_start", .string(rfc3339(start)))
        o.set("part", .int(part))
        o.set("msus", .int(msus))
        records.append(o)
    }
    return IntervalGroup(intervalStart: start, intervalEnd: start + 900, coveredUntil: (start + 900) * 1_000_000_000, records: records)
}

func files(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
}

func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }
func text(_ path: String) -> String { String(decoding: bytes(path), as: UTF8.self) }
func lines(_ path: String) -> [String] { text(path).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

func write(_ path: String, _ s: [UInt8]) { _ = FileManager.default.createFile(atPath: path, contents: Data(s)) }
func appendBytes(_ path: String, _ s: String) {
    let h = FileHandle(forWritingAtPath: path)!
    h.seekToEndOfFile()
    h.write(Data(s.utf8))
    h.closeFile()
}

/// Runs a shell command and returns its standard output (the oracle: sha256sum, head).
func shell(_ command: String) -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    let pipe = Pipe()
    p.standardOutput = pipe
    try! p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// `sha256sum` of a whole file, or of all but its last line.
func sha256sum(_ path: String, dropLastLine: Bool = false) -> String {
    String(shell(dropLastLine ? "head -n -1 '\(path)' | sha256sum" : "sha256sum < '\(path)'").prefix(64))
}

/// Every record's seq, in the order forEachLedgerRecord gives them.
func seqs(_ dir: String) throws -> [Int64] {
    var out: [Int64] = []
    try forEachLedgerRecord(directory: dir) { out.append($0["seq"] as! Int64) }
    return out
}

/// Real file operations, with failures injected on demand.
final class FaultyOps: FileOps {
    let real = PosixFileOps()
    /// The next this-many write() calls fail with `writeErrno`; with `partialFirst`, the first of
    /// them writes half its bytes before the failure (as a filling disk does).
    var failWrites = 0
    var writeErrno = ENOSPC
    var partialFirst = false
    var failFsyncs = 0
    var failLinks = 0
    var failUnlinksOf: String?
    var failOpens: String?
    var writes = 0

    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        if let f = failOpens, path.hasSuffix(f) { return -EACCES }
        return real.open(path, flags, mode)
    }
    func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        writes += 1
        if failWrites > 0 {
            if partialFirst {
                partialFirst = false
                return real.write(fd, UnsafeRawBufferPointer(rebasing: bytes[0..<bytes.count / 2]))
            }
            failWrites -= 1
            return -Int(writeErrno)
        }
        return real.write(fd, bytes)
    }
    func fsync(_ fd: Int32) -> Int32 {
        if failFsyncs > 0 { failFsyncs -= 1; return -EIO }
        return real.fsync(fd)
    }
    func ftruncate(_ fd: Int32, _ length: Int) -> Int32 { real.ftruncate(fd, length) }
    func link(_ from: String, _ to: String) -> Int32 {
        if failLinks > 0 { failLinks -= 1; return -EIO }
        return real.link(from, to)
    }
    func unlink(_ path: String) -> Int32 {
        if let f = failUnlinksOf, path.hasSuffix(f) { return -EIO }
        return real.unlink(path)
    }
    func mkdir(_ path: String) -> Int32 { real.mkdir(path) }
}
