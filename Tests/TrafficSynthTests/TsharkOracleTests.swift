import Foundation
import Testing
import TrafficSynth

// THE check of the generator: tshark 4.0.17 (an independent decoder) must find in each generated
// capture exactly what the expected summary says, message for message, with nothing malformed.
// The names below (ISUP mnemonics, SCCP and M3UA message names) are this test's own tables, taken
// from Q.763 / T1.113, Q.713 and RFC 4666, not from the code under test.

/// Counts in the expected-summary shape, built either from the JSON file or from tshark output.
struct Counts: Equatable, CustomStringConvertible {
    var frames = 0, messages = 0, retransmissions = 0, octets = 0
    var mtp2: [String: Int] = [:], mtp3: [String: Int] = [:], isup: [String: Int] = [:], sccp: [String: Int] = [:], m3ua: [String: Int] = [:]
    var tcapANSI: [String: Int] = [:], tcapITU: [String: Int] = [:], opcDPC: [String: Int] = [:]

    var description: String {
        "frames \(frames) messages \(messages) octets \(octets) retrans \(retransmissions)\n mtp2 \(mtp2) mtp3 \(mtp3)\n isup \(isup)\n sccp \(sccp)\n"
            + " m3ua \(m3ua)\n ansi \(tcapANSI)\n itu \(tcapITU)\n opc_dpc \(opcDPC)"
    }

    /// Reads an expected-summary JSON file.
    init(json data: Data) throws {
        let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(top.keys) == [
            "frames", "messages", "octets", "sctp_retransmissions", "mtp2", "mtp3", "isup", "tcap", "sccp", "m3ua", "opc_dpc",
            "call_setup_requests", "data_requests", "charges",  // billing: ChargeTests checks these
        ])
        func map(_ any: Any?) -> [String: Int] { (any as? [String: Any] ?? [:]).mapValues { ($0 as? Int) ?? -1 } }
        frames = top["frames"] as? Int ?? -1
        messages = top["messages"] as? Int ?? -1
        octets = top["octets"] as? Int ?? -1
        retransmissions = top["sctp_retransmissions"] as? Int ?? -1
        mtp2 = map(top["mtp2"]); mtp3 = map(top["mtp3"]); isup = map(top["isup"]); sccp = map(top["sccp"]); m3ua = map(top["m3ua"])
        opcDPC = map(top["opc_dpc"])
        let tcap = top["tcap"] as? [String: Any] ?? [:]
        tcapANSI = map(tcap["ansi"]); tcapITU = map(tcap["itu"])
        for m in [mtp2, mtp3, isup, sccp, m3ua, opcDPC, tcapANSI, tcapITU] { #expect(!m.values.contains { $0 <= 0 }) }
    }

    init() {}
}

enum Tshark {
    static var skipped: Bool { ProcessInfo.processInfo.environment["SS7METER_SKIP_TSHARK"] == "1" }

    /// Runs `tshark args` through /usr/bin/env; nil if it cannot be started.
    static func run(_ args: [String]) throws -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tshark"] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus == 127 { return nil }  // env: command not found
        #expect(p.terminationStatus == 0, "tshark \(args) exited with \(p.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    static func options(_ variant: Variant) -> [String] {
        // ANSI MTP3/SCCP/ISUP layouts are a preference; TCAP is dissected whatever the SSN.
        (variant == .ansi ? ["-o", "mtp3.standard:ANSI"] : []) + [
            "-n", "-o", "sccp.default_payload:tcap", "-o", "sctp.checksum:CRC-32C", "-o", "ip.check_checksum:TRUE",
        ]
    }

    static let isupNames: [Int: String] = [
        1: "IAM", 6: "ACM", 9: "ANM", 12: "REL", 13: "SUS", 14: "RES", 16: "RLC", 18: "RSC", 19: "BLO",
        21: "BLA", 23: "GRS", 24: "CGB", 26: "CGBA", 41: "GRA", 44: "CPG", 237: "EXM",
    ]
    static let sccpNames: [Int: String] = [0x09: "UDT", 0x0A: "UDTS", 0x11: "XUDT"]
    static let siNames: [Int: String] = [0: "SNM", 1: "MTN", 2: "MTNS", 3: "SCCP", 4: "TUP", 5: "ISUP", 13: "BICC", 14: "GCP"]
    static let m3uaNames: [String: String] = [
        "0/1": "MGMT/NTFY", "1/1": "TRANSFER/DATA", "2/2": "SSNM/DAVA", "3/1": "ASPSM/ASPUP", "3/3": "ASPSM/BEAT",
        "3/4": "ASPSM/ASPUP_ACK", "3/6": "ASPSM/BEAT_ACK", "4/1": "ASPTM/ASPAC", "4/3": "ASPTM/ASPAC_ACK",
    ]
    static let ansiPackages = [
        "unidirectional", "queryWithPerm", "queryWithoutPerm", "response", "conversationWithPerm",
        "conversationWithoutPerm", "abort",
    ]
    static let ansiSummaryNames = [
        "unidirectional", "query_with_permission", "query_without_permission", "response",
        "conversation_with_permission", "conversation_without_permission", "abort",
    ]
    static let ituMessages = ["unidirectional", "begin", "end", "continue", "abort"]

    static func int(_ s: Substring) -> Int? {
        s.hasPrefix("0x") ? Int(s.dropFirst(2), radix: 16) : Int(s)
    }

    static func pc(_ v: Int, _ variant: Variant) -> String {
        variant == .itu ? String(v) : "\(v >> 16 & 0xFF)-\(v >> 8 & 0xFF)-\(v & 0xFF)"
    }

    /// Counts what tshark decodes in `file`, per message (bundles hold several per frame).
    static func counts(_ file: String, _ variant: Variant, _ link: LinkKind) throws -> Counts? {
        let m3ua = link == .m3ua
        let fields = [
            "frame.number",
            m3ua ? "m3ua.protocol_data_si" : "mtp3.service_indicator",
            m3ua ? "m3ua.protocol_data_opc" : "mtp3.opc",
            m3ua ? "m3ua.protocol_data_dpc" : "mtp3.dpc",
            "isup.message_type", "sccp.message_type", "m3ua.message_class", "m3ua.message_type",
            "sctp.retransmission", "sctp.checksum.status",
        ] + ansiPackages.map { "ansi_tcap.\($0)_element" } + ituMessages.map { "tcap.\($0)_element" }
            // Last, for the MSUs' octets: the frame's length (tshark's leaves DLT 139's pseudo-header out),
            // MTP2's length indicator, and M3UA's parameter tags and lengths.
            + ["frame.len", "mtp2.li", "m3ua.parameter_tag", "m3ua.parameter_length"]
        let args = ["-r", file] + options(variant)
            + ["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"]
            + fields.flatMap { ["-e", $0] }
        guard let text = try run(args) else { return nil }
        var c = Counts()
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            c.frames += 1
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.isEmpty ? [] : $0.split(separator: ",")
            }
            #expect(f.count == fields.count, "line \(line)")
            guard f.count == fields.count else { continue }
            let si = f[1].map { int($0) ?? -1 }, opc = f[2].map { int($0) ?? -1 }, dpc = f[3].map { int($0) ?? -1 }
            #expect(si.count == opc.count && opc.count == dpc.count)
            c.messages += si.count
            for s in si { c.mtp3[siNames[s] ?? "SI_\(s)", default: 0] += 1 }
            for (o, d) in zip(opc, dpc) { c.opcDPC[pc(o, variant) + ">" + pc(d, variant), default: 0] += 1 }
            for t in f[4] { c.isup[isupNames[int(t) ?? -1] ?? "ISUP_\(t)", default: 0] += 1 }
            for t in f[5] { c.sccp[sccpNames[int(t) ?? -1] ?? "SCCP_\(t)", default: 0] += 1 }
            #expect(f[6].count == f[7].count)
            for (k, t) in zip(f[6], f[7]) { c.m3ua[m3uaNames["\(k)/\(t)"] ?? "M3UA_\(k)/\(t)", default: 0] += 1 }
            c.retransmissions += f[8].count
            #expect(f[9].allSatisfy { $0 == "1" }, "SCTP checksum not good in frame \(f[0])")
            for (i, name) in ansiSummaryNames.enumerated() where !f[10 + i].isEmpty { c.tcapANSI[name, default: 0] += f[10 + i].count }
            for (i, name) in ituMessages.enumerated() where !f[17 + i].isEmpty { c.tcapITU[name, default: 0] += f[17 + i].count }
            // Each MSU's octets: SIO, routing label (4 ITU, 7 ANSI), user part.
            let n = fields.count, frameLength = f[n - 4].first.flatMap { int($0) } ?? -1
            switch link {
            case .mtp3:
                c.octets += frameLength  // DLT 141: the frame is the MSU
            case .mtp2:
                // An MSU (LI 3 or more) after BSN/BIB, FSN/FIB and LI (3 octets); FISUs (LI 0) and LSSUs
                // (LI 1-2, Q.703 2.3.3) carry none.
                switch f[n - 3].first.flatMap({ int($0) }) ?? -1 {
                case 0: c.mtp2["FISU", default: 0] += 1
                case 1, 2: c.mtp2["LSSU", default: 0] += 1
                case let li where li >= 3: c.octets += frameLength - 3
                default: break
                }
            case .m3ua:
                // Protocol Data (tag 0x0210): its length less its header (4), OPC, DPC, SI, NI, MP, SLS (12).
                let tags = f[n - 2].map { int($0) ?? -1 }, lengths = f[n - 1].map { int($0) ?? -1 }
                #expect(tags.count == lengths.count)
                for (tag, length) in zip(tags, lengths) where tag == 0x0210 {
                    c.octets += 1 + (variant == .ansi ? 7 : 4) + length - 16
                }
            }
        }
        return c
    }

    /// Frames tshark marks malformed, or with an expert item of error severity or malformed group.
    static func badFrames(_ file: String, _ variant: Variant) throws -> String? {
        try run(["-r", file] + options(variant) + [
            "-Y", "_ws.malformed || _ws.expert.severity >= 0x00800000 || _ws.expert.group == 0x07000000",
        ])
    }
}

func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ss7gen-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Generates a capture and its JSON like `ss7gen` does.
func generate(_ o: GeneratorOptions, pcap: String, json: String) throws -> ExpectedSummary {
    let (summary, sink) = try Generator.run(o, sink: try FileSink(path: pcap))
    try sink.close()
    try Data(summary.json().utf8).write(to: URL(fileURLWithPath: json))
    return summary
}

struct Combination: Sendable, CustomTestStringConvertible {
    var variant: Variant
    var link: LinkKind
    var testDescription: String { "\(variant.rawValue)-\(link.rawValue)" }
    static let all = Variant.allCases.flatMap { v in LinkKind.allCases.map { Combination(variant: v, link: $0) } }
}

@Suite struct TsharkOracleTests {
    @Test(.enabled(if: !Tshark.skipped, "SS7METER_SKIP_TSHARK=1"), arguments: Combination.all)
    func tsharkCountsEqualExpectedSummary(_ c: Combination) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("g.pcap").path, json = dir.appendingPathComponent("g.json").path
        let options = GeneratorOptions(
            variant: c.variant, link: c.link, seed: 42, size: ScenarioSize(calls: 30, queries: 40),
            bundle: c.link == .m3ua ? 3 : 1, retransmissions: c.link == .m3ua ? 5 : 0)
        let summary = try generate(options, pcap: pcap, json: json)
        let expected = try Counts(json: Data(contentsOf: URL(fileURLWithPath: json)))
        guard let seen = try Tshark.counts(pcap, c.variant, c.link) else {
            Issue.record("tshark not found: install tshark (4.0) or set SS7METER_SKIP_TSHARK=1")
            return
        }
        #expect(seen == expected)
        // Not vacuous: every kind of message the scenario promises is there.
        #expect(expected.isup["IAM"] ?? 0 == 30)
        #expect(expected.messages == summary.messages && expected.messages > 150)
        #expect((c.variant == .ansi ? expected.tcapANSI : expected.tcapITU).count >= 5)
        #expect(expected.sccp.count == 3)
        if c.link == .m3ua {
            #expect(expected.retransmissions == 5)
            #expect(expected.m3ua.count == 9)
        }
        let bad = try Tshark.badFrames(pcap, c.variant)
        #expect(bad == "", "tshark finds malformed frames or errors:\n\(bad ?? "")")
    }

    @Test(.enabled(if: !Tshark.skipped, "SS7METER_SKIP_TSHARK=1"))
    func bundlingPutsSeveralMessagesInOneFrame() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("b.pcap").path
        let o = GeneratorOptions(variant: .itu, link: .m3ua, seed: 3, size: ScenarioSize(calls: 40, queries: 0), bundle: 8)
        _ = try generate(o, pcap: pcap, json: dir.appendingPathComponent("b.json").path)
        guard let text = try Tshark.run(["-r", pcap, "-T", "fields", "-E", "occurrence=a", "-e", "m3ua.protocol_data_si"])
        else { Issue.record("tshark not found"); return }
        let perFrame = text.split(separator: "\n").map { $0.split(separator: ",").count }
        #expect(perFrame.contains { $0 >= 3 }, "no SCTP packet carries 3 or more DATA chunks")
    }
}
