import Capture
import DecodePipeline
import Foundation
import Testing
import SS7Decoding
@testable import DecodeFrontend

/// The decoder against the generator: every committed sample in captures/generated decodes to exactly
/// the counts its `.expected.json` says the generator put in. TrafficSynthTests checks the same files
/// against tshark, so decoder, generator and tshark agree message for message.
@Suite struct GeneratedCaptureTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("captures/generated")

    static var samples: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".pcap") }.sorted()
    }

    @Test func allSixCombinationsArePresent() {
        #expect(Self.samples == [
            "ansi-m3ua.pcap", "ansi-mtp2.pcap", "ansi-mtp3.pcap", "itu-m3ua.pcap", "itu-mtp2.pcap", "itu-mtp3.pcap",
        ])
    }

    @Test(arguments: samples)
    func decodesToWhatTheGeneratorPutIn(sample: String) throws {
        let expectedURL = Self.directory.appendingPathComponent(sample.replacingOccurrences(of: ".pcap", with: ".expected.json"))
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as! [String: Any]
        let variant: SS7Variant = sample.hasPrefix("ansi") ? .ansi : .itu
        let summary = try DecodeRun.run(
            paths: [Self.directory.appendingPathComponent(sample).path], options: DecodeOptions(variant: variant))
        let tcap = summary.tcap
        let expectedTCAP = expected["tcap"] as? [String: [String: Int]] ?? [:]
        #expect(summary.frames == expected["frames"] as? Int)
        #expect(summary.messages == expected["messages"] as? Int)
        #expect(summary.octets == expected["octets"] as? Int)
        let signalUnits = expected["mtp2"] as? [String: Int] ?? [:]
        #expect(summary.fisu == signalUnits["FISU"] ?? 0 && summary.lssu == signalUnits["LSSU"] ?? 0)
        #expect(summary.sctpRetransmissions == expected["sctp_retransmissions"] as? Int ?? 0)
        #expect(summary.mtp3 == expected["mtp3"] as? [String: Int] ?? [:])
        #expect(summary.isup == expected["isup"] as? [String: Int] ?? [:])
        #expect(summary.sccp == expected["sccp"] as? [String: Int] ?? [:])
        #expect(tcap.ansi == expectedTCAP["ansi"] ?? [:])
        #expect(tcap.itu == expectedTCAP["itu"] ?? [:])
        #expect(summary.m3ua == expected["m3ua"] as? [String: Int] ?? [:])
        #expect(summary.opcDpc == expected["opc_dpc"] as? [String: Int] ?? [:])
        #expect(summary.decodeErrorTotal == 0, "\(summary.decodeErrorsByName)")
    }

    /// The summary lists at most `maxPointCodePairs` OPC>DPC pairs; the messages of pairs that come
    /// after are counted together (`opc_dpc_other`). Reference: the generator's per-pair counts (which
    /// TrafficSynthTests holds to tshark's).
    @Test(arguments: [1, 2, 10])
    func pointCodePairsPastTheLimitAreCountedTogether(limit: Int) throws {
        let sample = "itu-m3ua"
        let expectedURL = Self.directory.appendingPathComponent("\(sample).expected.json")
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as! [String: Any]
        let pairs = expected["opc_dpc"] as? [String: Int] ?? [:]
        #expect(pairs.count > limit)
        for threads in [1, 2] {
            var summary = DecodeSummary(variant: .itu)
            summary.maxPointCodePairs = limit
            _ = try DecodePipeline(options: DecodeOptions(variant: .itu), threads: threads).run(
                paths: [Self.directory.appendingPathComponent("\(sample).pcap").path], into: &summary
            ) { _, summary in summary.countFrame() }
            let listed = summary.opcDpc
            #expect(listed.count == limit)
            // A listed pair keeps every one of its messages; the others' messages are counted together.
            for (pair, n) in listed { #expect(pairs[pair] == n, "\(pair)") }
            let other = pairs.values.reduce(0, +) - listed.values.reduce(0, +)
            #expect(summary.otherPointCodePairs == other)
            #expect(summary.jsonObject["opc_dpc_other"] as? Int == other)
            #expect(summary.messages == expected["messages"] as? Int)
        }
        // Below the limit the output has no such key.
        let unlimited = try DecodeRun.run(
            paths: [Self.directory.appendingPathComponent("\(sample).pcap").path], options: DecodeOptions(variant: .itu))
        #expect(unlimited.jsonObject["opc_dpc_other"] == nil)
        #expect(unlimited.opcDpc == pairs)
    }

    /// A capture's frames and their octets, as libpcap reads them.
    static func frameOctets(_ path: String) throws -> (frames: Int, octets: Int) {
        var frames = 0, octets = 0
        _ = try PcapFileReader(path: path).forEach { frame in
            frames += 1
            octets += frame.bytes.count
            return true
        }
        return (frames, octets)
    }

    /// A message counts the octets of its MSU (SIO, routing label, user part), whatever carries it. The
    /// MTP3 sample's frames are its MSUs (DLT 141), and the M3UA and MTP2 samples of the same variant
    /// carry the same messages: each must count exactly those octets. (M3UA counted only SIO and label,
    /// 5 or 8 octets a message, until the tenth pass.)
    @Test(arguments: ["itu", "ansi"])
    func everyTransportCountsItsMessagesMSUOctets(variant: String) throws {
        let mtp3 = try Self.frameOctets(Self.directory.appendingPathComponent("\(variant)-mtp3.pcap").path)
        for link in ["mtp3", "mtp2", "m3ua"] {
            let summary = try DecodeRun.run(
                paths: [Self.directory.appendingPathComponent("\(variant)-\(link).pcap").path],
                options: DecodeOptions(variant: variant == "ansi" ? .ansi : .itu))
            #expect(summary.messages == mtp3.frames, "\(variant)-\(link)")
            #expect(summary.octets == mtp3.octets, "\(variant)-\(link)")
        }
    }
}
