import Capture
import Foundation
import Testing

/// `now` is the caller's clock; these tests drive it by hand, so nothing here sleeps except where a
/// file system time stamp must move.
@Suite struct SpoolDirectoryTests {
    static func write(_ dir: URL, _ name: String, _ bytes: Int = 100) throws {
        try Data(repeating: 0xA5, count: bytes).write(to: dir.appendingPathComponent(name))
    }

    static func append(_ dir: URL, _ name: String, _ bytes: Int = 10) throws {
        let handle = try FileHandle(forWritingTo: dir.appendingPathComponent(name))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x5A, count: bytes))
        try handle.close()
    }

    /// Files left alone become ready `settleSeconds` after they were first seen, oldest name first,
    /// except the newest, held back until a later file appears; each is returned once. Other names,
    /// dot-files and directories are never returned.
    @Test func settledFilesInNameOrderNewestHeldBack() throws {
        try withTemporaryDirectory { dir in
            // Created out of name order; names sort by time as tcpdump -G / dumpcap names do.
            try Self.write(dir, "ss7-20240304120002.cap")
            try Self.write(dir, "ss7-20240304120000.pcap")
            try Self.write(dir, "ss7-20240304120001.pcapng")
            try Self.write(dir, "notes.txt")
            try Self.write(dir, ".ss7-20240304115959.pcap")
            try FileManager.default.createDirectory(
                at: dir.appendingPathComponent("ss7-20240304120003.pcap"), withIntermediateDirectories: false)
            let p = dir.path + "/"
            var spool = SpoolDirectory(directory: dir.path, settleSeconds: 2)

            #expect(try spool.readyFiles(now: 1000) == [])
            #expect(try spool.readyFiles(now: 1001.9) == [])
            #expect(try spool.readyFiles(now: 1002) == [p + "ss7-20240304120000.pcap", p + "ss7-20240304120001.pcapng"])
            #expect(try spool.readyFiles(now: 1010) == [])

            // A later file closes the previous newest; the new one is held back in its turn.
            try Self.write(dir, "ss7-20240304120004.pcap")
            #expect(try spool.readyFiles(now: 1011) == [p + "ss7-20240304120002.cap"])
            #expect(try spool.readyFiles(now: 1100) == [])
            #expect(try spool.readyFiles(now: 1200) == [])
        }
    }

    /// Without `newestIsOpen` the newest file is ready once settled like the others.
    @Test func newestTakenWhenNotHeldOpen() throws {
        try withTemporaryDirectory { dir in
            try Self.write(dir, "a.pcap")
            try Self.write(dir, "b.pcap")
            var spool = SpoolDirectory(directory: dir.path, settleSeconds: 2, newestIsOpen: false)
            #expect(try spool.readyFiles(now: 0) == [])
            #expect(try spool.readyFiles(now: 2) == [dir.path + "/a.pcap", dir.path + "/b.pcap"])
            #expect(try spool.readyFiles(now: 4) == [])
        }
    }

    /// A file that keeps growing is not ready; it becomes ready `settleSeconds` after it stopped,
    /// and holds back the later names until then.
    @Test func growingFileNotReady() throws {
        try withTemporaryDirectory { dir in
            try Self.write(dir, "a.pcap")
            try Self.write(dir, "b.pcap")
            var spool = SpoolDirectory(directory: dir.path, settleSeconds: 2, newestIsOpen: false)
            #expect(try spool.readyFiles(now: 0) == [])
            try Self.append(dir, "a.pcap")
            #expect(try spool.readyFiles(now: 1.5) == [])
            try Self.append(dir, "a.pcap")
            #expect(try spool.readyFiles(now: 3) == [])  // b is settled, but a (earlier) is not
            #expect(try spool.readyFiles(now: 4.9) == [])
            #expect(try spool.readyFiles(now: 5) == [dir.path + "/a.pcap", dir.path + "/b.pcap"])
        }
    }

    /// A file renamed into the directory (its status changed after its last write) is complete: it
    /// is ready at once, even as the newest.
    @Test func renamedFileReadyAtOnce() throws {
        try withTemporaryDirectory { dir in
            try Self.write(dir, "a.pcap")
            var spool = SpoolDirectory(directory: dir.path, settleSeconds: 2)
            #expect(try spool.readyFiles(now: 0) == [])
            try Self.write(dir, ".b.pcap.part")
            usleep(50_000)  // beyond the kernel's time stamp granularity, so that ctime > mtime
            try FileManager.default.moveItem(
                at: dir.appendingPathComponent(".b.pcap.part"), to: dir.appendingPathComponent("b.pcap"))
            // a is no longer the newest but has not settled: b waits behind it.
            #expect(try spool.readyFiles(now: 0.5) == [])
            #expect(try spool.readyFiles(now: 2) == [dir.path + "/a.pcap", dir.path + "/b.pcap"])

            try Self.write(dir, ".c.pcap.part")
            usleep(50_000)
            try FileManager.default.moveItem(
                at: dir.appendingPathComponent(".c.pcap.part"), to: dir.appendingPathComponent("c.pcap"))
            #expect(try spool.readyFiles(now: 2.1) == [dir.path + "/c.pcap"])
            #expect(try spool.readyFiles(now: 9) == [])
        }
    }

    /// A name reused with new contents (a ring overwriting its oldest file) is a new file; a name
    /// that left the directory is forgotten.
    @Test func rewrittenNameIsNewFile() throws {
        try withTemporaryDirectory { dir in
            try Self.write(dir, "a.pcap", 100)
            var spool = SpoolDirectory(directory: dir.path, settleSeconds: 1, newestIsOpen: false)
            #expect(try spool.readyFiles(now: 0) == [])
            #expect(try spool.readyFiles(now: 1) == [dir.path + "/a.pcap"])
            try Self.write(dir, "a.pcap", 200)
            #expect(try spool.readyFiles(now: 1.5) == [])
            #expect(try spool.readyFiles(now: 2.5) == [dir.path + "/a.pcap"])
            try FileManager.default.removeItem(at: dir.appendingPathComponent("a.pcap"))
            #expect(try spool.readyFiles(now: 3) == [])
        }
    }

    @Test func missingDirectoryIsNamed() {
        var spool = SpoolDirectory(directory: "/nonexistent/spool")
        let error = captureError { _ = try spool.readyFiles(now: 0) }
        #expect(error?.kind == .open)
        #expect(error?.source == "/nonexistent/spool")
        #expect(error?.message == "No such file or directory")
    }
}
