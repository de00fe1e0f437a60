import Foundation
import SS7Decoding

extension DecodeSummary {
    /// The `--summary --json` object. Keys are sorted so the output is stable and diffable.
    public var jsonObject: [String: Any] {
        let tcap = self.tcap
        let subsystems = sccpSubsystems
        var object: [String: Any] = [
            "frames": frames,
            "messages": messages,
            "octets": octets,
            "decode_errors": ["total": decodeErrorTotal, "by_reason": decodeErrorsByName],
            "sctp_retransmissions": sctpRetransmissions,
            "mtp2": ["FISU": fisu, "LSSU": lssu, "retransmissions": mtp2Retransmissions],
            "sequence_gaps": sequenceGaps,
            "mtp3": mtp3,
            "isup": isup,
            "tcap": ["ansi": tcap.ansi, "itu": tcap.itu],
            "sccp": sccp,
            "sccp_ssn": ["called": subsystems.called, "calling": subsystems.calling],
            "m3ua": m3ua,
            "m2ua": m2ua,
            "m2pa": m2pa,
            "opc_dpc": opcDpc,
            "variant": variant.rawValue,
        ]
        // Only when the pair limit was reached, as the per-pair counts list only pairs seen.
        if otherPointCodePairs > 0 { object["opc_dpc_other"] = otherPointCodePairs }
        return object
    }

    public func json() -> String {
        let data = try! JSONSerialization.data(  // only dictionaries, strings and integers: cannot fail
            withJSONObject: jsonObject, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A short human-readable summary.
    public func text() -> String {
        var lines: [String] = []
        lines.append("frames \(frames)  messages \(messages)  octets \(octets)  decode errors \(decodeErrorTotal)  sctp retransmissions \(sctpRetransmissions)")
        func section(_ name: String, _ counts: [String: Int]) {
            guard !counts.isEmpty else { return }
            let body = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("\(name): \(body)")
        }
        section("mtp3", mtp3)
        section("isup", isup)
        section("sccp", sccp)
        let subsystems = sccpSubsystems
        section("sccp called ssn", subsystems.called)
        section("sccp calling ssn", subsystems.calling)
        section("tcap ansi", tcap.ansi)
        section("tcap itu", tcap.itu)
        section("m3ua", m3ua)
        section("m2ua", m2ua)
        section("m2pa", m2pa)
        section("decode errors", decodeErrorsByName)
        return lines.joined(separator: "\n")
    }
}
