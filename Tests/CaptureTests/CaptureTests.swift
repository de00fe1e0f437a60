import Capture
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The public captures, read-only and outside the repository: `<package root>/../shared/captures/public`.
let captures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/captures/public").path

func capture(_ name: String) -> String { captures + "/" + name }

/// What a test remembers of a frame (its bytes are gone after the callback).
struct Seen: Equatable, CustomStringConvertible {
    var seconds: Int64
    var nanoseconds: Int32
    var source: Int
    var length: Int
    var checksum: UInt64

    init(_ f: borrowing CapturedFrame) {
        seconds = f.seconds
        nanoseconds = f.nanoseconds
        source = f.sourceIndex
        length = f.bytes.count
        checksum = 0xcbf2_9ce4_8422_2325  // FNV-1a over the captured bytes
        for b in f.bytes { checksum = (checksum ^ UInt64(b)) &* 0x100_0000_01b3 }
    }

    var description: String { "#\(source) \(seconds).\(nanoseconds) len \(length)" }

    func isAt(_ s: Int64, _ ns: Int32, length: Int? = nil) -> Bool {
        seconds == s && nanoseconds == ns && (length == nil || length == self.length)
    }
}

func readAll(_ reader: PcapFileReader) throws -> [Seen] {
    var seen: [Seen] = []
    let n = try reader.forEach { (f: borrowing CapturedFrame) in
        seen.append(Seen(f))
        return true
    }
    #expect(n == seen.count)
    return seen
}

func readAll(paths: [String]) throws -> [Seen] {
    var seen: [Seen] = []
    let n = try readCaptures(paths: paths) { (f: borrowing CapturedFrame) in
        seen.append(Seen(f))
        return true
    }
    #expect(n == seen.count)
    return seen
}

/// The error `body` throws, if it is a CaptureError.
func captureError(_ body: () throws -> Void) -> CaptureError? {
    do { try body() } catch let error as CaptureError { return error } catch {
        Issue.record("unexpected error \(error)")
    }
    return nil
}

/// A fresh temporary directory, removed by `body`'s caller via the returned cleanup.
func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capture-tests-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try body(dir)
}

/// Writes `data` into a new pipe from another thread (a pipe holds only 64 KiB) and returns the read end.
func pipeFeeding(_ data: Data) -> Int32 {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let writeEnd = fds[1]
    Thread {
        // If the reader gives up early, write fails with EPIPE instead of killing the test process.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(writeEnd, buffer.baseAddress! + offset, buffer.count - offset)
                guard n > 0 else { break }
                offset += n
            }
        }
        close(writeEnd)
    }.start()
    return fds[0]
}

@Suite struct PublicCaptureTests {
    struct Truth: Decodable {
        struct File: Decodable {
            struct LinkType: Decodable { var dlt: Int32; var name: String }
            struct Decoded: Decodable { var frames: Int }
            var file_format: String
            var link_types: [LinkType]
            var decoded: Decoded
        }
        var files: [String: File]
    }

    static func truth() throws -> Truth {
        try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: capture("truth.json"))))
    }

    /// Frame counts and link types of every public capture equal truth.json's (tshark 4.0.17).
    @Test func countsAndLinkTypesMatchTruth() throws {
        let truth = try Self.truth()
        #expect(truth.files.count == 31)
        for (name, file) in truth.files.sorted(by: { $0.key < $1.key }) {
            let reader = try PcapFileReader(path: capture(name))
            let expected = try #require(file.link_types.first, "\(name)")
            #expect(file.link_types.allSatisfy { $0.dlt == expected.dlt }, "\(name)")
            #expect(reader.linkType == expected.dlt, "\(name)")
            #expect(reader.linkTypeName == expected.name, "\(name)")
            #expect(dltName(expected.dlt) == expected.name)
            var linkTypesSeen = Set<Int32>()
            let n = try reader.forEach { (f: borrowing CapturedFrame) in
                linkTypesSeen.insert(f.linkType)
                return true
            }
            #expect(n == file.decoded.frames, "\(name)")
            #expect(linkTypesSeen == [expected.dlt], "\(name)")
            #expect(try countFrames(path: capture(name)) == file.decoded.frames, "\(name)")
        }
    }

    /// The files the brief names, written out (tshark -r F; capinfos).
    @Test func namedFiles() throws {
        let pcapng = try PcapFileReader(path: capture("wiresharkwiki__isup_load_generator.pcap"))
        #expect(pcapng.linkType == 140)
        #expect(pcapng.linkTypeName == "MTP2")
        #expect(try readAll(pcapng).count == 5265)
        for name in [
            "nickvsnetworking-freeswitch-mod_isup__docker__captures__isup_m3ua_mgcp.pcap",
            "nickvsnetworking-freeswitch-mod_isup__docker__captures__validate.pcap",
        ] {
            let sll2 = try PcapFileReader(path: capture(name))
            #expect(sll2.linkType == 276)
            #expect(sll2.linkTypeName == "LINUX_SLL2")
        }
        #expect(try countFrames(path: capture("nickvsnetworking-freeswitch-mod_isup__docker__captures__validate.pcap")) == 141)
    }

    /// First and last `frame.time_epoch` from `tshark -r F -T fields -e frame.time_epoch`.
    static let times: [(String, (Int64, Int32), (Int64, Int32))] = [
        ("kancom-xdr_tester__isup.pcap", (1408627385, 596000000), (1408627429, 243000000)),
        ("nickvsnetworking-freeswitch-mod_isup__docker__captures__isup_m3ua_mgcp.pcap", (1781720382, 802609000), (1781720429, 525599000)),
        ("nickvsnetworking-freeswitch-mod_isup__docker__captures__validate.pcap", (1781725098, 332545000), (1781725131, 820612000)),
        ("sridhar19091986-pcapsctpspliter__mm_2010_11_15.pcap", (1288700005, 640192000), (1288700005, 671603000)),
        ("tcpdump__tests__isup.pcap", (1089032999, 862196000), (1089033016, 952114000)),
        ("timkam-ss7-firewall-rule-mining__invokeUpdate.pcap", (1570196554, 593017000), (1570196554, 593017000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_cgGT_in_end_of_msg.pcap", (1570104998, 611692000), (1570104998, 611692000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_continue.pcap", (1570196554, 604730000), (1570196554, 604730000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_could_not_find_comp.pcap", (1570104981, 741266000), (1570104981, 741266000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_long_length_continue2.pcap", (1570105000, 801916000), (1570105000, 801916000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_long_length_in_dialogue.pcap", (1570105087, 252537000), (1570105087, 252537000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_op_code.pcap", (1570104984, 267659000), (1570104984, 267659000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_payload_data.pcap", (1570196554, 597817000), (1570196554, 597817000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_retrans_no_chunk_data.pcap", (1570104983, 410868000), (1570104983, 410868000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_special.pcap", (1570104983, 410868000), (1570104983, 413221000)),
        ("timkam-ss7-firewall-rule-mining__test_pcap__test_unknown_tcap_tag.pcap", (1570104987, 898512000), (1570104987, 898512000)),
        ("wiresharkwiki__SRI_Invalid_MSISDN11.pcap", (1249449781, 388316000), (1249449781, 479549000)),
        ("wiresharkwiki__ansi_map_ota.pcap", (1101176757, 649950000), (1101176831, 554973000)),
        ("wiresharkwiki__ansi_map_win.pcap", (1103328552, 804650000), (1103328562, 110180000)),
        ("wiresharkwiki__ansi_tcap_over_itu_sccp_over_mtp3_over_mtp2.pcap", (1121930117, 0), (1121930117, 0)),
        ("wiresharkwiki__bicc.pcap", (1109142191, 79871000), (1109142191, 79871000)),
        ("wiresharkwiki__camel.pcap", (1111154542, 0), (1111154617, 0)),
        ("wiresharkwiki__camel2.pcap", (1132834565, 0), (1132834575, 0)),
        ("wiresharkwiki__centile_m3ua.cap", (1263987749, 144122000), (1263987785, 280117000)),
        ("wiresharkwiki__gsm_map_with_ussd_string.pcap", (40080, 624000000), (40080, 624000000)),
        ("wiresharkwiki__isup_load_generator.pcap", (1415871528, 638000000), (1415872402, 896000000)),
        ("wiresharkwiki__japan_tcap_over_m2pa.pcap", (1143706916, 46717000), (1143706952, 474153000)),
        ("wiresharkwiki__m3ua_isup.cap", (1186172287, 119127000), (1186172954, 168056000)),
        ("wiresharkwiki__packlog-example.cap", (1174466968, 383971000), (1174467018, 314556000)),
        ("wiresharkwiki__umts_Mobile-Originating-Call_AMR.pcap", (1257504920, 228084000), (1257504948, 229613000)),
        ("wiresharkwiki__umts_Mobile-Terminating-Call_AMR.pcap", (1257505158, 232626000), (1257505179, 229565000)),
    ]

    @Test func firstAndLastTimestampsMatchTshark() throws {
        for (name, first, last) in Self.times {
            let seen = try readAll(PcapFileReader(path: capture(name)))
            let a = try #require(seen.first, "\(name)"), z = try #require(seen.last, "\(name)")
            #expect(a.seconds == first.0 && a.nanoseconds == first.1, "\(name): \(a)")
            #expect(z.seconds == last.0 && z.nanoseconds == last.1, "\(name): \(z)")
        }
    }

    /// Lengths and bytes of a frame, from `tshark -r F -x` and frame.len / frame.cap_len (148, 148).
    @Test func frameBytesMatchTshark() throws {
        // tshark -x, the hex columns of offsets 0000-0090
        let hex = """
            c2ee3f83e4e41039090003050902420e
            04434324077ee27cc70461060390e874
            e972cf0101d102092ff2699503394001
            8805011890002789048d2ad4fe810739
            4001011c30009f6204000000009f7b02
            0c719f21021004840a0100210b403480
            000102820201049f5d090000210a3313
            5009279f50090200210a33135009279f
            82170124bf82180c9f8215037d7b1f9f
            8219010f
            """.filter { !$0.isWhitespace }
        let expected = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
            let s = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[s..<hex.index(s, offsetBy: 2)], radix: 16)!
        }
        #expect(expected.count == 148)
        let reader = try PcapFileReader(path: capture("wiresharkwiki__ansi_tcap_over_itu_sccp_over_mtp3_over_mtp2.pcap"))
        var frames = 0
        _ = try reader.forEach { (f: borrowing CapturedFrame) in
            frames += 1
            let (length, bytes, linkType, source) = (f.originalLength, Array(f.bytes), f.linkType, f.sourceIndex)
            #expect(length == 148)
            #expect(bytes == expected)
            #expect(linkType == 140 && source == 0)
            return true
        }
        #expect(frames == 1)
    }

    /// Stopping early returns the frames delivered; the next call goes on from there (810 in total).
    @Test func stopAndContinue() throws {
        let reader = try PcapFileReader(path: capture("wiresharkwiki__m3ua_isup.cap"))
        var seen: [Seen] = []
        let n = try reader.forEach { (f: borrowing CapturedFrame) in
            seen.append(Seen(f))
            return seen.count < 3
        }
        #expect(n == 3)
        let rest = try readAll(reader)
        #expect(rest.count == 807)
        #expect(rest.last?.isAt(1186172954, 168056000) == true)
        #expect(try readAll(reader).isEmpty)
    }

    /// A body error stops the loop and comes out unchanged.
    @Test func bodyErrorPropagates() throws {
        struct Stop: Error {}
        let reader = try PcapFileReader(path: capture("wiresharkwiki__m3ua_isup.cap"))
        var calls = 0
        #expect(throws: Stop.self) {
            _ = try reader.forEach { (_: borrowing CapturedFrame) in
                calls += 1
                if calls == 2 { throw Stop() }
                return true
            }
        }
        #expect(calls == 2)
    }
}

@Suite struct StreamTests {
    /// pcapng over a pipe, larger than the pipe's buffer: libpcap reads it without seeking.
    @Test func fileDescriptorOnAPipe() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: capture("wiresharkwiki__isup_load_generator.pcap")))
        #expect(data.count > 65536)
        let reader = try PcapFileReader(fileDescriptor: pipeFeeding(data), name: "pipe", sourceIndex: 4)
        #expect(reader.linkType == 140)
        let seen = try readAll(reader)
        #expect(seen.count == 5265)
        #expect(seen.first?.isAt(1415871528, 638000000, length: 37) == true)
        #expect(seen.last?.isAt(1415872402, 896000000, length: 18) == true)
        #expect(seen.allSatisfy { $0.source == 4 })
    }

    /// "-" reads standard input: a pipe is put on fd 0 only while the reader opens (it takes a duplicate).
    @Test func standardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: capture("wiresharkwiki__m3ua_isup.cap")))
        let readEnd = pipeFeeding(data)
        let savedStdin = dup(0)
        #expect(dup2(readEnd, 0) == 0)
        close(readEnd)
        let opened = Result { () throws(CaptureError) in try PcapFileReader(path: "-") }
        #expect(dup2(savedStdin, 0) == 0)
        close(savedStdin)
        let reader = try opened.get()
        #expect(reader.source == "-")
        #expect(reader.linkType == 1)
        let seen = try readAll(reader)
        #expect(seen.count == 810)
        #expect(seen.last?.isAt(1186172954, 168056000) == true)
    }

    /// A pipe carrying no capture: an open error naming the input.
    @Test func garbageOnAPipe() {
        let error = captureError { _ = try PcapFileReader(fileDescriptor: pipeFeeding(Data("hello".utf8)), name: "feed") }
        #expect(error?.kind == .open)
        #expect(error?.source == "feed")
    }
}

@Suite struct DamagedInputTests {
    /// Offsets in m3ua_isup.cap (pcap, 24-byte file header, 16-byte record headers): record 401 starts
    /// at 43404 with 94 captured bytes. `tshark -r` on `head -c N` of the file shows 400 frames for
    /// N = 43404, 43412 and 43430, and says "cut short in the middle of a packet" for the last two.
    @Test(arguments: [(43404, false), (43412, true), (43430, true)])
    func truncatedPcap(cut: Int, damaged: Bool) throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("cut.pcap").path
            let data = try Data(contentsOf: URL(fileURLWithPath: capture("wiresharkwiki__m3ua_isup.cap")))
            try data.prefix(cut).write(to: URL(fileURLWithPath: path))
            let good = try readAll(PcapFileReader(path: capture("wiresharkwiki__m3ua_isup.cap")))

            var seen: [Seen] = []
            let error = captureError {
                _ = try PcapFileReader(path: path).forEach { (f: borrowing CapturedFrame) in
                    seen.append(Seen(f))
                    return true
                }
            }
            #expect(seen == Array(good.prefix(400)))
            if damaged {
                #expect(error?.kind == .read)
                #expect(error?.source == path)
                #expect(error?.framesDelivered == 400)
                #expect(error?.description.hasPrefix(path) == true)
                #expect(throws: CaptureError.self) { try countFrames(path: path) }
            } else {
                #expect(error == nil)
                #expect(try countFrames(path: path) == 400)
            }
        }
    }

    /// pcapng cut at 100000 bytes: `tshark -r` shows 1843 frames, the last at 1415871833.664, then
    /// "cut short in the middle of a packet".
    @Test func truncatedPcapng() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("cut.pcapng").path
            let data = try Data(contentsOf: URL(fileURLWithPath: capture("wiresharkwiki__isup_load_generator.pcap")))
            try data.prefix(100_000).write(to: URL(fileURLWithPath: path))
            var seen: [Seen] = []
            let error = captureError {
                _ = try PcapFileReader(path: path).forEach { (f: borrowing CapturedFrame) in
                    seen.append(Seen(f))
                    return true
                }
            }
            #expect(seen.count == 1843)
            #expect(seen.last?.isAt(1415871833, 664000000) == true)
            #expect(error?.kind == .read && error?.framesDelivered == 1843)
        }
    }

    /// Every prefix of a one-frame pcap (24-byte file header + 16-byte record header + 148 bytes):
    /// shorter than the file header cannot open; exactly the header is an empty file; anything
    /// inside the record is a read error with no frame; the whole file gives its frame.
    @Test func everyPrefixOfAOneFramePcap() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: capture("wiresharkwiki__ansi_tcap_over_itu_sccp_over_mtp3_over_mtp2.pcap")))
        #expect(data.count == 24 + 16 + 148)
        try withTemporaryDirectory { dir in
            for cut in 0...data.count {
                let path = dir.appendingPathComponent("p\(cut).pcap").path
                try data.prefix(cut).write(to: URL(fileURLWithPath: path))
                var frames = 0
                let error = captureError {
                    _ = try PcapFileReader(path: path).forEach { (_: borrowing CapturedFrame) in
                        frames += 1
                        return true
                    }
                }
                switch cut {
                case ..<24: #expect(error?.kind == .open, "cut \(cut)")
                case 24: #expect(error == nil && frames == 0, "cut \(cut)")
                case ..<data.count: #expect(error?.kind == .read && frames == 0, "cut \(cut)")
                default: #expect(error == nil && frames == 1, "cut \(cut)")
                }
                #expect(error == nil || error?.source == path)
            }
        }
    }

    @Test func notACaptureFile() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("notes.txt").path
            try Data(String(repeating: "not a capture file\n", count: 10).utf8).write(to: URL(fileURLWithPath: path))
            let error = captureError { _ = try PcapFileReader(path: path) }
            #expect(error?.kind == .open)
            #expect(error?.source == path)
            #expect(error?.description.contains(path) == true)
            #expect(error?.message.isEmpty == false)

            let missing = dir.appendingPathComponent("missing.pcap").path
            #expect(captureError { _ = try PcapFileReader(path: missing) }?.source == missing)
            #expect(captureError { _ = try countFrames(path: path) }?.kind == .open)
        }
    }
}

/// Files built by hand from the libpcap savefile format (pcap-savefile(5)):
/// file header: magic u32 | version_major u16 = 2 | version_minor u16 = 4 | thiszone i32 | sigfigs u32 |
///              snaplen u32 | linktype u32;
/// record:      ts_sec u32 | ts_usec u32 (ts_nsec when magic is 0xa1b23c4d) | incl_len u32 | orig_len u32 | data.
/// The magic's byte order gives the byte order of every field.
@Suite struct HandBuiltPcapTests {
    static func file(magic: UInt32, bigEndian: Bool, linkType: UInt32, records: [(UInt32, UInt32, [UInt8], UInt32)]) -> Data {
        var out = Data()
        func u32(_ v: UInt32) { out.append(contentsOf: withUnsafeBytes(of: bigEndian ? v.bigEndian : v.littleEndian, Array.init)) }
        func u16(_ v: UInt16) { out.append(contentsOf: withUnsafeBytes(of: bigEndian ? v.bigEndian : v.littleEndian, Array.init)) }
        u32(magic); u16(2); u16(4); u32(0); u32(0); u32(65535); u32(linkType)
        for (sec, frac, bytes, orig) in records {
            u32(sec); u32(frac); u32(UInt32(bytes.count)); u32(orig)
            out.append(contentsOf: bytes)
        }
        return out
    }

    func read(_ data: Data) throws -> (reader: PcapFileReader, frames: [(Int64, Int32, Int, [UInt8])]) {
        let reader = try PcapFileReader(fileDescriptor: pipeFeeding(data), name: "built")
        var frames: [(Int64, Int32, Int, [UInt8])] = []
        _ = try reader.forEach { (f: borrowing CapturedFrame) in
            frames.append((f.seconds, f.nanoseconds, f.originalLength, Array(f.bytes)))
            return true
        }
        return (reader, frames)
    }

    /// Nanosecond pcap keeps the nanoseconds; a snapshot-cut frame keeps its wire length.
    @Test func nanosecondPcap() throws {
        let (reader, frames) = try read(Self.file(
            magic: 0xa1b2_3c4d, bigEndian: false, linkType: 139,
            records: [(1_000_000_000, 123_456_789, [1, 2, 3], 5), (1_000_000_001, 999_999_999, [], 0)]))
        #expect(reader.linkType == 139)
        #expect(reader.linkTypeName == "MTP2_WITH_PHDR")
        #expect(frames.count == 2)
        #expect(frames[0].0 == 1_000_000_000 && frames[0].1 == 123_456_789 && frames[0].2 == 5 && frames[0].3 == [1, 2, 3])
        #expect(frames[1].0 == 1_000_000_001 && frames[1].1 == 999_999_999 && frames[1].2 == 0 && frames[1].3 == [])
    }

    /// Microsecond pcap in big-endian byte order: 5 us is 5000 ns.
    @Test func bigEndianMicrosecondPcap() throws {
        let (reader, frames) = try read(Self.file(
            magic: 0xa1b2_c3d4, bigEndian: true, linkType: 141, records: [(7, 5, [0xAB], 1)]))
        #expect(reader.linkType == 141)
        #expect(reader.linkTypeName == "MTP3")
        #expect(frames.count == 1)
        #expect(frames[0].0 == 7 && frames[0].1 == 5000 && frames[0].2 == 1 && frames[0].3 == [0xAB])
    }

    @Test func dltNames() {
        #expect(dltName(1) == "EN10MB")
        #expect(dltName(140) == "MTP2")
        #expect(dltName(142) == "SCCP")
        #expect(dltName(276) == "LINUX_SLL2")
        #expect(dltName(99_999) == "DLT_99999")
    }
}

@Suite struct MergeTests {
    static let special = capture("timkam-ss7-firewall-rule-mining__test_pcap__test_special.pcap")
    static let retrans = capture("timkam-ss7-firewall-rule-mining__test_pcap__test_retrans_no_chunk_data.pcap")
    static let invoke = capture("timkam-ss7-firewall-rule-mining__invokeUpdate.pcap")
    static let cont = capture("timkam-ss7-firewall-rule-mining__test_pcap__test_continue.pcap")
    static let payload = capture("timkam-ss7-firewall-rule-mining__test_pcap__test_payload_data.pcap")
    static let opCode = capture("timkam-ss7-firewall-rule-mining__test_pcap__test_op_code.pcap")

    /// Times and captured lengths from `tshark -T fields -e frame.time_epoch -e frame.cap_len`:
    /// special .410868 (70) and .413221 (266); retrans .410868 (70) (a tie with special's first);
    /// op_code 1570104984.267659 (298); invokeUpdate 1570196554.593017 (214); payload .597817 (230);
    /// continue .604730 (158).
    @Test func interleavesByTimeAndTiesKeepInputOrder() throws {
        let merged = try readAll(paths: [Self.special, Self.retrans, Self.invoke, Self.cont, Self.payload, Self.opCode])
        let expected: [(Int, Int64, Int32, Int)] = [
            (0, 1570104983, 410868000, 70), (1, 1570104983, 410868000, 70), (0, 1570104983, 413221000, 266),
            (5, 1570104984, 267659000, 298), (2, 1570196554, 593017000, 214), (4, 1570196554, 597817000, 230),
            (3, 1570196554, 604730000, 158),
        ]
        #expect(merged.count == expected.count)
        for (m, e) in zip(merged, expected) {
            #expect(m.source == e.0 && m.seconds == e.1 && m.nanoseconds == e.2 && m.length == e.3, "\(m)")
        }
        // Swapped inputs: the tie now goes to retrans, which is input 0.
        let swapped = try readAll(paths: [Self.retrans, Self.special])
        #expect(swapped.map(\.source) == [0, 1, 1])
        #expect(swapped.map(\.length) == [70, 70, 266])
    }

    /// All 31 public files (pcap and pcapng, three link types, each in strict time order per capinfos)
    /// merged equal the stable sort by time of their concatenation, bytes included: each pending
    /// frame's bytes survive while other files are read.
    @Test func mergeOfAllEqualsStableSortOfConcatenation() throws {
        let names = PublicCaptureTests.times.map(\.0)
        var concatenated: [Seen] = []
        for (i, name) in names.enumerated() {
            concatenated += try readAll(PcapFileReader(path: capture(name), sourceIndex: i))
        }
        let expected = concatenated.sorted { ($0.seconds, $0.nanoseconds) < ($1.seconds, $1.nanoseconds) }
        let merged = try readAll(paths: names.map(capture))
        #expect(merged.count == 7046)  // sum of truth.json decoded.frames
        #expect(merged == expected)
    }

    /// The same file twice: every frame twice in a row, input 0 first.
    @Test func sameFileTwice() throws {
        let path = capture("wiresharkwiki__m3ua_isup.cap")
        let single = try readAll(PcapFileReader(path: path))
        let merged = try readAll(paths: [path, path])
        #expect(merged.count == 1620)
        for (i, s) in single.enumerated() {
            var second = s
            second.source = 1
            #expect(merged[2 * i] == s && merged[2 * i + 1] == second)
        }
    }

    /// A file cut short ends at the cut while the others go on; its error comes after the last frame.
    @Test func truncatedInputEndsButOthersContinue() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("cut.pcap").path
            let data = try Data(contentsOf: URL(fileURLWithPath: capture("wiresharkwiki__m3ua_isup.cap")))
            try data.prefix(43430).write(to: URL(fileURLWithPath: path))  // 400 whole frames, see truncatedPcap
            var seen: [Seen] = []
            let error = captureError {
                _ = try readCaptures(paths: [path, Self.invoke]) { (f: borrowing CapturedFrame) in
                    seen.append(Seen(f))
                    return true
                }
            }
            #expect(seen.count == 401)
            #expect(seen.last?.source == 1)  // invokeUpdate (2019) is later than m3ua_isup (2007)
            #expect(error?.kind == .read && error?.source == path && error?.framesDelivered == 401)
        }
    }

    /// Every input is opened before any frame is delivered.
    @Test func badInputFailsBeforeAnyFrame() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("bad.pcap").path
            try Data(repeating: 0x55, count: 100).write(to: URL(fileURLWithPath: path))
            var calls = 0
            let error = captureError {
                _ = try readCaptures(paths: [Self.special, path]) { (_: borrowing CapturedFrame) in
                    calls += 1
                    return true
                }
            }
            #expect(calls == 0)
            #expect(error?.kind == .open && error?.source == path)
        }
    }

    @Test func stopsWhenBodyReturnsFalseAndHandlesEdgeCounts() throws {
        let n = try readCaptures(paths: [Self.special, Self.retrans]) { (_: borrowing CapturedFrame) in false }
        #expect(n == 1)
        #expect(try readCaptures(paths: []) { (_: borrowing CapturedFrame) in true } == 0)
        #expect(try readAll(paths: [Self.special]).map(\.length) == [70, 266])
        let twice = captureError { _ = try readCaptures(paths: ["-", Self.special, "-"]) { (_: borrowing CapturedFrame) in true } }
        #expect(twice?.kind == .open && twice?.source == "-")
    }
}
