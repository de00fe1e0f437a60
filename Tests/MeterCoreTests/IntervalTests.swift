import Foundation
import Ledger
import MeterConfig
@testable import MeterCore
import Testing
import TariffPolicy
import TrafficSynth

@Suite struct IntervalScheduleTests {
    /// UTC alignment: 15-minute intervals start at :00, :15, :30, :45 whatever the first packet.
    @Test func alignsToUTC() {
        let s = IntervalSchedule(lengthSeconds: 900)
        // 2024-03-04T12:07:31.5Z = 1709554051.5 s
        #expect(s.start(containing: 1_709_554_051_500_000_000) == 1_709_553_600)  // 12:00:00
        #expect(rfc3339(1_709_553_600) == "2024-03-04T12:00:00Z")
        #expect(s.start(containing: 1_709_554_500_000_000_000) == 1_709_554_500)  // exactly 12:15:00
        #expect(s.start(containing: -1) == -900)
        #expect(parseRFC3339("2024-03-04T12:00:00Z") == 1_709_553_600)
        #expect(parseRFC3339("1970-01-01T00:00:00Z") == 0)
        #expect(parseRFC3339("2024-13-04T12:00:00Z") == nil)
    }
}

/// CHARGING-RULES "Intervals and status": a record for every configured link in every interval, zeros
/// included; the first interval (the meter started inside it) and the last (it stopped inside it)
/// are incomplete, those between complete.
@Suite struct IntervalRecordTests {
    @Test func everyLinkEveryIntervalWithStatus() throws {
        let configuration = try sampleConfiguration("ansi", interval: "1s", rotate: "10s")
        let dir = Paths.temporaryDirectory("intervals")
        let (capture, _) = try generate(.ansi, .mtp2, calls: 300, queries: 300, into: dir)
        _ = try Replay.run(configuration: configuration, ledgerDirectory: dir + "/ledger", captures: [capture])
        var byInterval: [String: [(link: String, status: String, msus: Int)]] = [:]
        try forEachLedgerRecord(directory: dir + "/ledger") { r in
            let msus = (r["msus"] as? [String: Any] ?? [:]).values.reduce(0) { $0 + (($1 as? NSNumber)?.intValue ?? 0) }
            byInterval[r["interval_start"] as! String, default: []].append((r["link"] as! String, r["status"] as! String, msus))
        }
        let starts = byInterval.keys.sorted()
        #expect(starts.count >= 3)
        // Consecutive seconds, none missing.
        let seconds = starts.compactMap(parseRFC3339)
        #expect(seconds == Array(seconds.first!...seconds.last!))
        // The five configured links of config/sample-ansi.toml in each, and nothing else (every frame of
        // an mtp2 capture is on a configured link).
        let links: Set = ["acme-1", "acme-2", "bravo-3", "acme-m3ua", "bravo-m3ua"]
        for start in starts { #expect(Set(byInterval[start]!.map(\.link)) == links, "\(start)") }
        #expect(byInterval[starts.first!]!.allSatisfy { $0.status == "incomplete" })
        #expect(byInterval[starts.last!]!.allSatisfy { $0.status == "incomplete" })
        for start in starts.dropFirst().dropLast() {
            #expect(byInterval[start]!.allSatisfy { $0.status == "complete" }, "\(start)")
        }
        // Links without traffic (the M3UA ones, in an MTP2 capture) are zeros, not missing.
        #expect(byInterval.values.joined().filter { $0.link.hasSuffix("m3ua") }.allSatisfy { $0.msus == 0 })
    }
}

/// After downtime, a live meter did not watch between the ledger's watermark and its first frame.
@Suite struct ResumeAfterDowntimeTests {
    @Test func intervalsBetweenWatermarkAndFirstFrameAreIncomplete() throws {
        let configuration = try sampleConfiguration("ansi", interval: "1s", rotate: "10s")
        let plan = TariffPolicy.NetworkPlan(configuration)
        let s: Int64 = 1_000_000_000
        // Watermark at 100 s (an interval boundary: the ledger holds everything before); first frame at 103.5 s.
        for (downtime, expected) in [(false, [true, true, true, true]), (true, [false, false, false, false])] {
            var meter = Meter(plan: plan, schedule: IntervalSchedule(lengthSeconds: 1), watermark: 100 * s)
            meter.resumeAfterDowntime = downtime
            var closed = meter.beginFrame(time: 103 * s + s / 2)
            closed += meter.beginFrame(time: 104 * s + s / 2)
            // Intervals 100, 101, 102 (nothing seen) and 103 (the first frame's). A replay resuming at the
            // watermark reads a continuous capture: all complete. A live restart: all incomplete.
            #expect(closed.map(\.start) == [100, 101, 102, 103])
            #expect(closed.map { $0.records.allSatisfy(\.complete) } == expected, "downtime \(downtime)")
        }
    }
}
