import ByteParsing
import DecodeSinkTestSupport
import Foundation
import Testing
@testable import SS7Decoding

/// `TransportDecoder.singleDataChunk` takes the usual SIGTRAN frame (Ethernet, IPv4, one whole DATA
/// chunk) in one step. It must report exactly what the layer-by-layer path reports, for that frame and
/// for every frame near it that it has to hand back: each test runs the same frames through a decoder
/// with the one-step path and one without, and compares every event, with offsets and links.
@Suite struct SingleDataChunkTests {
    /// Where two event lists first differ ("" when they do not), short enough to read in a failure.
    static func difference(_ a: [String], _ b: [String]) -> String {
        for i in 0..<min(a.count, b.count) where a[i] != b[i] { return "event \(i): \(a[i]) | \(b[i])" }
        return a.count == b.count ? "" : "lengths \(a.count) and \(b.count)"
    }

    /// The events of `frames` decoded in order, with and without the one-step path, and how many
    /// frames the one-step path took.
    static func both(_ frames: [[UInt8]]) -> (oneStep: [String], layered: [String], taken: Int) {
        var fast = FrameDecoder(options: DecodeOptions())
        var slow = FrameDecoder(options: DecodeOptions())
        slow.transport.takesSingleDataChunks = false
        var a = Transcript(), b = Transcript()
        var taken = 0
        for frame in frames {
            frame.withUnsafeBytes { raw in
                var probe = TransportBatch()
                var copy = fast.transport
                if copy.singleDataChunkForTesting(raw, &probe) { taken += 1 }
                fast.decode(raw, linkType: .ethernet, into: &a)
                slow.decode(raw, linkType: .ethernet, into: &b)
            }
        }
        return (a.lines, b.lines, taken)
    }

    static let isupIAM: [UInt8] = [0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x02, 0x0A, 0x08, 0x83, 0x90, 0x21, 0x43, 0x65, 0x87, 0x09, 0x0F, 0x00]

    static func frame(tsn: UInt32, tag: UInt32 = 7, flags: UInt8 = 3, opc: UInt32 = 1, trailing: [UInt8] = []) -> [UInt8] {
        Build.ethernetIPv4(Build.sctp(
            Build.data(tsn: tsn, flags: flags, Build.m3uaData(opc: opc, dpc: 2, si: 5, isupIAM)) + trailing, tag: tag))
    }

    /// Frames of the generated ITU and ANSI M3UA captures (classic pcap, little-endian, Ethernet).
    static func generatedFrames(_ name: String) throws -> [[UInt8]] {
        let url = FuzzRegressionTests.root.appendingPathComponent("captures/generated/\(name)")
        let bytes = [UInt8](try Data(contentsOf: url))
        func le32(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24 }
        #expect(le32(20) == 1)  // DLT_EN10MB
        var frames: [[UInt8]] = [], at = 24
        while at + 16 <= bytes.count {
            let length = le32(at + 8)
            frames.append(Array(bytes[(at + 16)..<(at + 16 + length)]))
            at += 16 + length
        }
        return frames
    }

    @Test func generatedCapturesGiveTheSameEvents() throws {
        for name in ["itu-m3ua.pcap", "ansi-m3ua.pcap"] {
            let frames = try Self.generatedFrames(name)
            let (a, b, taken) = Self.both(frames)
            #expect(Self.difference(a, b) == "", "\(name)")
            #expect(a.count > frames.count)
            // The generator bundles some chunks and retransmits some: most frames, not all, take one step.
            #expect(taken > frames.count / 2 && taken < frames.count, "\(name): \(taken) of \(frames.count)")
        }
    }

    /// Every octet of the headers the one-step path reads, set to values that move it off the usual
    /// frame (and some that keep it on), each after a good frame so that the SCTP state matters: the
    /// same events either way.
    @Test func everyHeaderOctetChangedGivesTheSameEvents() {
        var frames: [[UInt8]] = []
        var tsn: UInt32 = 100
        for offset in 0..<(14 + 20 + 12 + 16 + 4) {
            for value: UInt8 in [0x00, 0x01, 0x03, 0x04, 0x11, 0x45, 0x84, 0xFF] {
                tsn += 1
                frames.append(Self.frame(tsn: tsn))
                var changed = Self.frame(tsn: tsn &+ 1)
                changed[offset] = value
                frames.append(changed)
                frames.append(Self.frame(tsn: tsn))  // a retransmission, or not, as the change left it
            }
        }
        let (a, b, taken) = Self.both(frames)
        #expect(Self.difference(a, b) == "")
        #expect(taken > frames.count / 2 && taken < frames.count)
    }

    /// Cut at every length, grown by trailing octets (Ethernet padding, another chunk), chunk lengths
    /// around the frame's and IPv4 total lengths around the datagram's.
    @Test func lengthsAroundTheUsualFrameGiveTheSameEvents() {
        var frames: [[UInt8]] = []
        let good = Self.frame(tsn: 500)
        for n in 0...good.count { frames.append(Array(good[..<n])) }
        for extra in [[0], [0, 0, 0, 0], Array(repeating: 0, count: 18)] as [[UInt8]] {
            frames.append(Self.frame(tsn: 501) + extra)
        }
        frames.append(Self.frame(tsn: 502, trailing: Build.data(tsn: 503, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupIAM))))
        frames.append(Self.frame(tsn: 504, trailing: [3, 0, 0, 8, 0, 0, 0, 0]))  // a SACK after the DATA
        let chunkLength = 14 + 20 + 12 + 2, ipLength = 14 + 2
        for delta in -6...6 {
            var c = Self.frame(tsn: UInt32(510 + delta + 6))
            let l = Int(c[chunkLength]) << 8 | Int(c[chunkLength + 1])
            c[chunkLength] = UInt8((l + delta) >> 8 & 0xFF); c[chunkLength + 1] = UInt8((l + delta) & 0xFF)
            frames.append(c)
            var i = Self.frame(tsn: UInt32(530 + delta + 6))
            let t = Int(i[ipLength]) << 8 | Int(i[ipLength + 1])
            i[ipLength] = UInt8((t + delta) >> 8 & 0xFF); i[ipLength + 1] = UInt8((t + delta) & 0xFF)
            frames.append(i)
        }
        // Fragments (B or E alone), an unordered whole message, other associations, reused TSNs.
        frames += [Self.frame(tsn: 600, flags: 2), Self.frame(tsn: 601, flags: 1), Self.frame(tsn: 602, flags: 7),
                   Self.frame(tsn: 603, tag: 8), Self.frame(tsn: 603, tag: 8), Self.frame(tsn: 603, tag: 8, opc: 9),
                   Self.frame(tsn: 1), Self.frame(tsn: 700)]
        let (a, b, taken) = Self.both(frames)
        #expect(Self.difference(a, b) == "")
        #expect(taken > 0 && taken < frames.count)
    }
}
