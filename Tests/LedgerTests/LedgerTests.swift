import Crypto
import Foundation
import Testing
@testable import Ledger

#if canImport(Glibc)
import Glibc
#endif

@Suite("Ledger JSON")
struct LedgerJSONTests {
    @Test func encodingIsDeterministicAndEscaped() {
        var o = JSONObject()
        o.set("b", .int(-9_223_372_036_854_775_808))
        o.set("a", .string("q\"\\/\n\r\t\u{08}\u{0C}\u{01}é"))
        o.set("c", .array([.bool(true), .bool(false), .null, .object(JSONObject())]))
        o.set("b", .int(2))  // replaces in place, keeps position
        // RFC 8259 section 7: quote, backslash and U+0000..U+001F escaped; "/" and non-ASCII may stay.
        let expected = #"{"b":2,"a":"q\"\\/\n\r\t\b\f\u0001é","c":[true,false,null,{}]}"#
        #expect(String(decoding: o.encoded(), as: UTF8.self) == expected)
        #expect(JSONParser.parseObject(Array(expected.utf8)) == o)
    }

    @Test func parserIsStrict() {
        for bad in [
            "", "{", #"{"a":1}x"#, #"{"a":01}"#, #"{"a":1.5}"#, #"{"a":9223372036854775808}"#, #"{"a":1,"a":2}"#,
            #"{"a":"\ud800"}"#, "{\"a\":\"\u{01}\"}", #"[1]"#, #"{"a":tru}"#,
            String(repeating: "[", count: 100),
        ] {
            #expect(JSONParser.parseObject(Array(bad.utf8)) == nil, "\(bad)")
        }
        #expect(JSONParser.parseObject(Array(#"{"a":-9223372036854775808,"b":"\ud83d\ude00"}"#.utf8))?["b"] == .string("😀"))
    }

    @Test func utcStamps() {
        // Values from `date -u -d @N +%Y%m%dT%H%M%SZ`.
        #expect(UTC.stamp(0) == "19700101T000000Z")
        #expect(UTC.stamp(951_782_400) == "20000229T000000Z")
        #expect(UTC.stamp(-1) == "19691231T235959Z")
        #expect(UTC.stamp(t10) == "20261121T100000Z")
        #expect(UTC.windowStart(t10 + 3599, span: 3600) == t10)
        #expect(UTC.windowStart(-1, span: 3600) == -3600)
    }

    @Test func sha256KnownVector() {
        // FIPS 180-4 example "abc".
        #expect(SHA256.hash(data: Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite("Ledger writer")
struct LedgerWriterTests {
    @Test func fileFormatLineByLine() throws {
        let dir = tempDirectory()
        let w = try LedgerWriter(config(dir))
        try w.append(group(t10))
        try w.close()
        let name = "stp1_20261121T100000Z_20261121T101500Z_1.jsonl"
        #expect(files(dir) == [name])
        let path = dir + "/" + name
        let l = lines(path)
        #expect(l.count == 4)
        #expect(l[0] == #"{"type":"ledger_file","schema":1,"site":"stp1","file_seq":1,"prev_file":null,"prev_sha256":null}"#)
        #expect(
            l[1] == #"{"type":"interval","schema":1,"site":"stp1","seq":1,"group_size":2,"group_index":0,"group_start":1795255200,"group_end":1795256100,"covered_until":1795256100000000000,"link":"L1","interval_start":"2026-11-21T10:00:00Z","part":0,"msus":7}"#)
        #expect(
            l[2] == #"{"type":"interval","schema":1,"site":"stp1","seq":2,"group_size":2,"group_index":1,"group_start":1795255200,"group_end":1795256100,"covered_until":1795256100000000000,"link":"L2","interval_start":"2026-11-21T10:00:00Z","part":0,"msus":7}"#)
        let sha = sha256sum(path, dropLastLine: true)
        #expect(l[3] == #"{"type":"ledger_close","schema":1,"records":2,"first_seq":1,"last_seq":2,"sha256":"\#(sha)"}"#)
        #expect(text(path).hasSuffix("}\n"))
    }

    @Test func identicalInputGivesIdenticalBytes() throws {
        let a = tempDirectory(), b = tempDirectory()
        for dir in [a, b] {
            let w = try LedgerWriter(config(dir, rotate: 1800))
            for k in 0..<6 { try w.append(group(t10 + Int64(k) * 900, links: ["L1", "L2", "L3"])) }
            try w.close()
        }
        #expect(files(a).count == 3)
        #expect(files(a) == files(b))
        for f in files(a) { #expect(bytes(a + "/" + f) == bytes(b + "/" + f)) }
    }

    @Test func rotatesOnWindowBoundaries() throws {
        let dir = tempDirectory()
        let w = try LedgerWriter(config(dir))
        for k in 0..<5 { try w.append(group(t10 + Int64(k) * 900)) }  // 10:00 .. 11:00
        // Before close: one final file (10:00-11:00 window) and the open one for the 11:00 window.
        #expect(files(dir) == [".stp1_20261121T110000Z.open.jsonl", "stp1_20261121T100000Z_20261121T110000Z_1.jsonl"])
        try w.close()
        let first = "stp1_20261121T100000Z_20261121T110000Z_1.jsonl"
        let second = "stp1_20261121T110000Z_20261121T111500Z_9.jsonl"
        #expect(files(dir) == [first, second])
        let header2 = lines(dir + "/" + second)[0]
        #expect(header2 == #"{"type":"ledger_file","schema":1,"site":"stp1","file_seq":2,"prev_file":"\#(first)","prev_sha256":"\#(sha256sum(dir + "/" + first))"}"#)
        #expect(try seqs(dir) == Array(1...10))
        let v = try verifyLedger(directory: dir)
        #expect(v.ok, "\(v.problems)")
        #expect(v.files == 2 && v.records == 10)
    }

    @Test func rotatesOnSizeLimit() throws {
        let dir = tempDirectory()
        let limit = 1500
        let w = try LedgerWriter(config(dir, rotate: 86_400, maxBytes: limit))
        for k in 0..<8 { try w.append(group(t10 + Int64(k) * 900)) }
        try w.close()
        let names = files(dir)
        #expect(names.count > 2)
        for n in names {
            let size = bytes(dir + "/" + n).count
            #expect(size <= limit, "\(n): \(size)")
            #expect(lines(dir + "/" + n).count >= 4)  // header, at least one group of two, trailer
        }
        #expect(try seqs(dir) == Array(1...16))
        #expect(try verifyLedger(directory: dir).ok)
    }

    @Test func secondWriterStartsNewFileAndChains() throws {
        let dir = tempDirectory()
        do {
            let w = try LedgerWriter(config(dir))
            try w.append(group(t10))
            try w.close()
        }
        let first = "stp1_20261121T100000Z_20261121T101500Z_1.jsonl"
        let before = bytes(dir + "/" + first)
        let w2 = try LedgerWriter(config(dir))
        #expect(w2.recovery.isClean && w2.recovery.finalFiles == 1)
        #expect(w2.watermark == (t10 + 900) * 1_000_000_000)
        #expect(w2.highestPart(link: "L2", intervalStart: "2026-11-21T10:00:00Z") == 0)
        #expect(w2.highestPart(link: "L3", intervalStart: "2026-11-21T10:00:00Z") == nil)
        // Same window, new part: a later capture adding to the interval.
        try w2.append(group(t10, part: 1))
        try w2.close()
        #expect(bytes(dir + "/" + first) == before)  // final files are never reopened
        let second = "stp1_20261121T100000Z_20261121T101500Z_3.jsonl"
        #expect(files(dir) == [first, second])
        #expect(lines(dir + "/" + second)[0].contains(#""file_seq":2,"prev_file":"\#(first)","prev_sha256":"\#(sha256sum(dir + "/" + first))""#))
        #expect(try seqs(dir) == [1, 2, 3, 4])
        #expect(try verifyLedger(directory: dir).ok)
    }

    @Test func oneWriterPerDirectory() throws {
        let dir = tempDirectory()
        let w = try LedgerWriter(config(dir))
        #expect { try LedgerWriter(config(dir)) } throws: { ($0 as? LedgerError)?.kind == .locked }
        _ = w
    }

    @Test func refusesDuplicateKeysAndReservedFields() throws {
        let dir = tempDirectory()
        let w = try LedgerWriter(config(dir))
        try w.append(group(t10))
        #expect { try w.append(group(t10)) } throws: { ($0 as? LedgerError)?.kind == .invalidGroup }
        #expect { try w.append(group(t10 + 900, links: ["L1", "L1"])) } throws: { ($0 as? LedgerError)?.kind == .invalidGroup }
        var g = group(t10 + 900)
        g.records[0].set("seq", .int(99))
        #expect { try w.append(g) } throws: { ($0 as? LedgerError)?.kind == .invalidGroup }
        #expect { try w.append(IntervalGroup(intervalStart: t10, intervalEnd: t10, coveredUntil: 0, records: [])) } throws: { _ in true }
        try w.append(group(t10 + 900))
        try w.close()
        #expect(try seqs(dir) == [1, 2, 3, 4])  // refused groups used no seq
    }

    @Test func unusableDirectoryNamesIt() throws {
        let dir = tempDirectory()
        write(dir + "/plain", [])
        #expect { try LedgerWriter(config(dir + "/plain/sub")) } throws: {
            "\($0)".contains(dir + "/plain") && "\($0)".contains("Not a directory")
        }
        #expect { try LedgerWriter(config(dir + "/plain")) } throws: { "\($0)".contains("not a directory") }
        // Root ignores permission bits, so the refusal of a read-only directory is injected.
        let ops = FaultyOps()
        ops.failOpens = ".stp1.lock"
        #expect { try LedgerWriter(config(dir + "/ro"), ops: ops) } throws: {
            "\($0)".contains(dir + "/ro/.stp1.lock") && "\($0)".contains("Permission denied") && "\($0)".contains("writable")
        }
        let created = try LedgerWriter(config(dir + "/a/b/c"))  // missing parents are created
        _ = created
    }
}

@Suite("Ledger disk full")
struct LedgerDiskFullTests {
    @Test func failedGroupsAreKeptAndRetriedInOrder() throws {
        let dir = tempDirectory()
        let ops = FaultyOps()
        let w = try LedgerWriter(config(dir), ops: ops)
        try w.append(group(t10))
        let open = dir + "/.stp1_20261121T100000Z.open.jsonl"
        let committed = bytes(open)
        ops.failWrites = 3
        ops.partialFirst = true  // half of the group reaches the disk, then ENOSPC
        #expect { try w.append(group(t10 + 900)) } throws: { ($0 as? LedgerError)?.errno == ENOSPC }
        #expect(w.pendingGroups == 1)
        #expect(bytes(open) == committed)  // the partial write was cut back
        #expect { try w.append(group(t10 + 1800)) } throws: { ($0 as? LedgerError)?.errno == ENOSPC }
        #expect(w.pendingGroups == 2)
        #expect(bytes(open) == committed)
        // The disk has room again (one failure left is used by this flush).
        #expect(throws: LedgerError.self) { try w.flushPending() }
        try w.flushPending()
        #expect(w.pendingGroups == 0)
        ops.failFsyncs = 1  // EIO on fsync: same treatment
        #expect(throws: LedgerError.self) { try w.append(group(t10 + 2700)) }
        #expect(w.pendingGroups == 1)
        try w.close()
        #expect(w.pendingGroups == 0)
        var keys: [String] = []
        try forEachLedgerRecord(directory: dir) { keys.append("\($0["link"]!) \($0["interval_start"]!)") }
        #expect(try seqs(dir) == Array(1...8))
        #expect(Set(keys).count == 8)
        #expect(try verifyLedger(directory: dir).ok)
    }

    @Test func failedTrailerAndRenameAreRetriedByClose() throws {
        let dir = tempDirectory()
        let ops = FaultyOps()
        let w = try LedgerWriter(config(dir), ops: ops)
        try w.append(group(t10))
        ops.failWrites = 1
        #expect(throws: LedgerError.self) { try w.close() }
        ops.failLinks = 1
        #expect(throws: LedgerError.self) { try w.close() }
        try w.close()
        #expect(files(dir) == ["stp1_20261121T100000Z_20261121T101500Z_1.jsonl"])
        #expect(try verifyLedger(directory: dir).ok)
    }
}

@Suite("Ledger recovery")
struct LedgerRecoveryTests {
    let openName = ".stp1_20261121T100000Z.open.jsonl"

    /// Leaves an open file with two groups (seq 1-4), as a kill -9 after the second append does.
    func crashedLedger() throws -> String {
        let dir = tempDirectory()
        let w = try LedgerWriter(config(dir))
        try w.append(group(t10))
        try w.append(group(t10 + 900))
        return dir  // the writer is dropped without close()
    }

    func continueAndCheck(_ dir: String, nextSeqs: [Int64]) throws {
        let w = try LedgerWriter(config(dir))
        try w.append(group(t10 + 2700, links: ["L9"]))
        try w.close()
        #expect(try seqs(dir) == nextSeqs)
        let v = try verifyLedger(directory: dir)
        #expect(v.ok, "\(v.problems)")
    }

    @Test func tornLastLine() throws {
        let dir = try crashedLedger()
        let torn = #"{"type":"interval","schema":1,"site":"stp1","se"#
        appendBytes(dir + "/" + openName, torn)
        let before = try verifyLedger(directory: dir)
        #expect(before.ok && before.notes.contains { $0.contains("recovery drops \(torn.utf8.count) bytes") })
        let w = try LedgerWriter(config(dir))
        #expect(w.recovery.openFile == openName && w.recovery.continuedFile == openName)
        #expect(w.recovery.droppedBytes == torn.utf8.count && w.recovery.droppedRecords == 0)
        #expect(w.watermark == (t10 + 1800) * 1_000_000_000)
        _ = consume w
        try continueAndCheck(dir, nextSeqs: [1, 2, 3, 4, 5])
    }

    @Test func incompleteGroup() throws {
        let dir = try crashedLedger()
        // First line of a two-record group (seq 5); its second line never reached the disk.
        let line =
            #"{"type":"interval","schema":1,"site":"stp1","seq":5,"group_size":2,"group_index":0,"group_start":1795257000,"group_end":1795257900,"covered_until":1795257900000000000,"link":"L1","interval_start":"2026-11-21T10:30:00Z","part":0,"msus":7}"#
            + "\n"
        appendBytes(dir + "/" + openName, line)
        let w = try LedgerWriter(config(dir))
        #expect(w.recovery.droppedBytes == line.utf8.count && w.recovery.droppedRecords == 1)
        #expect(w.highestPart(link: "L1", intervalStart: "2026-11-21T10:30:00Z") == nil)
        _ = consume w
        try continueAndCheck(dir, nextSeqs: [1, 2, 3, 4, 5])  // seq 5 is given again: it was never committed
    }

    @Test func emptyAndHeaderOnlyOpenFiles() throws {
        for content in ["", #"{"type":"ledger_file","schema":1,"site":"stp1","file_seq":1,"prev_file":null,"prev_sha256":null}"# + "\n", #"{"type":"ledger_fi"#] {
            let dir = tempDirectory()
            write(dir + "/" + openName, Array(content.utf8))
            let w = try LedgerWriter(config(dir))
            #expect(w.recovery.removedOpenFile && w.recovery.droppedBytes == content.utf8.count)
            #expect(files(dir).isEmpty)
            _ = consume w
            try continueAndCheck(dir, nextSeqs: [1])
        }
    }

    @Test func crashAfterTrailerBeforeRename() throws {
        let dir = tempDirectory()
        let ops = FaultyOps()
        do {
            let w = try LedgerWriter(config(dir), ops: ops)
            try w.append(group(t10))
            ops.failLinks = 1
            #expect(throws: LedgerError.self) { try w.close() }  // trailer written and synced, no final name
        }
        let open = dir + "/" + openName
        let l = lines(open)
        #expect(l.count == 4 && l[3].contains(#""sha256":"\#(sha256sum(open, dropLastLine: true))""#))
        let w = try LedgerWriter(config(dir))
        let final = "stp1_20261121T100000Z_20261121T101500Z_1.jsonl"
        #expect(w.recovery.completedClose == final)
        #expect(files(dir) == [final])
        _ = consume w
        try continueAndCheck(dir, nextSeqs: [1, 2, 3])
    }

    @Test func crashBetweenLinkAndUnlink() throws {
        let dir = tempDirectory()
        let ops = FaultyOps()
        do {
            let w = try LedgerWriter(config(dir), ops: ops)
            try w.append(group(t10))
            ops.failUnlinksOf = openName
            #expect(throws: LedgerError.self) { try w.close() }
        }
        let final = "stp1_20261121T100000Z_20261121T101500Z_1.jsonl"
        #expect(files(dir) == [openName, final])  // both names of one file
        #expect(try seqs(dir) == [1, 2])  // not counted twice
        let v = try verifyLedger(directory: dir)
        #expect(v.ok && v.notes.contains { $0.contains("second name") })
        let w = try LedgerWriter(config(dir))
        #expect(w.recovery.removedLeftoverName)
        #expect(files(dir) == [final])
        _ = consume w
        try continueAndCheck(dir, nextSeqs: [1, 2, 3])
    }

    @Test func crashAfterRenameBeforeNextFile() throws {
        let dir = tempDirectory()
        let w = try LedgerWriter(config(dir))
        try w.append(group(t10))
        try w.append(group(t10 + 3600))  // rotation: the first file is final, the next one open
        _ = consume w
        // Remove the new open file as if the crash came right after the rename.
        let next = dir + "/.stp1_20261121T110000Z.open.jsonl"
        #expect(unlink(next) == 0)
        try continueAndCheck(dir, nextSeqs: [1, 2, 3])
    }

    @Test func editedMiddleIsNotTakenForACrash() throws {
        let dir = try crashedLedger()
        let open = dir + "/" + openName
        write(open, Array(text(open).replacingOccurrences(of: #""seq":2,"#, with: #""seq":2 ,"#).utf8))
        #expect { try LedgerWriter(config(dir)) } throws: { ($0 as? LedgerError)?.kind == .corrupt }
        // The refused writer released its lock: with the file set aside, a writer starts.
        #expect(rename(open, dir + "/edited.txt") == 0)
        #expect(try LedgerWriter(config(dir)).recovery.isClean)
    }
}

@Suite("Ledger verify")
struct LedgerVerifyTests {
    /// Three final files: seq 1-2, 3-4, 5-6.
    func ledger() throws -> (String, [String]) {
        let dir = tempDirectory()
        let w = try LedgerWriter(config(dir))
        for k in 0..<3 { try w.append(group(t10 + Int64(k) * 3600)) }
        try w.close()
        return (dir, files(dir))
    }

    @Test func cleanLedger() throws {
        let (dir, names) = try ledger()
        #expect(names.count == 3)
        let v = try verifyLedger(directory: dir)
        #expect(v.ok && v.problems.isEmpty && v.files == 3 && v.records == 6)
    }

    @Test func deletedFile() throws {
        let (dir, names) = try ledger()
        #expect(unlink(dir + "/" + names[1]) == 0)
        let v = try verifyLedger(directory: dir)
        #expect(v.problems.contains { $0.contains("chain broken between \(names[0]) and \(names[2]) (seq 2 -> 5)") })
        #expect(v.problems.contains { $0.contains("seq gap") })
    }

    @Test func editedDigit() throws {
        let (dir, names) = try ledger()
        let p = dir + "/" + names[1]
        write(p, Array(text(p).replacingOccurrences(of: #""msus":7}"#, with: #""msus":8}"#).utf8))
        let v = try verifyLedger(directory: dir)
        #expect(v.problems.contains { $0.hasPrefix("\(names[1]): sha256 mismatch (file edited)") })
        #expect(v.problems.contains { $0.contains("\(names[2])") && $0.contains("chain broken") })
    }

    @Test func truncatedFile() throws {
        let (dir, names) = try ledger()
        let p = dir + "/" + names[2]
        #expect(truncate(p, off_t(bytes(p).count - 10)) == 0)
        let v = try verifyLedger(directory: dir)
        #expect(v.problems.contains("\(names[2]): truncated (no trailer)"))
        #expect(v.problems.contains { $0.contains("torn last line") })
    }

    @Test func duplicateKey() throws {
        let (dir, names) = try ledger()
        let p = dir + "/" + names[0]
        write(p, Array(text(p).replacingOccurrences(of: #""link":"L2""#, with: #""link":"L1""#).utf8))
        let v = try verifyLedger(directory: dir)
        #expect(v.problems.contains { $0.hasPrefix("duplicate record key link=L1 interval_start=2026-11-21T10:00:00Z part=0") })
    }

    @Test func swappedFiles() throws {
        let (dir, names) = try ledger()
        let a = dir + "/" + names[0], b = dir + "/" + names[1]
        #expect(rename(a, dir + "/tmp") == 0 && rename(b, a) == 0 && rename(dir + "/tmp", b) == 0)
        let v = try verifyLedger(directory: dir)
        #expect(v.problems.contains { $0.hasPrefix("\(names[0]): name does not match its content") })
        #expect(v.problems.contains { $0.hasPrefix("\(names[1]): name does not match its content") })
    }

    @Test func openFileIsReported() throws {
        let dir = tempDirectory()
        let w = try LedgerWriter(config(dir))
        try w.append(group(t10))
        let v = try verifyLedger(directory: dir)
        #expect(v.ok && v.notes.contains { $0.contains("open file (not yet closed) with 2 records") })
        _ = w
    }
}

/// Each source resumes from its own watermark: a source whose traffic is older than another's is not
/// hidden by the other's later watermark.
@Suite struct SourceWatermarkTests {
    @Test func watermarksArePerSource() throws {
        let dir = NSTemporaryDirectory() + "ledger-sources-\(UUID().uuidString)"
        func group(_ source: String, _ start: Int64, covered: Int64) -> IntervalGroup {
            var r = JSONObject()
            r.set("source", .string(source))
            r.set("link", .string("L-\(source)"))
            r.set("interval_start", .string("t\(start)"))
            r.set("part", .int(0))
            return IntervalGroup(intervalStart: start, intervalEnd: start + 60, coveredUntil: covered, records: [r])
        }
        do {
            let w = try LedgerWriter(LedgerConfiguration(directory: dir, site: "s", rotateSeconds: 3600))
            try w.append(group("a", 7200, covered: 7_260_000_000_000))
            try w.append(group("b", 3600, covered: 3_660_000_000_000))
            #expect(w.watermark == 7_260_000_000_000)
            #expect(w.watermark(source: "a") == 7_260_000_000_000)
            #expect(w.watermark(source: "b") == 3_660_000_000_000)
            #expect(w.watermark(source: "c") == 0)
            try w.close()
        }
        // Rebuilt from the files at the next start.
        let again = try LedgerWriter(LedgerConfiguration(directory: dir, site: "s", rotateSeconds: 3600))
        #expect(again.watermark(source: "a") == 7_260_000_000_000)
        #expect(again.watermark(source: "b") == 3_660_000_000_000)
        try again.close()
    }
}
