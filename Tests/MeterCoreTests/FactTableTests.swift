import ByteParsing
import DecodePipeline
import Foundation
import Ledger
import MeterConfig
@testable import MeterCore
import SS7Decoding
import TariffPolicy
import Testing
import TrafficSynth

/// The meter counts messages by their classification facts (FactTable) and classifies each distinct
/// one when the table is applied. These tests hold that to counting every message as it comes: the
/// packed key gives back exactly what went in, and a meter that applies its table after every message
/// writes the same records as one that applies it when the interval closes.
@Suite struct FactTableTests {
    @Test func keyGivesBackItsFacts() {
        var codes = UserPart.Codes()
        let codeValues: [Int16] = [-1, 0, 1, 0x12, 255]
        let hits = [
            Classifier.LinkHit(link: nil, direction: .unknown), Classifier.LinkHit(link: 3, direction: .towardSTP),
            Classifier.LinkHit(link: 7, direction: .fromSTP), Classifier.LinkHit(link: 0, direction: .unknown),
        ]
        var checked = 0
        for hit in hits {
            for code in codeValues {
                codes.isupType = code
                codes.sccpType = code == 255 ? -1 : code
                codes.tcapPackage = code == -1 ? 11 : code
                for database in [nil, 0, 1, 65533] as [Int?] {
                    for carrier in [nil, 0x01_0101, 0x02_0601, 0x00_0000] as [UInt32?] {
                        let facts = Classifier.Facts(
                            hit: hit, opc: PointCode(0xFF_FFFF), dpc: PointCode(code == 0 ? 0 : 0x3FFF), codes: codes,
                            isDataRequest: database != nil || code == 1, database: database,
                            calledRoutesOnSSN: carrier == nil)
                        // A discovered link's slot is not its hit's (which is nil); a configured one's is.
                        let slot = hit.link ?? 40_000
                        let key = FactTable.Key(facts, slot: slot, si: UInt8(truncatingIfNeeded: code), carrier: carrier)
                        #expect(key.facts == facts)
                        #expect(key.slot == slot)
                        #expect(key.si == UInt8(truncatingIfNeeded: code))
                        #expect(key.carrier == carrier)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 4 * 5 * 4 * 4)
    }

    @Test func distinctFactsAreDistinctKeysAndTheTableIsBounded() {
        var table = FactTable(limit: 3)
        let codes = UserPart.Codes()
        func key(_ opc: UInt32, slot: Int = 0) -> FactTable.Key {
            FactTable.Key(
                Classifier.Facts(
                    hit: Classifier.LinkHit(link: nil, direction: .unknown), opc: PointCode(opc), dpc: PointCode(2),
                    codes: codes),
                slot: slot, si: 5, carrier: nil)
        }
        let full = [
            table.add(key(1), octets: 10), table.add(key(1), octets: 12), table.add(key(1, slot: 1), octets: 7),
        ]
        #expect(full == [false, false, false])
        #expect(table.entries.map(\.messages) == [2, 1])
        #expect(table.entries.map(\.octets) == [22, 7])
        // The third distinct key fills it: the meter must apply it.
        let third = table.add(key(2), octets: 1)
        #expect(third)
        table.removeAll()
        #expect(table.isEmpty)
        let again = table.add(key(2), octets: 1)
        #expect(!again)
        #expect(table.entries.count == 1)
    }

    /// Every record of every interval, as the ledger would hold it, for one meter run over `capture`.
    static func records(
        _ capture: String, configuration: MeterConfiguration, factLimit: Int?
    ) throws -> [String] {
        let plan = NetworkPlan(configuration)
        var meter = Meter(plan: plan, schedule: IntervalSchedule(lengthSeconds: 60))
        if let factLimit { meter.facts = FactTable(limit: factLimit) }
        var options = DecodeOptions(variant: configuration.network.variant)
        options.linkVariants = linkVariants(plan: plan, default: configuration.network.variant)
        var closed: [ClosedInterval] = []
        _ = try DecodePipeline(options: options, threads: 1).run(paths: [capture], into: &meter) { stamp, meter in
            closed += meter.beginFrame(time: stamp.nanosecondsSinceEpoch)
        }
        if let last = meter.finish() { closed.append(last) }
        return closed.flatMap { interval in
            interval.records.map { record in
                let object = RecordEncoding.record(
                    record, interval: interval, part: 0, source: "test", plan: plan,
                    variant: configuration.network.variant)
                return String(decoding: object.encoded(), as: UTF8.self)
            }
        }
    }

    @Test(arguments: [("itu", Variant.itu, LinkKind.m3ua), ("ansi", .ansi, .mtp2), ("itu", .itu, .mtp3)])
    func countingByFactsEqualsCountingEachMessage(config: String, variant: Variant, link: LinkKind) throws {
        let directory = Paths.temporaryDirectory("facts")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Bundles and retransmissions (M3UA) and one-minute intervals: DATA carriers, several intervals.
        let (capture, expected) = try generate(
            variant, link, calls: 300, queries: 300, seed: 11, bundle: link == .m3ua ? 3 : 1,
            retransmissions: link == .m3ua ? 20 : 0, into: directory)
        let configuration = try sampleConfiguration(config)
        let eachMessage = try Self.records(capture, configuration: configuration, factLimit: 1)
        let byFacts = try Self.records(capture, configuration: configuration, factLimit: nil)
        let smallTable = try Self.records(capture, configuration: configuration, factLimit: 5)
        #expect(eachMessage.count > 3)
        // Record by record, so that a failure shows the one record that differs.
        for other in [byFacts, smallTable] {
            #expect(other.count == eachMessage.count)
            for (a, b) in zip(other, eachMessage) where a != b {
                #expect(a == b)
                break
            }
        }
        // And the records hold the generator's messages (not an empty run on both sides).
        let counted = eachMessage.compactMap { line -> Int? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let msus = object["msus"] as? [String: Int]
            else { return nil }
            return msus.values.reduce(0, +)
        }.reduce(0, +)
        #expect(counted == expected.messages)
    }
}
