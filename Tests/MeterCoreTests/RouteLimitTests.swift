import ByteParsing
import DecodePipeline
import Foundation
import Ledger
import MeterConfig
@testable import MeterCore
import SS7Decoding
import TariffPolicy
import Testing

/// A record lists at most `Meter.maxRoutesPerLink` routes (OPC, DPC, SI); the messages of routes that
/// come after are counted together in `routes_other`, so none is lost and a capture of random point
/// codes cannot grow a record without bound. The reference is the same capture metered without a
/// limit, whose routes ReplayTests holds to the generator's per-pair counts.
@Suite struct RouteLimitTests {
    static let sample = "itu-m3ua"

    /// The closed intervals of the generated ITU M3UA capture, metered with the sample configuration.
    static func intervals(routeLimit: Int?) throws -> [ClosedInterval] {
        var meter = Meter(plan: NetworkPlan(try sampleConfiguration("itu")), schedule: IntervalSchedule(lengthSeconds: 900))
        if let routeLimit { meter.maxRoutesPerLink = routeLimit }
        var closed: [ClosedInterval] = []
        let capture = Paths.generated.appendingPathComponent("\(sample).pcap").path
        _ = try DecodePipeline(options: DecodeOptions(variant: .itu), threads: 1).run(paths: [capture], into: &meter) {
            stamp, meter in
            closed += meter.beginFrame(time: stamp.nanosecondsSinceEpoch)
        }
        if let last = meter.finish() { closed.append(last) }
        return closed
    }

    static func routes(_ r: LinkRecord) -> [LinkCounters.RouteKey: Int] {
        Dictionary(uniqueKeysWithValues: r.counters.routes.entries.map { ($0.key, $0.count) })
    }

    @Test func routesPastTheLimitAreCountedTogether() throws {
        let limit = 2
        let full = try Self.intervals(routeLimit: nil)
        let limited = try Self.intervals(routeLimit: limit)
        #expect(limited.map(\.start) == full.map(\.start))
        let plan = NetworkPlan(try sampleConfiguration("itu"))
        var reachedLimit = 0
        var routed = 0
        for (f, l) in zip(full, limited) {
            #expect(l.records.map(\.link) == f.records.map(\.link))
            for (fr, lr) in zip(f.records, l.records) {
                let all = Self.routes(fr)
                let listed = Self.routes(lr)
                #expect(fr.counters.routesOther == 0)
                #expect(listed.count == min(limit, all.count))
                // A listed route keeps every one of its messages; the rest are in routes_other.
                for (key, n) in listed { #expect(all[key] == n, "\(key)") }
                #expect(lr.counters.routesOther == all.values.reduce(0, +) - listed.values.reduce(0, +))
                // Nothing else changes: MSUs and charges are those of the unlimited run.
                #expect(lr.counters.msus == fr.counters.msus)
                #expect(lr.counters.charges == fr.counters.charges)
                if lr.counters.routesOther > 0 { reachedLimit += 1 }
                routed += listed.values.reduce(0, +) + lr.counters.routesOther

                // The ledger record says routes_other only when the limit was reached.
                let json = RecordEncoding.record(lr, interval: l, part: 0, source: "replay", plan: plan, variant: .itu)
                if lr.counters.routesOther > 0 {
                    #expect(json["routes_other"] == .int(Int64(lr.counters.routesOther)))
                } else {
                    #expect(json["routes_other"] == nil)
                }
            }
        }
        #expect(reachedLimit > 0, "the capture has links with more than \(limit) routes in an interval")
        // Every message is in a route or in routes_other: the generator's message count.
        let expected = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Paths.generated.appendingPathComponent("\(Self.sample).expected.json"))) as! [String: Any]
        #expect(routed == expected["messages"] as? Int)
    }
}
