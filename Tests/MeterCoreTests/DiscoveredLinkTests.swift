import DecodePipeline
import Foundation
import Ledger
import MeterConfig
@testable import MeterCore
import SS7Decoding
import TariffPolicy
import Testing

/// A link the configuration does not list is discovered when its first message comes, and from then on
/// gets a record in every interval, zeros included (CHARGING-RULES.md: a zero is a measurement). A
/// reloaded configuration starts a new meter at an interval boundary, and a restart or a resumed
/// replay starts one at the ledger's end; these tests hold the discovered links to that rule across
/// both, and to the ledger's syntax and the meter's limit on them.
@Suite struct DiscoveredLinkTests {
    static let length: Int64 = 900

    /// Runs the generated ITU M3UA capture (two associations: acme's, from 10.1.0.1:2906, and bravo's,
    /// from 10.1.0.2:2907) through a meter whose plan lists none of its links.
    static func meterThatDiscoveredBothAssociations() throws -> (Meter, lastTime: PacketTime) {
        var configuration = try sampleConfiguration("itu")
        configuration.links = []
        var meter = Meter(plan: NetworkPlan(configuration), schedule: IntervalSchedule(lengthSeconds: length))
        var last: PacketTime = 0
        let capture = Paths.generated.appendingPathComponent("itu-m3ua.pcap").path
        _ = try DecodePipeline(options: DecodeOptions(variant: .itu), threads: 1).run(paths: [capture], into: &meter) {
            stamp, meter in
            last = stamp.nanosecondsSinceEpoch
            _ = meter.beginFrame(time: last)
        }
        return (meter, last)
    }

    /// The records of the first interval of a meter started (as a reload starts one) at the boundary
    /// after `lastTime`, with `plan`, carrying `previous`'s discovered links or not, and no traffic.
    static func firstIntervalAfterReload(
        _ previous: Meter, lastTime: PacketTime, plan: NetworkPlan, carry: Bool
    ) -> [LinkRecord] {
        let boundary = (lastTime / 1_000_000_000 / length + 1) * length
        var next = Meter(
            plan: plan, schedule: IntervalSchedule(lengthSeconds: length), watermark: boundary * 1_000_000_000)
        if carry { next.carryDiscoveredLinks(from: previous) }
        _ = next.beginFrame(time: boundary * 1_000_000_000)
        let closed = next.beginFrame(time: (boundary + length) * 1_000_000_000)
        #expect(closed.count == 1)
        #expect(closed.first?.start == boundary)
        return closed.first?.records ?? []
    }

    static func messages(_ record: LinkRecord) -> Int { record.counters.msus.reduce(0, +) }

    @Test func discoveredLinksKeepTheirZeroRecordsAfterAReload() throws {
        var (meter, lastTime) = try Self.meterThatDiscoveredBothAssociations()
        let finished = meter.finish()
        let before = try #require(finished)
        // Both associations were discovered, unattributed, and counted.
        #expect(before.records.count == 2)
        #expect(before.records.allSatisfy { $0.customer == "unattributed" && $0.linkID.hasPrefix("sctp:") })
        #expect(before.records.allSatisfy { Self.messages($0) > 0 })

        let after = Self.firstIntervalAfterReload(meter, lastTime: lastTime, plan: meter.plan, carry: true)
        #expect(after.map(\.linkID) == before.records.map(\.linkID))
        #expect(after.allSatisfy { Self.messages($0) == 0 && $0.customer == "unattributed" && $0.complete })
        // Without the carry, the quiet discovered links would have no record at all: a loss.
        #expect(Self.firstIntervalAfterReload(meter, lastTime: lastTime, plan: meter.plan, carry: false).isEmpty)
    }

    @Test func aLinkTheReloadConfiguresIsNotCarriedAsDiscovered() throws {
        let (meter, lastTime) = try Self.meterThatDiscoveredBothAssociations()
        // The reloaded configuration lists acme's association only.
        var configuration = try sampleConfiguration("itu")
        configuration.links = configuration.links.filter { $0.name == "acme-m3ua" }
        #expect(configuration.links.count == 1)
        let after = Self.firstIntervalAfterReload(meter, lastTime: lastTime, plan: NetworkPlan(configuration), carry: true)
        // acme's record under its configured name and customer; bravo's still discovered; neither twice.
        #expect(after.map(\.link).count == 2)
        #expect(after.first?.link == "acme-m3ua")
        #expect(after.first?.customer == "acme")
        let bravo = after.last
        #expect(bravo?.customer == "unattributed")
        #expect(bravo.map { $0.linkID.contains("10.1.0.2:2907") } == true)
        #expect(!after.contains { $0.customer == "unattributed" && $0.linkID.contains("10.1.0.1:2906") })
    }

    /// The ledger's `link_id` of a discovered link is, as the schema says, in the configuration's own
    /// syntax: an IPv6 association's (whose addresses hold colons) has its addresses in brackets, and
    /// a configuration listing that id as it is names the same association.
    @Test func aDiscoveredIPv6LinksIdIsOneTheConfigurationTakes() throws {
        var configuration = try sampleConfiguration("itu")
        configuration.links = []
        var meter = Meter(plan: NetworkPlan(configuration), schedule: IntervalSchedule(lengthSeconds: Self.length))
        let customer = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 1)
        let stp = IPAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 2)
        let towardSTP = SCTPEndpoints(source: customer, destination: stp, sourcePort: 2906, destinationPort: 2905)
        _ = meter.beginFrame(time: 1_795_255_200 * 1_000_000_000)
        meter.sctpRetransmission(link: .sctp(towardSTP))
        let finished = meter.finish()
        let record = try #require(finished?.records.first)
        #expect(record.customer == "unattributed")
        #expect(record.linkID == "sctp:[2001:db8:0:0:0:0:0:1]:2906-[2001:db8:0:0:0:0:0:2]:2905")

        let text = try String(contentsOfFile: Paths.config("itu"), encoding: .utf8)
            + "\n[[link]]\nid = \"\(record.linkID)\"\nname = \"acme-v6\"\ncustomer = \"acme\"\n"
        let configured = try parseConfiguration(text: text)
        let link = try #require(configured.links.last)
        #expect(link.name == "acme-v6")
        #expect(link.key == .sctp(towardSTP: towardSTP))
    }

    /// A copy of a classic little-endian pcap with every record `seconds` later.
    static func shifted(_ path: String, by seconds: UInt32, to copy: String) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func le32(_ i: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[i + $1]) << (8 * $1) } }
        #expect(le32(0) == 0xA1B2_C3D4 || le32(0) == 0xA1B2_3C4D)
        var at = 24
        while at + 16 <= bytes.count {
            let time = le32(at) + seconds
            for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: time >> (8 * k)) }
            at += 16 + Int(le32(at + 8))
        }
        try Data(bytes).write(to: URL(fileURLWithPath: copy))
    }

    /// Messages per interval and link (all parts and directions added up) of a ledger's records.
    static func messagesByIntervalAndLink(_ directory: String) throws -> [String: Int] {
        var table: [String: Int] = [:]
        for record in try intervalRecords(directory) {
            let key = "\(record["interval_start"] as? String ?? "?") \(record["link_id"] as? String ?? "?")"
            let msus = (record["msus"] as? [String: Int] ?? [:]).values.reduce(0, +)
            table[key, default: 0] += msus
        }
        return table
    }

    /// A replay resumed on a ledger that already holds a first capture gives every link that capture's
    /// meter discovered its records from the resume on, as a replay of everything at once does: here
    /// through a quiet day between the first capture (M3UA) and a later one (MTP2, a day on).
    @Test func aResumedReplayKeepsTheLinksItsLedgerShowsDiscovered() throws {
        let directory = Paths.temporaryDirectory("discovered-resume")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = try sampleConfiguration("itu")
        configuration.links = []
        let first = Paths.generated.appendingPathComponent("itu-m3ua.pcap").path
        let later = directory + "/later.pcap"
        try Self.shifted(Paths.generated.appendingPathComponent("itu-mtp2.pcap").path, by: 86_400, to: later)

        let resumed = directory + "/resumed"
        _ = try Replay.run(configuration: configuration, ledgerDirectory: resumed, captures: [first])
        let second = try Replay.run(configuration: configuration, ledgerDirectory: resumed, captures: [first, later])
        #expect(second.framesSkipped > 0 && second.messagesCounted > 0)
        let whole = directory + "/whole"
        _ = try Replay.run(configuration: configuration, ledgerDirectory: whole, captures: [first, later])

        let got = try Self.messagesByIntervalAndLink(resumed)
        let expected = try Self.messagesByIntervalAndLink(whole)
        #expect(Set(got.keys).subtracting(expected.keys).isEmpty)
        let missing = Set(expected.keys).subtracting(got.keys)
        #expect(missing.isEmpty, "\(missing.count) records missing, e.g. \(missing.sorted().prefix(3))")
        #expect(got == expected)
        // The day between: a zero record for each of the two associations in each of its 96 intervals.
        let quietSCTP = expected.filter { $0.key.contains(" sctp:") && $0.value == 0 }
        #expect(quietSCTP.count >= 2 * 95)
    }

    /// What the ledger tells a resuming meter: the unattributed links of the source's latest interval
    /// only (a link the configuration has since named, or another source's link, is not among them).
    @Test func theLedgerNamesTheLinksOfItsLatestInterval() throws {
        let directory = Paths.temporaryDirectory("discovered-ledger")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = try sampleConfiguration("itu")
        let allLinks = configuration.links
        configuration.links = []
        let first = Paths.generated.appendingPathComponent("itu-m3ua.pcap").path
        let later = directory + "/later.pcap"
        try Self.shifted(Paths.generated.appendingPathComponent("itu-mtp2.pcap").path, by: 86_400, to: later)
        let ledger = directory + "/ledger"
        func opened() throws -> LedgerWriter {
            try LedgerWriter(LedgerConfiguration(
                directory: ledger, site: configuration.meter.site, rotateSeconds: Int64(configuration.meter.rotateSeconds)))
        }
        let acme = "sctp:10.0.0.1:2905-10.1.0.1:2906", bravo = "sctp:10.0.0.1:2905-10.1.0.2:2907"

        _ = try Replay.run(configuration: configuration, ledgerDirectory: ledger, captures: [first])
        #expect(try opened().discoveredLinkIDs(source: "replay") == [acme, bravo])
        #expect(try opened().discoveredLinkIDs(source: "other").isEmpty)

        // Resumed with acme's association configured: from then on it is acme's link, not discovered.
        configuration.links = allLinks.filter { $0.name == "acme-m3ua" }
        _ = try Replay.run(configuration: configuration, ledgerDirectory: ledger, captures: [first, later])
        let latest = try opened().discoveredLinkIDs(source: "replay")
        // bravo first (carried from the ledger), then the MTP2 links in the order the capture shows them.
        #expect(latest.first == bravo)
        #expect(latest.count == 4 && Set(latest) == [bravo, "mtp2:1", "mtp2:2", "mtp2:3"], "\(latest)")
    }

    /// Past `maxDiscoveredLinks`, further unconfigured links share one slot, `discovered:other`: the
    /// meter's memory stays bounded whatever a capture holds, and none of their events is lost. The
    /// shared slot keeps its place across a reload and a resume like any discovered link.
    @Test func linksBeyondTheLimitAreCountedTogether() throws {
        var configuration = try sampleConfiguration("itu")
        configuration.links = []
        let plan = NetworkPlan(configuration)
        func association(_ k: Int) -> SCTPEndpoints {
            SCTPEndpoints(
                source: IPAddress(ipv4: 0x0A01_0000 + UInt32(k)), destination: IPAddress(ipv4: 0x0A00_0001),
                sourcePort: 3000, destinationPort: 2905)
        }
        var meter = Meter(plan: plan, schedule: IntervalSchedule(lengthSeconds: Self.length))
        meter.maxDiscoveredLinks = 2
        let start: Int64 = 1_795_255_200
        _ = meter.beginFrame(time: start * 1_000_000_000)
        // Association k retransmits k + 1 times: 1, 2, then 3 + 4 + 5 = 12 beyond the limit.
        for k in 0..<5 {
            for _ in 0...k { meter.sctpRetransmission(link: .sctp(association(k))) }
        }
        let closed = meter.beginFrame(time: (start + Self.length) * 1_000_000_000)
        let records = try #require(closed.first?.records)
        #expect(records.map(\.linkID) == [
            "sctp:10.0.0.1:2905-10.1.0.0:3000", "sctp:10.0.0.1:2905-10.1.0.1:3000", "discovered:other",
        ])
        #expect(records.map(\.counters.sctpRetransmissions) == [1, 2, 12])
        #expect(records.allSatisfy { $0.customer == "unattributed" })

        // Carried over a reload: the same three records, in the same order.
        let after = Self.firstIntervalAfterReload(meter, lastTime: start * 1_000_000_000, plan: plan, carry: true)
        #expect(after.map(\.linkID) == records.map(\.linkID))
        // Named back from a ledger for a resume (ids name an association by its lower endpoint first).
        func reversed(_ e: SCTPEndpoints) -> SCTPEndpoints {
            SCTPEndpoints(source: e.destination, destination: e.source, sourcePort: e.destinationPort, destinationPort: e.sourcePort)
        }
        let named: [Meter.DiscoveredLink?] = records.map { discoveredLink(linkID: $0.linkID) }
        #expect(named == [.link(.sctp(reversed(association(0)))), .link(.sctp(reversed(association(1)))), .others])
    }
}
