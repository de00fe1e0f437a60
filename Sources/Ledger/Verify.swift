/// The outcome of `verifyLedger`: every problem found, not only the first.
public struct LedgerVerification: Sendable {
    /// Ledger files examined (final and open).
    public var files = 0
    /// Records in complete groups.
    public var records = 0
    /// Everything that is wrong: tampering, gaps, truncation, duplicates, broken chain.
    public var problems: [String] = []
    /// Facts that are not errors, e.g. a recoverable open file at the end of the chain.
    public var notes: [String] = []
    public var ok: Bool { problems.isEmpty }
}

/// Checks every ledger file in `directory`: headers and trailers (record count, seq range,
/// SHA-256), the hash chain between files (ordered by `file_seq`, per site), contiguous seqs across
/// files, consistent group fields, unique record keys (link, interval_start, part), file names that
/// match their content, and lines that parse in the canonical encoding. Throws only when the
/// directory or a file cannot be read.
public func verifyLedger(directory: String) throws -> LedgerVerification {
    var v = LedgerVerification()
    let listing = try LedgerDirectory.list(directory, site: nil)
    var seen: [[String]: (file: String, seq: Int64)] = [:]
    var finalsBySite: [String: [ScannedFile]] = [:]
    var opensBySite: [String: [ScannedFile]] = [:]
    var finalInodes: [FileIdentity: String] = [:]

    func scan(_ name: String) throws -> ScannedFile {
        v.files += 1
        return try ScannedFile.scan(directory: directory, name: name) { group in
            for r in group {
                let key = [r.link, r.intervalStart, String(r.part)]
                if let earlier = seen[key] {
                    v.problems.append(
                        "duplicate record key link=\(r.link) interval_start=\(r.intervalStart) part=\(r.part): seq \(earlier.seq) in \(earlier.file) and seq \(r.seq) in \(name)")
                } else {
                    seen[key] = (name, r.seq)
                }
            }
        }
    }

    for name in listing.finals {
        let f = try scan(name)
        if let id = FileIdentity(directory + "/" + name) { finalInodes[id] = name }
        v.problems += f.problems.map(\.message)
        if f.trailer == nil { v.problems.append("\(name): truncated (no trailer)") }
        v.problems += f.trailerProblems()
        v.records += f.records
        guard let header = f.header else { continue }
        if let first = f.firstGroupStart, let last = f.lastGroupEnd, let seq = f.firstSeq {
            let expected = "\(header.site)_\(UTC.stamp(first))_\(UTC.stamp(last))_\(seq).jsonl"
            if expected != name { v.problems.append("\(name): name does not match its content (expected \(expected))") }
        }
        finalsBySite[header.site, default: []].append(f)
    }
    for name in listing.opens {
        if let id = FileIdentity(directory + "/" + name), let final = finalInodes[id] {
            v.notes.append("\(name): second name of \(final) left by a crash during close (recovery removes it)")
            continue
        }
        let f = try scan(name)
        v.records += f.committedRecords
        if f.completeGroupsAfterAnomaly > 0 || (f.header == nil && f.records > 0) {
            v.problems += f.problems.map(\.message)
        } else if !f.problems.isEmpty {
            v.notes.append("\(name): open; recovery drops \(f.size - f.committedOffset) bytes: \(f.problems.map(\.message).joined(separator: "; "))")
        }
        if let header = f.header {
            opensBySite[header.site, default: []].append(f)
        } else {
            v.notes.append("\(name): open file without a record (recovery removes it)")
        }
    }

    for site in Set(finalsBySite.keys).union(opensBySite.keys).sorted() {
        let finals = (finalsBySite[site] ?? []).sorted { $0.header!.fileSeq < $1.header!.fileSeq }
        let opens = opensBySite[site] ?? []
        var previous: ScannedFile?
        for f in finals + opens {
            let h = f.header!
            let isOpen = f.trailer == nil && opens.contains(where: { $0.name == f.name })
            if isOpen {
                if opens.count > 1 { v.problems.append("\(f.name): one of \(opens.count) open files of site \(site)") }
                v.notes.append("\(f.name): open file (not yet closed) with \(f.committedRecords) records")
            }
            guard let prev = previous else {
                if h.fileSeq != 1 || h.prevFile != nil {
                    v.problems.append(
                        "\(f.name): first file of site \(site) has file_seq \(h.fileSeq) and prev_file \(h.prevFile ?? "null"): earlier files missing")
                }
                if let first = f.firstSeq, first != 1 { v.problems.append("\(f.name): first seq is \(first), not 1") }
                previous = f
                continue
            }
            let ph = prev.header!
            if h.fileSeq == ph.fileSeq {
                v.problems.append("\(prev.name) and \(f.name) have the same file_seq \(h.fileSeq)")
            } else if h.fileSeq != ph.fileSeq + 1 {
                v.problems.append(
                    "file_seq \(ph.fileSeq + 1)...\(h.fileSeq - 1) missing: chain broken between \(prev.name) and \(f.name) (seq \(prev.lastSeq.map(String.init) ?? "?") -> \(f.firstSeq.map(String.init) ?? "?"))")
            }
            if h.prevFile != prev.name || h.prevSHA256 != prev.shaWhole {
                v.problems.append(
                    "\(f.name): header prev_file \(h.prevFile ?? "null") / prev_sha256 do not match the previous file \(prev.name) (chain broken)")
            }
            if let last = prev.lastSeq, let first = f.firstSeq, first != last + 1 {
                v.problems.append("seq gap between \(prev.name) and \(f.name) (seq \(last) -> \(first))")
            }
            previous = f
        }
    }
    return v
}

/// Streams every record (type "interval") of the ledger's files, final and open, in seq order, as
/// dictionaries (integers as Int64, null as nil). Only complete groups are given: the records that
/// recovery would drop from a torn open file are not.
public func forEachLedgerRecord(directory: String, _ body: ([String: Any]) throws -> Void) throws {
    let listing = try LedgerDirectory.list(directory, site: nil)
    var finalInodes: Set<FileIdentity> = []
    var files: [(site: String, fileSeq: Int64, name: String)] = []
    for name in listing.finals + listing.opens {
        let id = FileIdentity(directory + "/" + name)
        if name.hasPrefix(".") {
            // The second name of a final file (crash during close) would count its records twice.
            if let id, finalInodes.contains(id) { continue }
        } else if let id {
            finalInodes.insert(id)
        }
        let reader = try LineReader(path: directory + "/" + name)
        guard let line = try reader.next(), line.terminated, let o = JSONParser.parseObject(line.bytes),
            let h = FileHeader(o)
        else { continue }
        files.append((h.site, h.fileSeq, name))
    }
    files.sort { ($0.site, $0.fileSeq) < ($1.site, $1.fileSeq) }
    for file in files {
        _ = try ScannedFile.scan(directory: directory, name: file.name) { group in
            for r in group { try body(r.object.dictionary) }
        }
    }
}
