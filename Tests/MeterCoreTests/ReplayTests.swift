import Capture
import Foundation
import Ledger
import MeterConfig
@testable import MeterCore
import SS7Decoding
import Testing
import TrafficSynth

/// Replay against what the generator says it put in: the billing report of a replayed capture equals
/// the "charges" of its expected JSON, which the generator derives by construction from the dialogues it
/// made (TrafficSynth/Charges.swift, worked by hand from CHARGING-RULES.md) and which TrafficSynthTests
/// check against tshark. The classifier under test shares no code with it.
@Suite struct ReplayTests {
    static let samples = ["ansi-mtp2", "ansi-m3ua", "ansi-mtp3", "itu-mtp2", "itu-m3ua", "itu-mtp3"]

    @Test(arguments: samples)
    func reportEqualsWhatTheGeneratorPutIn(sample: String) throws {
        let variant = String(sample.prefix(while: { $0 != "-" }))
        let ledger = Paths.temporaryDirectory("replay")
        let configuration = try sampleConfiguration(variant)
        let summary = try Replay.run(
            configuration: configuration, ledgerDirectory: ledger,
            captures: [Paths.generated.appendingPathComponent("\(sample).pcap").path])
        #expect(summary.framesSkipped == 0)
        let report = try BillingReport.build(directory: ledger)
        let expected = try expectedCharges(Paths.generated.appendingPathComponent("\(sample).expected.json").path)
        #expect(report.customers == expected)
        let verification = try verifyLedger(directory: ledger)
        #expect(verification.ok, "\(verification.problems)")
    }

    /// Every count a record holds besides the charges, summed over all the ledger's records, equals
    /// what the generator says it put in (its expected JSON, which TrafficSynthTests checks against
    /// tshark): messages and their octets, call set-up and data requests, SCTP retransmissions, service indicators, ISUP, SCCP and TCAP types, OPC>DPC
    /// pairs and SIGTRAN messages. The billing report checks the charges; this checks the rest of the record.
    @Test(arguments: samples)
    func ledgerCountsEqualWhatTheGeneratorPutIn(sample: String) throws {
        let variant = String(sample.prefix(while: { $0 != "-" }))
        let ledger = Paths.temporaryDirectory("counts")
        _ = try Replay.run(
            configuration: try sampleConfiguration(variant), ledgerDirectory: ledger,
            captures: [Paths.generated.appendingPathComponent("\(sample).pcap").path])
        var msus = 0, octets = 0, sctpRetransmissions = 0, callSetupRequests = 0, dataRequests = 0
        var si: [String: Int] = [:], isup: [String: Int] = [:], sccp: [String: Int] = [:]
        var tcapANSI: [String: Int] = [:], tcapITU: [String: Int] = [:], pairs: [String: Int] = [:], m3ua: [String: Int] = [:]
        func add(_ from: Any?, into total: inout [String: Int], key: (String) -> String = { $0 }) {
            for (k, n) in from as? [String: Int] ?? [:] { total[key(k), default: 0] += n }
        }
        for record in try intervalRecords(ledger) {
            msus += (record["msus"] as! [String: Int]).values.reduce(0, +)
            octets += (record["octets"] as! [String: Int]).values.reduce(0, +)
            callSetupRequests += record["call_setup_requests"] as! Int
            dataRequests += record["data_requests"] as! Int
            sctpRetransmissions += (record["retransmissions"] as! [String: Int])["sctp"]!
            add(record["si"], into: &si)
            add(record["isup"], into: &isup)
            add(record["sccp"], into: &sccp)
            let tcap = record["tcap"] as! [String: Any]
            add(tcap["ansi"], into: &tcapANSI)
            add(tcap["itu"], into: &tcapITU)
            // "OPC>DPC SI" -> "OPC>DPC"; "m3ua:CLASS/TYPE" -> "CLASS/TYPE"
            add(record["routes"], into: &pairs) { String($0.prefix(while: { $0 != " " })) }
            add(record["sigtran"], into: &m3ua) { String($0.drop(while: { $0 != ":" }).dropFirst()) }
        }
        let expected = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Paths.generated.appendingPathComponent("\(sample).expected.json"))) as! [String: Any]
        let expectedTCAP = expected["tcap"] as? [String: [String: Int]] ?? [:]
        #expect(msus == expected["messages"] as? Int)
        #expect(octets == expected["octets"] as? Int)
        #expect(callSetupRequests == expected["call_setup_requests"] as? Int)
        #expect(dataRequests == expected["data_requests"] as? Int)
        #expect(sctpRetransmissions == expected["sctp_retransmissions"] as? Int ?? 0)
        #expect(si == expected["mtp3"] as? [String: Int] ?? [:])
        #expect(isup == expected["isup"] as? [String: Int] ?? [:])
        #expect(sccp == expected["sccp"] as? [String: Int] ?? [:])
        #expect(tcapANSI == expectedTCAP["ansi"] ?? [:])
        #expect(tcapITU == expectedTCAP["itu"] ?? [:])
        #expect(pairs == expected["opc_dpc"] as? [String: Int] ?? [:])
        #expect(m3ua == expected["m3ua"] as? [String: Int] ?? [:])
    }

    /// The ledger's split of MSUs by direction, summed over every record, is the generator's: each
    /// message it writes says whether it travels toward the STP (`GeneratedMessage.towardSTP`, by
    /// construction, as the charges are), on links the sample configuration all names. The charges
    /// check direction only for billable messages; this checks it for every one.
    @Test(arguments: [Variant.itu, .ansi])
    func ledgerDirectionsAreTheGenerators(variant: Variant) throws {
        for link in LinkKind.allCases {
            let work = Paths.temporaryDirectory("direction")
            var toward = 0, from = 0
            let options = GeneratorOptions(
                variant: variant, link: link, seed: 11, size: ScenarioSize(calls: 25, queries: 25),
                bundle: link == .m3ua ? 3 : 1, retransmissions: link == .m3ua ? 2 : 0)
            let (_, sink) = try Generator.run(options, sink: try FileSink(path: work + "/g.pcap")) { m in
                if m.towardSTP { toward += 1 } else { from += 1 }
            }
            try sink.close()
            _ = try Replay.run(
                configuration: try sampleConfiguration(variant.rawValue), ledgerDirectory: work + "/ledger",
                captures: [work + "/g.pcap"])
            var split: [String: Int] = [:]
            for record in try intervalRecords(work + "/ledger") {
                for (k, n) in record["msus"] as! [String: Int] { split[k, default: 0] += n }
            }
            #expect(toward > 0 && from > 0)
            #expect(split == ["toward_stp": toward, "from_stp": from, "unknown": 0], "\(variant)-\(link)")
        }
    }

    /// The ledger's MSU and octet counts, summed over every record, are the same whichever transport
    /// carried the messages: those of the MTP3 sample's frames, which are its MSUs (DLT 141), and which
    /// the M3UA and MTP2 samples of the same variant carry too.
    @Test(arguments: ["itu", "ansi"])
    func ledgerOctetsAreTheMSUsOctetsOnEveryTransport(variant: String) throws {
        var frames = 0, octets = 0
        _ = try PcapFileReader(path: Paths.generated.appendingPathComponent("\(variant)-mtp3.pcap").path).forEach { frame in
            frames += 1
            octets += frame.bytes.count
            return true
        }
        for link in ["mtp3", "mtp2", "m3ua"] {
            let ledger = Paths.temporaryDirectory("octets")
            _ = try Replay.run(
                configuration: try sampleConfiguration(variant), ledgerDirectory: ledger,
                captures: [Paths.generated.appendingPathComponent("\(variant)-\(link).pcap").path])
            var msus = 0, counted = 0
            for record in try intervalRecords(ledger) {
                msus += (record["msus"] as! [String: Int]).values.reduce(0, +)
                counted += (record["octets"] as! [String: Int]).values.reduce(0, +)
            }
            #expect(msus == frames, "\(variant)-\(link)")
            #expect(counted == octets, "\(variant)-\(link)")
        }
    }

    /// The acceptance scale: >= 10,000 calls and >= 10,000 queries (data requests).
    @Test func tenThousandCallsAndQueries() throws {
        let work = Paths.temporaryDirectory("big")
        let (pcap, expected) = try generate(.ansi, .m3ua, calls: 10_000, queries: 11_000, bundle: 4, retransmissions: 50, into: work)
        #expect(expected.callSetupRequests >= 10_000 && expected.dataRequests >= 10_000)
        let configuration = try sampleConfiguration("ansi")
        _ = try Replay.run(configuration: configuration, ledgerDirectory: work + "/ledger", captures: [pcap])
        let report = try BillingReport.build(directory: work + "/ledger")
        #expect(report.customers == expected.charges)
        #expect(try verifyLedger(directory: work + "/ledger").ok)
    }

    @Test func twoReplaysIntoEmptyDirectoriesAreByteIdentical() throws {
        let configuration = try sampleConfiguration("ansi", interval: "1s", rotate: "10s")
        let capture = Paths.generated.appendingPathComponent("ansi-m3ua.pcap").path
        let a = Paths.temporaryDirectory("a")
        let b = Paths.temporaryDirectory("b")
        _ = try Replay.run(configuration: configuration, ledgerDirectory: a, captures: [capture])
        _ = try Replay.run(configuration: configuration, ledgerDirectory: b, captures: [capture])
        let left = try directoryContents(a)
        #expect(left.count >= 2)
        #expect(left == (try directoryContents(b)))
    }

    @Test func replayingAgainChangesNothing() throws {
        let configuration = try sampleConfiguration("itu", interval: "1s", rotate: "10s")
        let capture = Paths.generated.appendingPathComponent("itu-mtp2.pcap").path
        let dir = Paths.temporaryDirectory("again")
        let first = try Replay.run(configuration: configuration, ledgerDirectory: dir, captures: [capture])
        let before = try directoryContents(dir)
        let second = try Replay.run(configuration: configuration, ledgerDirectory: dir, captures: [capture])
        #expect(second.framesSkipped == first.frames)
        #expect(second.messagesCounted == 0 && second.intervalsWritten == 0)
        #expect(try directoryContents(dir) == before)
    }

    /// A second capture that continues the first (here: the same traffic split in two at a frame
    /// boundary) adds to the ledger: the interval cut in two gets a second part, totals equal one run.
    @Test func aContinuingCaptureAddsPartsNotDuplicates() throws {
        let configuration = try sampleConfiguration("ansi")
        let whole = Paths.temporaryDirectory("whole")
        let split = Paths.temporaryDirectory("split")
        let capture = Paths.generated.appendingPathComponent("ansi-mtp3.pcap").path
        _ = try Replay.run(configuration: configuration, ledgerDirectory: whole, captures: [capture])
        let (first, second) = try splitPcap(capture, into: split)
        _ = try Replay.run(configuration: configuration, ledgerDirectory: split + "/ledger", captures: [first])
        _ = try Replay.run(configuration: configuration, ledgerDirectory: split + "/ledger", captures: [second])
        #expect(try BillingReport.build(directory: split + "/ledger").customers == (try BillingReport.build(directory: whole).customers))
        let verification = try verifyLedger(directory: split + "/ledger")
        #expect(verification.ok, "\(verification.problems)")
        var parts: [Int] = []
        try forEachLedgerRecord(directory: split + "/ledger") { parts.append(($0["part"] as? NSNumber)?.intValue ?? -1) }
        #expect(parts.contains(1))
    }

    /// Cuts a classic pcap (24-octet header, 16-octet record headers) after half its records.
    func splitPcap(_ path: String, into directory: String) throws -> (String, String) {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var offsets: [Int] = []
        var at = 24
        while at + 16 <= data.count {
            offsets.append(at)
            let caplen = Int(data[at + 8]) | Int(data[at + 9]) << 8 | Int(data[at + 10]) << 16 | Int(data[at + 11]) << 24
            at += 16 + caplen
        }
        let cut = offsets[offsets.count / 2]
        let header = Array(data[0..<24])
        let a = directory + "/first.pcap"
        let b = directory + "/second.pcap"
        try Data(data[0..<cut]).write(to: URL(fileURLWithPath: a))
        try Data(header + data[cut...]).write(to: URL(fileURLWithPath: b))
        return (a, b)
    }
}
