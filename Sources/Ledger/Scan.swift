import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line through a fixed buffer, hashing every byte it consumes.
final class LineReader {
    struct Line {
        var bytes: [UInt8]
        /// Offset of the line's first byte in the file.
        var offset: Int
        /// False for a last line with no `\n` (torn by a crash).
        var terminated: Bool
        /// Longer than `maxLine`: its bytes were not kept.
        var tooLong: Bool
        /// Offset just past the line (and its `\n`).
        var end: Int
    }

    static let maxLine = 1 << 22
    private let fd: Int32
    private let path: String
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var chunkPos = 0
    private var chunkLen = 0
    private(set) var offset = 0
    private(set) var hasher = SHA256()

    init(path: String) throws(LedgerError) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LedgerError(.io, "open for reading", path: path, errno: errno) }
        self.fd = fd
        self.path = path
    }

    deinit { Glibc.close(fd) }

    func next() throws(LedgerError) -> Line? {
        var bytes: [UInt8] = []
        let start = offset
        var tooLong = false
        while true {
            if chunkPos == chunkLen {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LedgerError(.io, "read", path: path, errno: errno)
                }
                if n == 0 {
                    if offset == start { return nil }
                    return Line(bytes: bytes, offset: start, terminated: false, tooLong: tooLong, end: offset)
                }
                chunkPos = 0
                chunkLen = n
            }
            let newline = chunk[chunkPos..<chunkLen].firstIndex(of: 0x0A)
            let stop = newline.map { $0 + 1 } ?? chunkLen
            let piece = chunk[chunkPos..<stop]
            chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[chunkPos..<stop])) }
            offset += stop - chunkPos
            chunkPos = stop
            let content = newline == nil ? piece[...] : piece.dropLast()
            if bytes.count + content.count > Self.maxLine { tooLong = true; bytes = [] }
            if !tooLong { bytes.append(contentsOf: content) }
            if newline != nil {
                return Line(bytes: bytes, offset: start, terminated: true, tooLong: tooLong, end: offset)
            }
        }
    }
}

extension Digest {
    var hex: String {
        var s = ""
        for b in self { s += String(b, radix: 16).count == 1 ? "0" + String(b, radix: 16) : String(b, radix: 16) }
        return s
    }
}

/// One record line's writer fields (the meter's fields stay in `object`).
struct RecordLine {
    var object: JSONObject
    var seq: Int64
    var groupSize: Int64
    var groupIndex: Int64
    var groupStart: Int64
    var groupEnd: Int64
    var coveredUntil: Int64
    var link: String
    var intervalStart: String
    var part: Int64
    /// The record's `source` field, when the meter sets one (per-source watermarks).
    var source: String?

    init?(_ o: JSONObject, site: String?) {
        guard o["type"] == .string("interval"), o["schema"] == .int(1),
            let seq = o["seq"]?.intValue, seq >= 1,
            let size = o["group_size"]?.intValue, size >= 1,
            let index = o["group_index"]?.intValue, index >= 0, index < size,
            let gs = o["group_start"]?.intValue, let ge = o["group_end"]?.intValue,
            let cu = o["covered_until"]?.intValue,
            let link = o["link"]?.stringValue, let start = o["interval_start"]?.stringValue,
            let part = o["part"]?.intValue
        else { return nil }
        if let site, o["site"] != .string(site) { return nil }
        object = o
        self.seq = seq
        groupSize = size
        groupIndex = index
        groupStart = gs
        groupEnd = ge
        coveredUntil = cu
        self.link = link
        intervalStart = start
        self.part = part
        source = o["source"]?.stringValue
    }
}

/// Header fields of a ledger file.
struct FileHeader {
    var site: String
    var fileSeq: Int64
    var prevFile: String?
    var prevSHA256: String?

    init?(_ o: JSONObject) {
        guard o["type"] == .string("ledger_file"), o["schema"] == .int(1),
            let site = o["site"]?.stringValue, let fileSeq = o["file_seq"]?.intValue, fileSeq >= 1
        else { return nil }
        switch (o["prev_file"], o["prev_sha256"]) {
        case (.null?, .null?):
            prevFile = nil
            prevSHA256 = nil
        case (.string(let f)?, .string(let h)?):
            prevFile = f
            prevSHA256 = h
        default: return nil
        }
        self.site = site
        self.fileSeq = fileSeq
    }
}

/// What one pass over a ledger file found. Problems are kept, not thrown, so that verify can list
/// them all; recovery decides which are fatal.
struct ScannedFile {
    var name: String
    var header: FileHeader?
    var trailer: JSONObject?
    /// SHA-256 of the bytes before the trailer line (nil without a trailer).
    var shaBeforeTrailer: String?
    var shaWhole = ""
    var size = 0
    /// Records in complete groups.
    var records = 0
    var firstSeq: Int64?
    var lastSeq: Int64?
    var firstGroupStart: Int64?
    var lastGroupEnd: Int64?
    var maxCoveredUntil: Int64 = 0
    /// End of the last complete group (or of the header) before the first anomaly: what recovery keeps.
    var committedOffset = 0
    var committedHasher = SHA256()
    var committedRecords = 0
    var committedLastSeq: Int64?
    var committedLastGroupEnd: Int64?
    /// Offset of the first anomaly, if any.
    var anomalyOffset: Int?
    /// Complete groups found after the first anomaly: a crash cannot leave those, only editing can.
    var completeGroupsAfterAnomaly = 0
    /// Record lines that parsed but lie after `committedOffset` (dropped by recovery).
    var tailRecordLines = 0
    var problems: [(offset: Int, message: String)] = []
    /// Trailer line offset, if any.
    var trailerOffset: Int?

    /// Scans `path`; `onGroup` gets each complete group's records in order.
    static func scan(
        directory: String, name: String, onGroup: ([RecordLine]) throws -> Void = { _ in }
    ) throws -> ScannedFile {
        let reader = try LineReader(path: directory + "/" + name)
        var f = ScannedFile(name: name)
        var group: [RecordLine] = []
        var groupOffset = 0
        var lineNumber = 0
        var recordLines = 0

        func problem(_ offset: Int, _ message: String) {
            f.problems.append((offset, "\(name): \(message)"))
            if f.anomalyOffset == nil { f.anomalyOffset = offset }
        }
        func abandonGroup() {
            if let first = group.first {
                problem(groupOffset, "incomplete group at seq \(first.seq) (\(group.count) of \(first.groupSize) records)")
                group = []
            }
        }

        while true {
            let before = reader.hasher
            guard let line = try reader.next() else { break }
            lineNumber += 1
            let where_ = "line \(lineNumber)"
            if f.trailer != nil {
                problem(line.offset, "\(where_): data after the trailer")
                continue
            }
            guard line.terminated else {
                abandonGroup()
                problem(line.offset, "torn last line (\(line.end - line.offset) bytes, no newline)")
                continue
            }
            guard !line.tooLong, let object = JSONParser.parseObject(line.bytes) else {
                problem(line.offset, "\(where_) does not parse")
                continue
            }
            // The writer's encoding is canonical: any other spelling of the same values was edited.
            guard object.encoded() == line.bytes else {
                problem(line.offset, "\(where_) is not in the canonical encoding (edited)")
                continue
            }
            if lineNumber == 1 {
                if let header = FileHeader(object) {
                    f.header = header
                    f.committedOffset = line.end
                    f.committedHasher = reader.hasher
                } else {
                    problem(line.offset, "no valid header (first line)")
                }
                continue
            }
            switch object["type"] {
            case .string("interval"):
                guard let record = RecordLine(object, site: f.header?.site) else {
                    problem(line.offset, "\(where_): record with missing or invalid ledger fields")
                    continue
                }
                recordLines += 1
                if let first = group.first {
                    let last = group[group.count - 1]
                    if record.groupIndex != Int64(group.count) || record.groupSize != first.groupSize
                        || record.seq != last.seq &+ 1 || record.groupStart != first.groupStart
                        || record.groupEnd != first.groupEnd || record.coveredUntil != first.coveredUntil
                    {
                        abandonGroup()
                    }
                }
                if group.isEmpty {
                    guard record.groupIndex == 0 else {
                        problem(line.offset, "record seq \(record.seq): group_index \(record.groupIndex) outside a group")
                        continue
                    }
                    groupOffset = line.offset
                }
                group.append(record)
                if Int64(group.count) == record.groupSize {
                    let first = group[0]
                    if let lastSeq = f.lastSeq, first.seq != lastSeq &+ 1 {
                        problem(groupOffset, "seq jumps from \(lastSeq) to \(first.seq)")
                    }
                    if f.anomalyOffset == nil {
                        f.committedOffset = line.end
                        f.committedHasher = reader.hasher
                        f.committedRecords += group.count
                        f.committedLastSeq = record.seq
                        f.committedLastGroupEnd = max(f.committedLastGroupEnd ?? record.groupEnd, record.groupEnd)
                    } else {
                        f.completeGroupsAfterAnomaly += 1
                    }
                    f.records += group.count
                    if f.firstSeq == nil { f.firstSeq = first.seq }
                    if f.firstGroupStart == nil { f.firstGroupStart = first.groupStart }
                    f.lastSeq = record.seq
                    f.lastGroupEnd = max(f.lastGroupEnd ?? record.groupEnd, record.groupEnd)
                    f.maxCoveredUntil = max(f.maxCoveredUntil, record.coveredUntil)
                    try onGroup(group)
                    group = []
                }
            case .string("ledger_close"):
                abandonGroup()
                f.trailer = object
                f.trailerOffset = line.offset
                f.shaBeforeTrailer = before.finalize().hex
            default:
                problem(line.offset, "\(where_): unknown line type")
            }
        }
        abandonGroup()
        f.size = reader.offset
        f.shaWhole = reader.hasher.finalize().hex
        // Every parseable record line past the committed point is one that recovery drops.
        f.tailRecordLines = recordLines - f.committedRecords
        return f
    }

    /// Problems in the trailer (count, first/last seq, SHA-256), for a file that has one.
    func trailerProblems() -> [String] {
        guard let t = trailer else { return [] }
        var out: [String] = []
        if t["schema"] != .int(1) { out.append("\(name): trailer has no schema 1") }
        if t["records"] != .int(Int64(records)) {
            out.append("\(name): trailer says \(t["records"]?.intValue.map(String.init) ?? "?") records, file holds \(records)")
        }
        if t["first_seq"] != firstSeq.map(JSONValue.int) ?? .null || t["last_seq"] != lastSeq.map(JSONValue.int) ?? .null {
            out.append("\(name): trailer seq range does not match the records")
        }
        if t["sha256"] != shaBeforeTrailer.map(JSONValue.string) {
            out.append("\(name): sha256 mismatch (file edited): trailer \(t["sha256"]?.stringValue ?? "?"), content \(shaBeforeTrailer ?? "?")")
        }
        return out
    }
}
