import Foundation
import Testing
import SS7Decoding
@testable import DecodeFrontend

/// The decoder against tshark: for every public capture, the counts `decode --summary` gives must
/// equal those in ../shared/captures/public/truth.json (tshark 4.0.17 PDML, per message), decoded with
/// the options INDEX.md names. The name tables below translate tshark's labels to our keys; they are
/// written from Q.763, Q.713 and RFC 4666, not taken from the code under test.
@Suite struct PublicCaptureTests {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/captures/public")

    /// Captures whose encapsulation the meter deliberately does not decode (see README), with why.
    static let unsupported: [String: String] = [
        "wiresharkwiki__packlog-example.cap": "Cisco ITP packet logging: MSUs hex-encoded in syslog over UDP",
        "wiresharkwiki__japan_tcap_over_m2pa.pcap": "Japan (TTC) MTP3 variant: 16-bit point codes",
    ]

    struct Truth {
        var file: String
        var options: DecodeOptions
        var decoded: [String: Any]
    }

    static func truths() throws -> [Truth] {
        let data = try Data(contentsOf: directory.appendingPathComponent("truth.json"))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let files = json["files"] as! [String: Any]
        return files.keys.sorted().compactMap { name in
            let entry = files[name] as! [String: Any]
            let tsharkOptions = (entry["tshark_options"] as? [String] ?? []).joined(separator: " ")
            var options = DecodeOptions()
            if tsharkOptions.contains("mtp3.standard:ANSI") { options.variant = .ansi }
            if tsharkOptions.contains("capture_contains_frame_check_sequence:TRUE") { options.mtp2HasFCS = true }
            if tsharkOptions.contains("m3ua.version:Internet Draft version 6") { options.m3uaDraft6 = true }
            return Truth(file: name, options: options, decoded: entry["decoded"] as! [String: Any])
        }
    }

    static let isupNames: [Int: String] = [
        1: "IAM", 6: "ACM", 9: "ANM", 12: "REL", 16: "RLC", 44: "CPG", 47: "CFN",
    ]
    static let sccpNames: [Int: String] = [
        0x01: "CR", 0x02: "CC", 0x04: "RLSD", 0x05: "RLC", 0x06: "DT1", 0x09: "UDT", 0x11: "XUDT",
    ]
    static let sigtranClassNames: [Int: String] = [
        0: "MGMT", 1: "TRANSFER", 2: "SSNM", 3: "ASPSM", 4: "ASPTM", 6: "MAUP", 9: "RKM",
    ]
    static let ansiPackages: [String: String] = [
        "queryWithPerm": "query_with_permission", "queryWithoutPerm": "query_without_permission",
        "response": "response", "unidirectional": "unidirectional", "abort": "abort",
        "conversationWithPerm": "conversation_with_permission",
        "conversationWithoutPerm": "conversation_without_permission",
    ]

    /// "Initial address (1)" -> 1; "Unitdata (0x09)" -> 9.
    static func code(in label: String) -> Int {
        let inner = label.split(separator: "(").last!.dropLast()
        return inner.hasPrefix("0x") ? Int(inner.dropFirst(2), radix: 16)! : Int(inner)!
    }

    /// "Transfer messages (1) / Payload data (DATA) (1)" -> "TRANSFER/DATA".
    static func sigtranKey(_ label: String) -> String {
        let halves = label.components(separatedBy: " / ")
        let className = sigtranClassNames[code(in: halves[0])]!
        let mnemonic = halves[1].split(separator: "(")[1].split(separator: ")")[0]
        return "\(className)/\(mnemonic)"
    }

    /// What tshark's truth says our summary must contain.
    static func expected(_ decoded: [String: Any]) -> [String: [String: Int]] {
        var out: [String: [String: Int]] = [:]
        func counts(_ path: String...) -> [String: Int] {
            var node: Any? = decoded
            for key in path { node = (node as? [String: Any])?[key] }
            return node as? [String: Int] ?? [:]
        }
        out["isup"] = Dictionary(uniqueKeysWithValues: counts("isup", "message_type").map {
            (isupNames[code(in: $0.key)]!, $0.value)
        })
        out["sccp"] = Dictionary(uniqueKeysWithValues: counts("sccp", "message_type").map {
            (sccpNames[code(in: $0.key)]!, $0.value)
        })
        out["sccp.called_ssn"] = counts("sccp", "called_ssn")
        out["sccp.calling_ssn"] = counts("sccp", "calling_ssn")
        out["tcap.itu"] = counts("tcap_itu", "message_type")
        out["tcap.ansi"] = Dictionary(uniqueKeysWithValues: counts("tcap_ansi", "package_type").map {
            (ansiPackages[$0.key]!, $0.value)
        })
        out["m3ua"] = Dictionary(uniqueKeysWithValues: counts("m3ua").map { (sigtranKey($0.key), $0.value) })
        out["m2ua"] = Dictionary(uniqueKeysWithValues: counts("m2ua").map { (sigtranKey($0.key), $0.value) })
        var pairs = counts("mtp3", "opc_dpc")
        pairs.merge(counts("m3ua_protocol_data", "opc_dpc")) { $0 + $1 }
        out["opc_dpc"] = pairs
        return out
    }

    static func actual(_ s: DecodeSummary) -> [String: [String: Int]] {
        ["isup": s.isup, "sccp": s.sccp, "sccp.called_ssn": s.sccpSubsystems.called,
         "sccp.calling_ssn": s.sccpSubsystems.calling, "tcap.itu": s.tcap.itu, "tcap.ansi": s.tcap.ansi, "m3ua": s.m3ua,
         "m2ua": s.m2ua, "opc_dpc": s.opcDpc]
    }

    static var supportedFiles: [String] {
        ((try? truths()) ?? []).map(\.file).filter { unsupported[$0] == nil }
    }

    @Test(arguments: supportedFiles)
    func countsEqualTshark(file: String) throws {
        let truth = try #require(try Self.truths().first { $0.file == file })
        let summary = try DecodeRun.run(
            paths: [Self.directory.appendingPathComponent(file).path], options: truth.options)
        #expect(summary.frames == truth.decoded["frames"] as? Int)
        let expected = Self.expected(truth.decoded)
        let actual = Self.actual(summary)
        for key in expected.keys.sorted() {
            #expect(actual[key] == expected[key], "\(file): \(key)")
        }
    }

    @Test func theTruthCoversEveryCapture() throws {
        // A new capture added to shared/ must not be skipped silently.
        #expect(try Self.truths().count == 31)
        #expect(Self.supportedFiles.count == 29)
    }
}
