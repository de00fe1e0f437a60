import ByteParsing
import DecodePipeline
import DecodeSinkTestSupport
import Foundation
import Ledger
import MeterConfig
@testable import MeterCore
import SS7Decoding
import TariffPolicy
import Testing
import TrafficSynth

/// The meter counts ISUP and SCCP messages from their unassembled parts (`Meter.isupMessage`,
/// `sccpMessage`); this holds every ledger record it writes to the records it writes when the same
/// messages come assembled, through `Meter.message`. Captures: the generator's, in both variants on
/// all three link types, with bundled and retransmitted SCTP DATA where the link is M3UA, and 10-second
/// intervals so that there are many records.
@Suite struct MeterUnassembledMessageTests {
    static func records(_ capture: String, variant: String, assembled: Bool) throws -> [[UInt8]] {
        let configuration = try sampleConfiguration(variant)
        let plan = NetworkPlan(configuration)
        var options = DecodeOptions(variant: configuration.network.variant)
        options.linkVariants = linkVariants(plan: plan, default: configuration.network.variant)
        let pipeline = DecodePipeline(options: options, threads: 1)
        var out: [[UInt8]] = []
        func write(_ intervals: [ClosedInterval]) {
            for interval in intervals {
                for r in interval.records {
                    out.append(RecordEncoding.record(
                        r, interval: interval, part: 0, source: "s", plan: plan, variant: configuration.network.variant
                    ).encoded())
                }
            }
        }
        /// Replays the capture into `sink`, whose meter `meter` reaches, writing every interval it closes.
        func replay<S: DecodeSink>(into sink: inout S, meter: WritableKeyPath<S, Meter>) throws {
            _ = try pipeline.run(paths: [capture], into: &sink) { stamp, s in
                write(s[keyPath: meter].beginFrame(time: stamp.nanosecondsSinceEpoch))
            }
            write(sink[keyPath: meter].finish().map { [$0] } ?? [])
        }
        let meter = Meter(plan: plan, schedule: IntervalSchedule(lengthSeconds: 10))
        if assembled {
            var sink = AssembledOnly(inner: meter)
            try replay(into: &sink, meter: \.inner)
        } else {
            var sink = meter
            try replay(into: &sink, meter: \.self)
        }
        return out
    }

    @Test(arguments: [Variant.itu, .ansi], [LinkKind.m3ua, .mtp2, .mtp3])
    func ledgerRecordsAreThoseOfAssembledMessages(variant: Variant, link: LinkKind) throws {
        let directory = Paths.temporaryDirectory("unassembled")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generated = try generate(
            variant, link, calls: 300, queries: 300, bundle: link == .m3ua ? 3 : 1,
            retransmissions: link == .m3ua ? 20 : 0, into: directory)
        let name = variant == .itu ? "itu" : "ansi"
        let direct = try Self.records(generated.pcap, variant: name, assembled: false)
        let assembled = try Self.records(generated.pcap, variant: name, assembled: true)
        #expect(direct.count > 2)
        #expect(direct == assembled)
    }
}
