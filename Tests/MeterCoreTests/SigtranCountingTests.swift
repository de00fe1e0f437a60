import ByteParsing
import MeterConfig
@testable import MeterCore
import SS7Decoding
import Testing
import TariffPolicy

/// The meter counts the M3UA DATA that carries an MSU together with that MSU's message (one link
/// lookup, not two). When no message follows on the same link (the MSU did not decode, or the next
/// call is about another link, or the interval closes first), the DATA must still be counted once, on
/// its own link.
@Suite struct SigtranCountingTests {
    // config/sample-itu.toml: link acme-m3ua is sctp:10.1.0.1:2906-10.0.0.1:2905, bravo-m3ua is
    // sctp:10.1.0.2:2907-10.0.0.1:2905.
    static let acme = LinkIdentity.sctp(SCTPEndpoints(
        source: IPAddress(ipv4: 0x0A01_0001), destination: IPAddress(ipv4: 0x0A00_0001), sourcePort: 2906,
        destinationPort: 2905))
    static let bravo = LinkIdentity.sctp(SCTPEndpoints(
        source: IPAddress(ipv4: 0x0A01_0002), destination: IPAddress(ipv4: 0x0A00_0001), sourcePort: 2907,
        destinationPort: 2905))
    // RFC 4666 3.1.2: Transfer (1) DATA (1); ASPSM (3) BEAT (3).
    static func data(_ link: LinkIdentity) -> SigtranMessage {
        SigtranMessage(protocolName: .m3ua, messageClass: 1, messageType: 1, link: link)
    }
    static func beat(_ link: LinkIdentity) -> SigtranMessage {
        SigtranMessage(protocolName: .m3ua, messageClass: 3, messageType: 3, link: link)
    }

    @Test func dataWithoutItsMessageIsCountedOnceOnItsLink() throws {
        let plan = NetworkPlan(try sampleConfiguration("itu"))
        let s: Int64 = 1_000_000_000
        var meter = Meter(plan: plan, schedule: IntervalSchedule(lengthSeconds: 60))
        _ = meter.beginFrame(time: 120 * s)
        // 1. DATA on acme whose MSU failed to decode: the error comes instead of a message.
        meter.sigtran(Self.data(Self.acme))
        meter.decodeError(DecodeError(.mtp3, .truncated, at: 40), link: Self.acme)
        // 2. DATA on acme, then a BEAT on bravo.
        meter.sigtran(Self.data(Self.acme))
        meter.sigtran(Self.beat(Self.bravo))
        // 3. DATA on bravo, then an SCTP retransmission on acme.
        meter.sigtran(Self.data(Self.bravo))
        meter.sctpRetransmission(link: Self.acme)
        // 4. DATA on acme, still waiting when the next frame closes the interval.
        meter.sigtran(Self.data(Self.acme))
        let closed = meter.beginFrame(time: 190 * s)
        #expect(closed.map(\.start) == [120])
        let records = try #require(closed.first?.records)
        func sigtran(_ name: String) -> [UInt32: Int] {
            let counters = records.first { $0.link == name }!.counters.sigtran
            return Dictionary(uniqueKeysWithValues: counters.entries.map { ($0.key, $0.count) })
        }
        let dataKey = Self.data(Self.acme).packedKey
        let beatKey = Self.beat(Self.acme).packedKey
        #expect(sigtran("acme-m3ua") == [dataKey: 3])
        #expect(sigtran("bravo-m3ua") == [dataKey: 1, beatKey: 1])
        #expect(records.first { $0.link == "acme-m3ua" }!.counters.sctpRetransmissions == 1)
        // Nothing pending into the next interval, and finish() counts a DATA left waiting at the end.
        meter.sigtran(Self.data(Self.bravo))
        let finished = meter.finish()
        let last = try #require(finished)
        let bravo = last.records.first { $0.link == "bravo-m3ua" }!.counters.sigtran
        #expect(bravo.entries.map(\.count) == [1])
        #expect(last.records.first { $0.link == "acme-m3ua" }!.counters.sigtran.entries.isEmpty)
    }

    /// A DATA counted in one frame, whose message reaches the meter only after a frame before the
    /// watermark (not counted) began: the DATA still counts once, the message not at all.
    @Test func dataIsCountedEvenIfItsMessageIsNot() throws {
        let plan = NetworkPlan(try sampleConfiguration("itu"))
        let s: Int64 = 1_000_000_000
        var meter = Meter(plan: plan, schedule: IntervalSchedule(lengthSeconds: 60), watermark: 130 * s)
        _ = meter.beginFrame(time: 131 * s)
        meter.sigtran(Self.data(Self.acme))
        _ = meter.beginFrame(time: 129 * s)  // before the watermark: not counted
        let mtp = MTPTransfer(opc: PointCode(1), dpc: PointCode(2), si: 5, ni: 2, priority: 0, sls: 0)
        meter.message(SS7Message(
            transport: .m3ua, link: Self.acme, mtp: mtp, octets: 10, forwardSequenceNumber: nil, userPart: .other))
        let finished = meter.finish()
        let last = try #require(finished)
        let acme = last.records.first { $0.link == "acme-m3ua" }!.counters.sigtran
        #expect(acme.entries.map(\.count) == [1])
        #expect(meter.countedMessages == 0)
    }
}
