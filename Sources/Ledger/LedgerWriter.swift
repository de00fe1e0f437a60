import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where and how a ledger is written.
public struct LedgerConfiguration: Sendable {
    public var directory: String
    /// Names the meter: in file names and every line. Letters, digits, `-` and `.` (not first).
    public var site: String
    /// File span in packet time, aligned to UTC (e.g. 3600: one file per UTC hour at most).
    public var rotateSeconds: Int64
    /// Also rotate before a group whose lines (and the trailer) would take a file past this size.
    public var maxFileBytes: Int?
    /// Group commit: one write and one fsync per group. Off only for tests and benchmarks.
    public var fsync: Bool

    public init(directory: String, site: String, rotateSeconds: Int64, maxFileBytes: Int? = nil, fsync: Bool = true) {
        self.directory = directory
        self.site = site
        self.rotateSeconds = rotateSeconds
        self.maxFileBytes = maxFileBytes
        self.fsync = fsync
    }
}

/// One metering interval's records, appended atomically as a group.
public struct IntervalGroup: Sendable {
    /// UTC seconds.
    public var intervalStart: Int64
    public var intervalEnd: Int64
    /// Nanoseconds since the epoch: every packet with an earlier time was counted.
    public var coveredUntil: Int64
    /// One per link; each holds at least "link" (string), "interval_start" (string), "part" (int).
    public var records: [JSONObject]

    public init(intervalStart: Int64, intervalEnd: Int64, coveredUntil: Int64, records: [JSONObject]) {
        self.intervalStart = intervalStart
        self.intervalEnd = intervalEnd
        self.coveredUntil = coveredUntil
        self.records = records
    }
}

/// What `LedgerWriter.init` found on disk and did about it.
public struct LedgerRecovery: Sendable, CustomStringConvertible {
    /// Final files of this site found.
    public var finalFiles = 0
    /// The leftover open file, if there was one.
    public var openFile: String?
    /// Bytes cut from the end of the open file (torn line, incomplete group).
    public var droppedBytes = 0
    /// Whole record lines among them (records of an incomplete group).
    public var droppedRecords = 0
    /// The open file held no record and was removed.
    public var removedOpenFile = false
    /// A crash came after the trailer was written: the file was renamed to this final name.
    public var completedClose: String?
    /// A crash came between link() and unlink() at close: the leftover open name was removed.
    public var removedLeftoverName = false
    /// The open file that appending continues.
    public var continuedFile: String?

    /// True when there was nothing to recover.
    public var isClean: Bool { openFile == nil && !removedLeftoverName }

    public var description: String {
        guard let openFile else { return removedLeftoverName ? "removed a leftover open name" : "clean" }
        var parts = ["open file \(openFile)"]
        if droppedBytes > 0 { parts.append("dropped \(droppedBytes) bytes (\(droppedRecords) records of an incomplete group)") }
        if removedOpenFile { parts.append("held no record: removed") }
        if let completedClose { parts.append("trailer present: renamed to \(completedClose)") }
        if let continuedFile { parts.append("continuing \(continuedFile)") }
        if removedLeftoverName { parts.append("removed a leftover open name") }
        return parts.joined(separator: "; ")
    }
}

struct RecordKey: Hashable {
    var link: String
    var intervalStart: String
}

/// The ledger's writer: append-only JSON Lines files with group commit, rotation, a hash chain and
/// crash recovery. See docs/ledger-schema.md. Not thread-safe: one owner appends.
public final class LedgerWriter {
    private struct OpenFile {
        var fd: Int32
        var name: String
        var header: FileHeader
        var window: Int64
        var size = 0
        var hasher = SHA256()
        var records = 0
        var firstSeq: Int64?
        var lastSeq: Int64?
        var firstGroupStart: Int64?
        var lastGroupEnd: Int64?
        /// A failed truncate may have left bytes past `size`: cut them before the next write.
        var dirty = false
        var trailerWritten = false
        var linked = false
    }

    private struct PendingGroup {
        var bytes: [UInt8]
        var intervalStart: Int64
        var intervalEnd: Int64
        var coveredUntil: Int64
        var records: Int
        var firstSeq: Int64
        var lastSeq: Int64
        var source: String?
    }

    private static let writerFields: Set<String> = [
        "type", "schema", "site", "seq", "group_size", "group_index", "group_start", "group_end", "covered_until",
    ]

    private let config: LedgerConfiguration
    private let ops: any FileOps
    private let dirFD: Int32
    private let lockFD: Int32
    private var open: OpenFile?
    private var lastFinal: (name: String, sha256: String, fileSeq: Int64)?
    private var nextSeq: Int64 = 1
    private var keys: Set<[String]> = []
    private var parts: [RecordKey: Int] = [:]
    private var pending: [PendingGroup] = []

    /// What recovery found and did.
    public private(set) var recovery = LedgerRecovery()
    /// Max `coveredUntil` of every group written to the ledger (0 if empty). The meter skips packets
    /// with an earlier time when resuming a replay.
    public private(set) var watermark: Int64 = 0
    /// The same per `source` (the records' `source` field): several sources writing one ledger each
    /// resume from their own point, so one source's later traffic never hides another's earlier.
    public private(set) var sourceWatermarks: [String: Int64] = [:]

    /// Max `coveredUntil` of the groups whose records name `source` (0 if none).
    public func watermark(source: String) -> Int64 { sourceWatermarks[source] ?? 0 }
    /// The `link_id`s of the records of `source`'s latest interval whose customer is `unattributed`, in
    /// record order, from the files the ledger held when opened. A meter gives every link it discovered
    /// a record in every interval after, so these are the links it had discovered when it stopped,
    /// which a resumed meter keeps giving records (zeros included) as an uninterrupted one would.
    public func discoveredLinkIDs(source: String) -> [String] { sourceDiscovered[source]?.ids ?? [] }
    private var sourceDiscovered: [String: (groupStart: Int64, ids: [String], seen: Set<String>)] = [:]
    /// Groups accepted but not yet on disk (a write failed); retried first by the next call.
    public var pendingGroups: Int { pending.count }

    /// Opens the directory (creating it if missing), takes its lock, recovers a leftover open file,
    /// and is then ready to append.
    public convenience init(_ config: LedgerConfiguration) throws(LedgerError) {
        try self.init(config, ops: PosixFileOps())
    }

    init(_ config: LedgerConfiguration, ops: any FileOps) throws(LedgerError) {
        let site = config.site
        guard !site.isEmpty, site.utf8.count <= 64, site.first != ".",
            site.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == ".") })
        else { throw LedgerError(.configuration, "site must be 1-64 of A-Z a-z 0-9 - . (not starting with .)", path: site) }
        guard config.rotateSeconds > 0 else { throw LedgerError(.configuration, "rotateSeconds must be positive", path: config.directory) }
        if let max = config.maxFileBytes, max <= 0 {
            throw LedgerError(.configuration, "maxFileBytes must be positive", path: config.directory)
        }
        self.config = config
        self.ops = ops
        let dir = config.directory
        try Self.makeDirectories(dir, ops: ops)
        let dfd = ops.open(dir, O_RDONLY | O_DIRECTORY, 0)
        guard dfd >= 0 else { throw .io("open directory", dir, Int(dfd)) }
        dirFD = dfd
        // The lock file is also the early check that the directory is writable.
        let lockPath = dir + "/." + site + ".lock"
        let lfd = ops.open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard lfd >= 0 else {
            Glibc.close(dfd)
            throw .io("create lock file (is the directory writable?)", lockPath, Int(lfd))
        }
        lockFD = lfd
        // Fully initialized from here (every other stored property has a default): on a throw, deinit
        // closes both descriptors and releases the lock. Closing them here too would close them twice,
        // and by then another thread may hold the same numbers for its own files or pipes.
        // A process being spawned by another thread holds a copy of every descriptor until it execs
        // (O_CLOEXEC closes them only then), so a lock its writer has just released can look held for
        // a moment: try again for up to a second before calling the ledger locked.
        var waits = 0
        while flock(lfd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            if (e == EWOULDBLOCK || e == EINTR) && waits < 100 {
                waits += 1
                usleep(10_000)
                continue
            }
            throw LedgerError(e == EWOULDBLOCK ? .locked : .io, "lock (another writer holds this ledger)", path: lockPath, errno: e)
        }
        try recover()
    }

    deinit {
        // An open file stays as it is: the next writer recovers it.
        if let f = open { Glibc.close(f.fd) }
        Glibc.close(dirFD)
        Glibc.close(lockFD)
    }

    private static func makeDirectories(_ path: String, ops: any FileOps) throws(LedgerError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            let r = ops.mkdir(prefix)
            if r < 0, -r != EEXIST { throw .io("create directory", prefix, Int(r)) }
        }
        var st = stat()
        guard stat(path, &st) == 0 else { throw LedgerError(.io, "stat directory", path: path, errno: errno) }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw LedgerError(.configuration, "not a directory", path: path) }
    }

    private var dir: String { config.directory }
    private func path(_ name: String) -> String { dir + "/" + name }

    // MARK: Recovery

    private func register(_ group: [RecordLine]) {
        for r in group {
            keys.insert([r.link, r.intervalStart, String(r.part)])
            let k = RecordKey(link: r.link, intervalStart: r.intervalStart)
            parts[k] = max(parts[k] ?? Int(truncatingIfNeeded: r.part), Int(truncatingIfNeeded: r.part))
            nextSeq = max(nextSeq, r.seq &+ 1)
            watermark = max(watermark, r.coveredUntil)
            if let source = r.source {
                sourceWatermarks[source] = max(sourceWatermarks[source] ?? 0, r.coveredUntil)
                registerDiscovered(r, source: source)
            }
        }
    }

    /// Keeps `discoveredLinkIDs`' answer: the unattributed links of the source's latest interval (the
    /// union of its parts, when a resumed meter wrote one). The lists are changed in place, through the
    /// dictionary: a copy taken out and put back copied them at every record, quadratic in the links of
    /// an interval.
    private func registerDiscovered(_ r: RecordLine, source: String) {
        let latest = sourceDiscovered[source]?.groupStart ?? r.groupStart
        if r.groupStart < latest { return }
        if r.groupStart > latest || sourceDiscovered[source] == nil {
            sourceDiscovered[source] = (r.groupStart, [], [])
        }
        guard r.object["customer"] == .string("unattributed"), let id = r.object["link_id"]?.stringValue
        else { return }
        if sourceDiscovered[source]!.seen.insert(id).inserted { sourceDiscovered[source]!.ids.append(id) }
    }

    private func recover() throws(LedgerError) {
        let listing = try LedgerDirectory.list(dir, site: config.site)
        recovery.finalFiles = listing.finals.count
        var finalInodes: [FileIdentity: String] = [:]
        do {
            for name in listing.finals {
                let f = try ScannedFile.scan(directory: dir, name: name, onGroup: register)
                if let h = f.header, h.fileSeq > lastFinal?.fileSeq ?? 0 { lastFinal = (name, f.shaWhole, h.fileSeq) }
                if let id = FileIdentity(path(name)) { finalInodes[id] = name }
            }
        } catch let e as LedgerError { throw e } catch { throw LedgerError(.io, "scan", path: dir) }

        var opens: [String] = []
        for name in listing.opens {
            if let id = FileIdentity(path(name)), finalInodes[id] != nil {
                // Crash between link() and unlink() in close(): the final name is complete.
                try unlinkAndSyncDirectory(name)
                recovery.removedLeftoverName = true
            } else {
                opens.append(name)
            }
        }
        guard opens.count <= 1 else { throw LedgerError(.corrupt, "more than one open file: \(opens)", path: dir) }
        guard let name = opens.first else { return }
        recovery.openFile = name

        var groups: [[RecordLine]] = []
        let f: ScannedFile
        do { f = try ScannedFile.scan(directory: dir, name: name, onGroup: { groups.append($0) }) } catch let e as LedgerError {
            throw e
        } catch { throw LedgerError(.io, "scan", path: path(name)) }
        guard f.completeGroupsAfterAnomaly == 0 else {
            throw LedgerError(.corrupt, "complete groups after a bad line (not a crash): \(f.problems.map(\.message))", path: path(name))
        }
        guard let header = f.header, f.committedRecords > 0 else {
            guard f.records == 0 else { throw LedgerError(.corrupt, "records without a valid header", path: path(name)) }
            // Crash while creating the file or writing its first group: nothing was committed.
            try unlinkAndSyncDirectory(name)
            recovery.removedOpenFile = true
            recovery.droppedBytes = f.size
            recovery.droppedRecords = f.tailRecordLines
            return
        }
        guard header.site == config.site, header.fileSeq == (lastFinal?.fileSeq ?? 0) + 1,
            header.prevFile == lastFinal?.name, header.prevSHA256 == lastFinal?.sha256
        else {
            throw LedgerError(.corrupt, "open file does not chain to the last final file \(lastFinal?.name ?? "(none)")", path: path(name))
        }
        for g in groups { register(g) }

        let fd = ops.open(path(name), O_WRONLY | O_APPEND, 0)
        guard fd >= 0 else { throw .io("open for appending", path(name), Int(fd)) }
        var file = OpenFile(fd: fd, name: name, header: header, window: UTC.windowStart(f.firstGroupStart ?? 0, span: config.rotateSeconds))
        file.size = f.committedOffset
        file.hasher = f.committedHasher
        file.records = f.committedRecords
        file.firstSeq = f.firstSeq
        file.lastSeq = f.committedLastSeq
        file.firstGroupStart = f.firstGroupStart
        file.lastGroupEnd = f.committedLastGroupEnd
        open = file

        if f.trailer != nil {
            // Crash after the trailer, before the rename: finish close() if the trailer is right.
            let problems = f.problems.map(\.message) + f.trailerProblems()
            guard problems.isEmpty else { throw LedgerError(.corrupt, "bad trailer: \(problems)", path: path(name)) }
            file.size = f.size
            file.hasher = SHA256()  // replaced below: the whole file's hash is what the chain needs
            open = file
            open!.trailerWritten = true
            try closeOpenFile(wholeSHA256: f.shaWhole)
            recovery.completedClose = lastFinal?.name
            return
        }
        if f.size > f.committedOffset {
            let r = ops.ftruncate(fd, f.committedOffset)
            guard r >= 0 else { throw .io("truncate torn tail", path(name), Int(r)) }
            try sync(fd, path(name))
            recovery.droppedBytes = f.size - f.committedOffset
            recovery.droppedRecords = f.tailRecordLines
        }
        recovery.continuedFile = name
    }

    private func unlinkAndSyncDirectory(_ name: String) throws(LedgerError) {
        let r = ops.unlink(path(name))
        guard r >= 0 else { throw .io("remove", path(name), Int(r)) }
        try sync(dirFD, dir)
    }

    private func sync(_ fd: Int32, _ what: String) throws(LedgerError) {
        guard config.fsync else { return }
        let r = ops.fsync(fd)
        guard r >= 0 else { throw .io("fsync", what, Int(r)) }
    }

    // MARK: Queries

    /// The highest `part` already in the ledger (or accepted and pending) for a link's interval.
    public func highestPart(link: String, intervalStart: String) -> Int? {
        parts[RecordKey(link: link, intervalStart: intervalStart)]
    }

    // MARK: Append

    /// Appends a group: gives each record the next `seq` (ledger-wide, contiguous from 1) and the
    /// group fields, then writes all of its lines with one write() and one fsync. Rotates first when
    /// the group starts in a later rotation window than the open file's, or the size limit would be
    /// passed. A group that is not acceptable (no records, missing or reserved fields, a key already
    /// in the ledger) throws `.invalidGroup` and changes nothing. On a write failure the group is
    /// kept, with its seqs, the partial write is cut back, and the error is thrown; the next
    /// append(), flushPending() or close() retries pending groups first, in order.
    public func append(_ group: IntervalGroup) throws(LedgerError) {
        pending.append(try encode(group))
        try flushPending()
    }

    /// Writes every pending group, in order; throws at the first that still fails.
    public func flushPending() throws(LedgerError) {
        while let g = pending.first {
            try write(g)
            pending.removeFirst()
        }
    }

    private func encode(_ group: IntervalGroup) throws(LedgerError) -> PendingGroup {
        func invalid(_ why: String) -> LedgerError { LedgerError(.invalidGroup, why, path: dir) }
        guard !group.records.isEmpty else { throw invalid("group has no records") }
        guard group.intervalEnd >= group.intervalStart else { throw invalid("interval ends before it starts") }
        var newKeys: [[String]] = []
        for r in group.records {
            guard case .string(let link)? = r["link"], case .string(let start)? = r["interval_start"],
                case .int(let part)? = r["part"]
            else { throw invalid("record lacks link, interval_start or part") }
            if let k = r.members.first(where: { Self.writerFields.contains($0.key) }) {
                throw invalid("record sets the ledger's field \"\(k.key)\"")
            }
            let key = [link, start, String(part)]
            guard !keys.contains(key), !newKeys.contains(key) else {
                throw invalid("duplicate record key link=\(link) interval_start=\(start) part=\(part)")
            }
            newKeys.append(key)
        }
        let firstSeq = nextSeq
        var bytes: [UInt8] = []
        for (i, r) in group.records.enumerated() {
            var line = JSONObject()
            line.set("type", .string("interval"))
            line.set("schema", .int(1))
            line.set("site", .string(config.site))
            line.set("seq", .int(firstSeq + Int64(i)))
            line.set("group_size", .int(Int64(group.records.count)))
            line.set("group_index", .int(Int64(i)))
            line.set("group_start", .int(group.intervalStart))
            line.set("group_end", .int(group.intervalEnd))
            line.set("covered_until", .int(group.coveredUntil))
            line.appendUnchecked(r.members)
            bytes += line.encoded()
            bytes.append(0x0A)
        }
        // Accepted: from here the group is the ledger's, on disk or pending.
        nextSeq = firstSeq + Int64(group.records.count)
        for k in newKeys {
            keys.insert(k)
            let rk = RecordKey(link: k[0], intervalStart: k[1])
            let part = Int(k[2])!
            parts[rk] = max(parts[rk] ?? part, part)
        }
        return PendingGroup(
            bytes: bytes, intervalStart: group.intervalStart, intervalEnd: group.intervalEnd,
            coveredUntil: group.coveredUntil, records: group.records.count, firstSeq: firstSeq, lastSeq: nextSeq - 1,
            source: group.records.first?["source"]?.stringValue)
    }

    private func write(_ g: PendingGroup) throws(LedgerError) {
        let window = UTC.windowStart(g.intervalStart, span: config.rotateSeconds)
        if let f = open {
            var rotate = window > f.window
            if let max = config.maxFileBytes, f.records > 0, let first = f.firstSeq {
                let total = f.size + g.bytes.count + Self.trailer(records: f.records + g.records, first: first, last: g.lastSeq, sha256: String(repeating: "0", count: 64)).count
                rotate = rotate || total > max
            }
            if rotate { try closeOpenFile() }
        }
        if open == nil { try createOpenFile(window: window) }
        var bytes: [UInt8] = []
        if open!.size == 0 {
            let h = open!.header
            var header = JSONObject()
            header.set("type", .string("ledger_file"))
            header.set("schema", .int(1))
            header.set("site", .string(h.site))
            header.set("file_seq", .int(h.fileSeq))
            header.set("prev_file", h.prevFile.map(JSONValue.string) ?? .null)
            header.set("prev_sha256", h.prevSHA256.map(JSONValue.string) ?? .null)
            bytes = header.encoded() + [0x0A]
        }
        bytes += g.bytes
        try commit(bytes)
        open!.records += g.records
        open!.firstSeq = open!.firstSeq ?? g.firstSeq
        open!.lastSeq = g.lastSeq
        open!.firstGroupStart = open!.firstGroupStart ?? g.intervalStart
        open!.lastGroupEnd = max(open!.lastGroupEnd ?? g.intervalEnd, g.intervalEnd)
        watermark = max(watermark, g.coveredUntil)
        if let source = g.source { sourceWatermarks[source] = max(sourceWatermarks[source] ?? 0, g.coveredUntil) }
    }

    /// One write (looping on short writes) and one fsync; on failure the file is cut back to its
    /// committed size so that it never holds a partial group.
    private func commit(_ bytes: [UInt8]) throws(LedgerError) {
        let name = path(open!.name)
        let fd = open!.fd
        if open!.dirty {
            let r = ops.ftruncate(fd, open!.size)
            guard r >= 0 else { throw .io("truncate after a failed write", name, Int(r)) }
            open!.dirty = false
        }
        var failure: LedgerError?
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = ops.write(fd, UnsafeRawBufferPointer(rebasing: buffer[done...]))
                if n == -Int(EINTR) { continue }
                if n <= 0 { failure = .io("write", name, n == 0 ? -Int(EIO) : n); return }
                done += n
            }
        }
        if failure == nil, config.fsync {
            let r = ops.fsync(fd)
            if r < 0 { failure = .io("fsync", name, Int(r)) }
        }
        if let failure {
            if ops.ftruncate(fd, open!.size) < 0 { open!.dirty = true }
            throw failure
        }
        open!.size += bytes.count
        bytes.withUnsafeBytes { open!.hasher.update(bufferPointer: $0) }
    }

    private func createOpenFile(window: Int64) throws(LedgerError) {
        let name = ".\(config.site)_\(UTC.stamp(window)).open.jsonl"
        let fd = ops.open(path(name), O_WRONLY | O_APPEND | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw .io("create open file", path(name), Int(fd)) }
        var header = FileHeader(site: config.site, fileSeq: (lastFinal?.fileSeq ?? 0) + 1)
        header.prevFile = lastFinal?.name
        header.prevSHA256 = lastFinal?.sha256
        open = OpenFile(fd: fd, name: name, header: header, window: window)
        try sync(dirFD, dir)
    }

    static func trailer(records: Int, first: Int64, last: Int64, sha256: String) -> [UInt8] {
        var t = JSONObject()
        t.set("type", .string("ledger_close"))
        t.set("schema", .int(1))
        t.set("records", .int(Int64(records)))
        t.set("first_seq", .int(first))
        t.set("last_seq", .int(last))
        t.set("sha256", .string(sha256))
        return t.encoded() + [0x0A]
    }

    // MARK: Close

    /// Writes pending groups, then closes the open file: trailer line, fsync, link to its final name
    /// (refused if that name exists), removal of the open name, fsync of the directory. The writer
    /// may append again afterwards (into a new file).
    public func close() throws(LedgerError) {
        try flushPending()
        try closeOpenFile()
    }

    /// Every step can fail or be cut by a crash; each leaves a state that a retry or recovery
    /// finishes: no trailer (continue), trailer (link), both names (unlink the open one).
    private func closeOpenFile(wholeSHA256: String? = nil) throws(LedgerError) {
        guard let f = open else { return }
        if f.records == 0 {
            try unlinkAndSyncDirectory(f.name)
            Glibc.close(f.fd)
            open = nil
            return
        }
        if !f.trailerWritten {
            try commit(Self.trailer(records: f.records, first: f.firstSeq!, last: f.lastSeq!, sha256: f.hasher.finalize().hex))
            open!.trailerWritten = true
        }
        let sha = wholeSHA256 ?? open!.hasher.finalize().hex
        let final = "\(config.site)_\(UTC.stamp(f.firstGroupStart!))_\(UTC.stamp(f.lastGroupEnd!))_\(f.firstSeq!).jsonl"
        if !open!.linked {
            let r = ops.link(path(f.name), path(final))
            if r == -EEXIST { throw LedgerError(.corrupt, "final name exists; refusing to overwrite", path: path(final), errno: EEXIST) }
            guard r >= 0 else { throw .io("link to final name", path(final), Int(r)) }
            open!.linked = true
        }
        try unlinkAndSyncDirectory(f.name)
        Glibc.close(f.fd)
        open = nil
        lastFinal = (final, sha, f.header.fileSeq)
    }
}

extension JSONObject {
    /// Appends members known to be new (the writer checked them against its own fields).
    mutating func appendUnchecked(_ more: [(key: String, value: JSONValue)]) {
        for m in more { set(m.key, m.value) }
    }
}

extension FileHeader {
    init(site: String, fileSeq: Int64) {
        self.site = site
        self.fileSeq = fileSeq
        prevFile = nil
        prevSHA256 = nil
    }
}

/// A file's device and inode: two names of one file (left by link() before unlink()) are one file.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }
}

/// The ledger files in a directory.
enum LedgerDirectory {
    /// Final files (`SITE_....jsonl`) and open files (`.SITE_....open.jsonl`), sorted by name; all
    /// sites when `site` is nil.
    static func list(_ dir: String, site: String?) throws(LedgerError) -> (finals: [String], opens: [String]) {
        guard let d = opendir(dir) else { throw LedgerError(.io, "list directory", path: dir, errno: errno) }
        defer { closedir(d) }
        var finals: [String] = []
        var opens: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name.hasSuffix(".jsonl") else { continue }
            if name.hasPrefix(".") {
                guard name.hasSuffix(".open.jsonl"), site.map({ name.hasPrefix(".\($0)_") }) ?? true else { continue }
                opens.append(name)
            } else if site.map({ name.hasPrefix("\($0)_") }) ?? true {
                finals.append(name)
            }
        }
        return (finals.sorted(), opens.sorted())
    }
}
