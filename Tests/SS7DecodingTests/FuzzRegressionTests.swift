import ByteParsing
import Foundation
import Testing
@testable import SS7Decoding

/// The fuzz target's inputs, replayed through `FrameDecoder`: the seed corpus and every input the fuzzer
/// found that trapped, hung or ran out of memory (`captures/malformed/`, see its README). An input is a
/// selector octet and a frame; the selector is decoded here as in `Sources/FuzzFrameDecoder`.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Files of `captures/malformed/<directory>`, sorted by name, with their bytes.
    static func inputs(_ directory: String) throws -> [(name: String, bytes: [UInt8])] {
        let dir = root.appendingPathComponent("captures/malformed/\(directory)")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            .filter { !$0.hasPrefix(".") }
            .map { ($0, [UInt8](try Data(contentsOf: dir.appendingPathComponent($0)))) }
    }

    // The selector octet, as the fuzz target reads it.
    static let linkTypes: [LinkType] = [
        .ethernet, .linuxSLL, .linuxSLL2, .rawIP, .ipv4, .ipv6, .null, .loop, .mtp2WithPseudoHeader, .mtp2, .mtp3,
    ]
    static func linkType(_ s: UInt8) -> LinkType { linkTypes[Int(s & 0x0F) % linkTypes.count] }
    static func optionSet(_ s: UInt8) -> Int { Int(s >> 4) << 1 | (s & 0x0F >= 11 ? 1 : 0) }
    static func options(_ s: UInt8) -> DecodeOptions {
        DecodeOptions(
            variant: s & 0x10 != 0 ? .ansi : .itu, mtp2HasFCS: s & 0x20 != 0, mtp2AnnexA: s & 0x80 != 0,
            ansiSLSBits: s & 0x0F >= 11 ? 5 : 8, m3uaDraft6: s & 0x40 != 0)
    }

    /// Decodes `frame` as the fuzz target does with `selector`, and also builds every line description
    /// (the printing code runs on fuzzed values too).
    static func decode(_ frame: ArraySlice<UInt8>, selector: UInt8, with decoder: inout FrameDecoder) -> Recorder {
        var recorder = Recorder()
        frame.withUnsafeBytes { decoder.decode($0, linkType: linkType(selector), into: &recorder) }
        for m in recorder.messages {
            _ = MessageDescription.describe(m.userPart, variant: decoder.options.variant)
            _ = m.link.description
        }
        return recorder
    }

    /// Per seed, with its own selector: MTP3-level messages and SIGTRAN headers, as tshark 4.0.17 counts
    /// them (`-T fields -e mtp3.opc` occurrences; `m3ua.message_class`, `m2ua.message_class`,
    /// `m2pa.class` occurrences) on the seed's frame written to a pcap with its link type, with the
    /// selector's options (`-o mtp3.standard:ANSI`, `-o mtp2.capture_contains_frame_check_sequence:TRUE`,
    /// `-o "m3ua.version:Internet Draft version 6"`) and `-o sctp.tsn_analysis:FALSE`. A `...-2` or `...-3`
    /// seed (IPv4 fragment, SCTP fragment, XUDT segment) was counted after `...-1` (and `-2`) in one pcap.
    static let tsharkCounts: [String: (messages: Int, sigtran: Int)] = [
        "derived-ipv4-fragment-1": (0, 0),
        "derived-ipv4-fragment-2": (1, 1),
        "derived-ipv4-kancom-m2pa-f1": (1, 1),
        "derived-ipv4-wiki-ansimapwin-m2ua-ansi-f1": (1, 1),
        "derived-ipv4-wiki-ussd-m2ua-f1": (1, 1),
        "derived-ipv6-kancom-m2pa-f1": (1, 1),
        "derived-ipv6-wiki-ansimapwin-m2ua-ansi-f1": (1, 1),
        "derived-ipv6-wiki-ussd-m2ua-f1": (1, 1),
        "derived-loop-kancom-m2pa-f1": (1, 1),
        "derived-loop-wiki-ansimapwin-m2ua-ansi-f1": (1, 1),
        "derived-loop-wiki-ussd-m2ua-f1": (1, 1),
        "derived-mtp2phdr-wiki-ansitcap-mtp2-f1": (1, 0),
        "derived-mtp2phdr-wiki-isupload-mtp2-fcs-f1": (1, 0),
        "derived-mtp3-wiki-ansitcap-mtp2-f1": (1, 0),
        "derived-mtp3-wiki-isupload-mtp2-fcs-f1": (1, 0),
        "derived-null-kancom-m2pa-f1": (1, 1),
        "derived-null-wiki-ansimapwin-m2ua-ansi-f1": (1, 1),
        "derived-null-wiki-ussd-m2ua-f1": (1, 1),
        "derived-rawip-kancom-m2pa-f1": (1, 1),
        "derived-rawip-wiki-ansimapwin-m2ua-ansi-f1": (1, 1),
        "derived-rawip-wiki-ussd-m2ua-f1": (1, 1),
        "derived-sctp-fragment-1": (0, 0),
        "derived-sctp-fragment-2": (0, 1),
        "derived-sll-kancom-m2pa-f1": (1, 1),
        "derived-sll-wiki-ansimapwin-m2ua-ansi-f1": (1, 1),
        "derived-sll-wiki-ussd-m2ua-f1": (1, 1),
        "gen-ansi-m3ua-f12": (1, 1),
        "gen-ansi-m3ua-f37": (1, 1),
        "gen-ansi-m3ua-f38": (2, 2),
        "gen-ansi-m3ua-f70": (4, 4),
        "gen-ansi-m3ua-f71": (1, 1),
        "gen-ansi-mtp2-f1": (0, 0),
        "gen-ansi-mtp2-f127": (1, 0),
        "gen-ansi-mtp2-f20": (1, 0),
        "gen-ansi-mtp2-f5": (0, 0),
        "gen-ansi-mtp2-f65": (1, 0),
        "gen-ansi-mtp3-f37": (1, 0),
        "gen-ansi-mtp3-f38": (1, 0),
        "gen-ansi-mtp3-f4": (1, 0),
        "gen-ansi-mtp3-f6": (1, 0),
        "gen-ansi-mtp3-f85": (1, 0),
        "gen-itu-m3ua-f10": (2, 2),
        "gen-itu-m3ua-f12": (2, 2),
        "gen-itu-m3ua-f26": (1, 1),
        "gen-itu-m3ua-f30": (3, 3),
        "gen-itu-m3ua-f9": (2, 2),
        "gen-itu-mtp2-f1": (0, 0),
        "gen-itu-mtp2-f21": (1, 0),
        "gen-itu-mtp2-f48": (1, 0),
        "gen-itu-mtp2-f5": (0, 0),
        "gen-itu-mtp2-f7": (1, 0),
        "gen-itu-mtp3-f1": (1, 0),
        "gen-itu-mtp3-f17": (1, 0),
        "gen-itu-mtp3-f25": (1, 0),
        "gen-itu-mtp3-f4": (1, 0),
        "gen-itu-mtp3-f7": (1, 0),
        "handbuilt-xudt-segment-1": (1, 0),
        "handbuilt-xudt-segment-2": (1, 0),
        "handbuilt-xudt3-segment-1": (1, 0),
        "handbuilt-xudt3-segment-2": (1, 0),
        "handbuilt-xudt3-segment-3": (1, 0),
        "kancom-m2pa-f1": (1, 1),
        "nick-sll2-m3ua-f48": (1, 1),
        "nick-sll2-m3ua-f5": (0, 1),
        "sridhar-m3ua-f1": (1, 1),
        "sridhar-m3ua-f2": (1, 1),
        "sridhar-m3ua-f7": (1, 1),
        "tcpdump-m3ua-draft6-f1": (1, 1),
        "timkam-beatack-f1": (0, 1),
        "timkam-cgGT-f1": (1, 1),
        "timkam-invokeUpdate-f1": (1, 1),
        "timkam-longdlg-f1": (1, 1),
        "timkam-longlen-f1": (1, 1),
        "timkam-opcode-f1": (1, 1),
        "timkam-unknowntag-f1": (1, 1),
        "wiki-ansimapota-m2ua-f1": (1, 1),
        "wiki-ansimapota-m2ua-f5": (1, 1),
        "wiki-ansimapwin-m2ua-ansi-f1": (1, 1),
        "wiki-ansitcap-mtp2-f1": (1, 0),
        "wiki-bicc-f1": (1, 1),
        "wiki-camel-m2ua-f1": (1, 1),
        "wiki-camel2-m2ua-f1": (1, 1),
        "wiki-camel2-m2ua-f2": (1, 1),
        "wiki-centile-m3ua-f12": (1, 1),
        "wiki-centile-m3ua-f5": (0, 2),
        "wiki-centile-m3ua-f7": (0, 1),
        "wiki-isupload-mtp2-fcs-f1": (1, 0),
        "wiki-japan-m2pa-f1": (1, 1),
        "wiki-japan-m2pa-f2": (0, 1),
        "wiki-m3uaisup-f174": (8, 8),
        "wiki-m3uaisup-f77": (1, 1),
        "wiki-m3uaisup-f9": (0, 1),
        "wiki-sri-m2pa-ansi-f1": (2, 2),
        "wiki-sri-m2pa-ansi-f2": (5, 7),
        "wiki-umts-sccpco-f3": (1, 1),
        "wiki-umts-sccpco-f5": (1, 1),
        "wiki-umts-sccpco-f7": (1, 1),
        "wiki-ussd-m2ua-f1": (1, 1)
    ]

    @Test func corpusSeedsDecodeAsTsharkCountsThem() throws {
        let seeds = try Self.inputs("corpus")
        #expect(Set(seeds.map(\.name)) == Set(Self.tsharkCounts.keys))
        var decoder = FrameDecoder(options: DecodeOptions())
        for (name, bytes) in seeds {
            guard let selector = bytes.first, let expected = Self.tsharkCounts[name] else { continue }
            // A later fragment or segment (`-2`, `-3`) continues the decoder of the ones before it; any
            // other seed starts afresh.
            let part = name.split(separator: "-").last.flatMap { Int($0) }
            if (part ?? 1) < 2 { decoder = FrameDecoder(options: Self.options(selector)) }
            let r = Self.decode(bytes.dropFirst(), selector: selector, with: &decoder)
            #expect(r.messages.count == expected.messages, "\(name) messages; errors \(r.errors)")
            #expect(r.sigtran.count == expected.sigtran, "\(name) SIGTRAN; errors \(r.errors)")
            #expect(r.errors.isEmpty || name.hasPrefix("sridhar"), "\(name): \(r.errors)")
            // The last XUDT segment completes the TCAP Begin (tshark: tcap, gsm_map invoke
            // processUnstructuredSS-Request, in the segment that says 0 remaining).
            if name == "handbuilt-xudt-segment-2" || name == "handbuilt-xudt3-segment-3" {
                guard case .sccp(_, let tcap)? = r.messages.first?.userPart else {
                    Issue.record("\(name): not SCCP"); continue
                }
                #expect(tcap?.packageType == .ituBegin && tcap?.firstOperation == .local(59), "\(name)")
            }
        }
    }

    /// Every input under every selector (each link type with each option set), one decoder per option
    /// set kept across inputs as in the fuzz target. Nothing may trap; and since the corpus has seeds
    /// that tshark decodes for each of the 11 link types, each link type must reach MTP3 messages (or,
    /// for a packet seen before under another link type, SCTP or MTP2 retransmissions).
    @Test func everyInputUnderEverySelectorReturns() throws {
        let all = try Self.inputs("corpus") + Self.inputs("regressions")
        var decoders = (0..<32).map { _ in FrameDecoder?.none }
        var reachedByLinkType = [Int](repeating: 0, count: Self.linkTypes.count)
        for selector in UInt8.min...UInt8.max {
            let set = Self.optionSet(selector)
            var decoder = decoders[set] ?? FrameDecoder(options: Self.options(selector))
            for (_, bytes) in all where !bytes.isEmpty {
                let r = Self.decode(bytes.dropFirst(), selector: selector, with: &decoder)
                reachedByLinkType[Int(selector & 0x0F) % Self.linkTypes.count] += r.messages.count + r.retransmissions + r.mtp2Retransmissions
            }
            decoders[set] = decoder
        }
        #expect(reachedByLinkType.allSatisfy { $0 > 0 }, "\(reachedByLinkType)")
    }

    /// What each input in `captures/malformed/regressions` must give with its own selector: its decode
    /// errors in order (`layer.reason`) and its MTP3-level messages. An input named `...-1` starts a
    /// fresh decoder and `...-2`, `...-3` continue it: the fuzz target keeps state across inputs, so some
    /// faults need the inputs before them.
    static let regressionResults: [String: (errors: [String], messages: Int)] = [
        // MTP2SequenceTracker reused the per-link state it had cached for the previous MSU without
        // checking its size: a basic-format MSU (128 FSN slots) and then an Annex A MSU on the same
        // DLT 139 link (the pseudo-header's Annex A octet says 0, then 1) indexed slot 3937 of 128 and
        // trapped. Found by the fuzzer after the rebase on main. 1: sent, Annex A 0, link 0; BSN 0x80,
        // FSN 0x82, LI 7, SIO 0x81 (SI 1), ITU label, H0/H1 0x11, 1 octet. 2: sent, Annex A 1, link 0;
        // BSN 00 00, FSN/FIB 61 ff (FSN 0xF61), LI ff ff (511: not checked), 11 octets of 0xff (SIO
        // 0xff: SI 15, not decoded further). tshark 4.0.17 reads them as SLTM (FSN 2, LI 7) and as an
        // MTP3 message with SI 15 (FSN 3937, LI 511).
        "mtp2phdr-annexa-switch-1": ([], 1),
        "mtp2phdr-annexa-switch-2": ([], 1),
    ]

    @Test func regressionsGiveTheirDecodeErrors() throws {
        let regressions = try Self.inputs("regressions")
        #expect(Set(regressions.map(\.name)) == Set(Self.regressionResults.keys))
        var decoder = FrameDecoder(options: DecodeOptions())
        for (name, bytes) in regressions {
            guard let selector = bytes.first, let expected = Self.regressionResults[name] else { continue }
            let part = name.split(separator: "-").last.flatMap { Int($0) }
            if (part ?? 1) < 2 { decoder = FrameDecoder(options: Self.options(selector)) }
            let r = Self.decode(bytes.dropFirst(), selector: selector, with: &decoder)
            #expect(r.errors == expected.errors, "\(name)")
            #expect(r.messages.count == expected.messages, "\(name)")
        }
    }
}

/// The reassembly tables at their bounds, through `FrameDecoder`: the paths the fuzzer cannot reach with
/// one frame per input (it would need 65 datagrams or 1,025 associations in flight). The bounds are
/// the ones the decoder documents: 64 IPv4 datagrams in reassembly, 64 fragments and 65,535 octets
/// each; 1,024 SCTP association directions, 64 streams in reassembly per direction, 256 KiB a message.
@Suite struct ReassemblyBoundsTests {
    static let rlc: [UInt8] = [0x0F, 0x00, 0x10, 0x00]  // ISUP RLC, CIC 15, no optional part
    static let sctpRLC = Build.sctp(Build.data(tsn: 1, Build.m3uaData(opc: 1, dpc: 2, si: 5, rlc)))

    /// RFC 791 fragment field: offset in 8-octet units, MF 0x2000.
    static func fragment(_ payload: ArraySlice<UInt8>, id: Int, offset: Int, more: Bool) -> [UInt8] {
        Build.ethernetIPv4(Array(payload), id: id, fragmentField: offset / 8 | (more ? 0x2000 : 0))
    }

    @Test func ipv4DatagramsBeyond64EvictTheOldest() {
        var d = FrameDecoder(options: DecodeOptions())
        let firsts = (0..<65).map { Self.fragment(Self.sctpRLC.prefix(16), id: $0, offset: 0, more: true) }
        let rec = d.decode(firsts, linkType: .ethernet)
        #expect(rec.errors == ["ipv4.reassembly_limit"])  // the 65th pushed out datagram 0
        // Datagram 64 completes (its slot frees up); datagram 0's first fragment is gone, so its second
        // waits in that slot instead of completing.
        let seconds = [64, 0].map { Self.fragment(Self.sctpRLC[16...], id: $0, offset: 16, more: false) }
        let after = d.decode(seconds, linkType: .ethernet)
        #expect(after.messages.count == 1 && after.errors.isEmpty)
    }

    @Test func ipv4FragmentsBeyond64OrPast65535OctetsAreDropped() {
        var d = FrameDecoder(options: DecodeOptions())
        let pieces = (0..<65).map { Self.fragment(ArraySlice(repeating: 0, count: 8), id: 7, offset: 8 * $0, more: true) }
        let rec = d.decode(pieces, linkType: .ethernet)
        #expect(rec.errors == ["ipv4.reassembly_limit"])
        let far = Self.fragment(ArraySlice(repeating: 0, count: 16), id: 8, offset: 8191 * 8, more: false)
        #expect(d.decode([far], linkType: .ethernet).errors == ["ipv4.reassembly_limit"])
    }

    @Test func sctpStreamsBeyond64InReassemblyAreRefused() {
        var d = FrameDecoder(options: DecodeOptions())
        let firsts = (0..<65).map { stream in
            Build.ethernetIPv4(Build.sctp(Build.data(tsn: UInt32(stream), flags: 2, stream: stream, [1, 0, 1, 1])))
        }
        #expect(d.decode(firsts, linkType: .ethernet).errors == ["sctp.reassembly_limit"])
    }

    @Test func sctpMessagesBeyond256KiBAreDropped() {
        var d = FrameDecoder(options: DecodeOptions())
        let piece = [UInt8](repeating: 0xAB, count: 1400)
        // 187 fragments hold 261,800 octets; the 188th would pass 262,144.
        let frames = (0..<188).map { i in
            Build.ethernetIPv4(Build.sctp(Build.data(tsn: UInt32(i), flags: i == 0 ? 2 : 0, piece)))
        }
        let rec = d.decode(frames, linkType: .ethernet)
        #expect(rec.errors == ["sctp.reassembly_limit"])
        let next = Build.ethernetIPv4(Build.sctp(Build.data(tsn: 188, flags: 1, piece)))
        #expect(d.decode([next], linkType: .ethernet).errors == ["sctp.reassembly_inconsistent"])
    }

    /// Past 1,024 association directions the table starts over: the newest is still remembered (its
    /// repeat is a retransmission), the oldest is forgotten (its repeat counts again).
    @Test func sctpDirectionsBeyond1024StartOver() {
        var d = FrameDecoder(options: DecodeOptions())
        let chunk = Build.data(tsn: 5, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.rlc))
        let frames = (0..<1025).map { Build.ethernetIPv4(Build.sctp(chunk, tag: UInt32($0))) }
        let rec = d.decode(frames, linkType: .ethernet)
        #expect(rec.messages.count == 1025 && rec.errors.isEmpty && rec.retransmissions == 0)
        let again = d.decode([frames[1024], frames[0]], linkType: .ethernet)
        #expect(again.retransmissions == 1 && again.messages.count == 1)
    }
}
