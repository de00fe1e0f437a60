import ByteParsing
import Ledger
import SS7Decoding
import TariffPolicy

/// The meter's fields of a ledger record (docs/ledger-schema.md). Maps are written with sorted keys
/// and without zero entries, so identical traffic gives byte-identical records.
enum RecordEncoding {
    static let schemaVersion: Int64 = 1

    static func object(_ counts: [(String, Int)]) -> JSONValue {
        var o = JSONObject()
        for (k, v) in counts.sorted(by: { $0.0 < $1.0 }) where v != 0 { o.set(k, .int(Int64(v))) }
        return .object(o)
    }

    static func record(
        _ r: LinkRecord, interval: ClosedInterval, part: Int, source: String, plan: NetworkPlan, variant: SS7Variant
    ) -> JSONObject {
        let c = r.counters
        var o = JSONObject()
        o.set("source", .string(source))
        o.set("link", .string(r.link))
        o.set("link_id", .string(r.linkID))
        o.set("customer", .string(r.customer))
        o.set("interval_start", .string(rfc3339(interval.start)))
        o.set("interval_end", .string(rfc3339(interval.end)))
        o.set("part", .int(Int64(part)))
        o.set("status", .string(r.complete ? "complete" : "incomplete"))
        o.set("variant", .string(variant.rawValue))
        let directions = ["toward_stp", "from_stp", "unknown"]
        var msus = JSONObject()
        var octets = JSONObject()
        for (i, d) in directions.enumerated() {
            msus.set(d, .int(Int64(c.msus[i])))
            octets.set(d, .int(Int64(c.octets[i])))
        }
        o.set("msus", .object(msus))
        o.set("octets", .object(octets))
        o.set("si", object(c.serviceIndicators.enumerated().map { (ServiceIndicator.name(UInt8($0.offset)), $0.element) }))
        o.set("isup", object(c.isup.enumerated().filter { $0.element > 0 }.map {
            let type = ISUPMessageType(rawValue: UInt8($0.offset))
            return (type.name(variant), $0.element)
        }))
        o.set("sccp", object(c.sccp.enumerated().filter { $0.element > 0 }.map {
            (SCCPMessageType(rawValue: UInt8($0.offset)).name, $0.element)
        }))
        var ansi: [(String, Int)] = []
        var itu: [(String, Int)] = []
        for p in TCAPPackageType.allCases where c.tcap[Int(p.rawValue)] > 0 {
            if p.isANSI { ansi.append((p.summaryKey, c.tcap[Int(p.rawValue)])) } else { itu.append((p.summaryKey, c.tcap[Int(p.rawValue)])) }
        }
        var tcap = JSONObject()
        tcap.set("ansi", object(ansi))
        tcap.set("itu", object(itu))
        o.set("tcap", .object(tcap))
        o.set("sigtran", object(c.sigtran.entries.compactMap { (key, n) in
            SigtranMessage(packedKey: key).map { ("\($0.protocolName):\($0.key)", n) }
        }))
        o.set("routes", object(c.routes.entries.map { (key, n) in
            ("\(PointCode(key.opc).formatted(variant))>\(PointCode(key.dpc).formatted(variant)) \(ServiceIndicator.name(key.si))", n)
        }))
        // Only when the route limit was reached, as `routes` lists only the routes seen.
        if c.routesOther > 0 { o.set("routes_other", .int(Int64(c.routesOther))) }
        o.set("call_setup_requests", .int(Int64(c.callSetupRequests)))
        o.set("data_requests", .int(Int64(c.dataRequests)))
        o.set("charges", charges(c, plan: plan))
        var retransmissions = JSONObject()
        retransmissions.set("sctp", .int(Int64(c.sctpRetransmissions)))
        retransmissions.set("mtp2", .int(Int64(c.mtp2Retransmissions)))
        o.set("retransmissions", .object(retransmissions))
        var gaps = JSONObject()
        gaps.set("sctp", .int(Int64(c.sctpGap)))
        gaps.set("mtp2", .int(Int64(c.mtp2Gap)))
        o.set("sequence_gaps", .object(gaps))
        var errorCounts: [String: Int] = [:]
        for (e, n) in c.errors { errorCounts[e.name, default: 0] += n }
        o.set("decode_errors", object(errorCounts.map { ($0.key, $0.value) }))
        return o
    }

    /// `{"acme": {"isup_signal_transport": n, ...}, "unattributed": {...}}`, customers with no event left out.
    static func charges(_ c: LinkCounters, plan: NetworkPlan) -> JSONValue {
        let names = plan.eventNames
        var out = JSONObject()
        let customers = plan.customers.map(\.name) + ["unattributed"]
        for (ci, name) in customers.enumerated().sorted(by: { $0.element < $1.element }) {
            var counts: [(String, Int)] = []
            for (ei, event) in names.enumerated() {
                let n = c.charges[ci * names.count + ei]
                if n > 0 { counts.append((event, n)) }
            }
            if !counts.isEmpty { out.set(name, object(counts)) }
        }
        return .object(out)
    }

}
