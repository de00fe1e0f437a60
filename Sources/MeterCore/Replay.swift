import ByteParsing
import Capture
import DecodePipeline
import Ledger
import MeterConfig
import SS7Decoding
import TariffPolicy

#if canImport(Glibc)
import Glibc
#endif

/// `ss7meter replay`: captures -> decoder (`DecodePipeline`) -> meter -> ledger, resuming where the ledger ends.
public enum Replay {
    public struct Summary: Sendable {
        public var frames = 0
        /// Frames already in the ledger (before its watermark): decoded for state, not counted.
        public var framesSkipped = 0
        public var messagesCounted = 0
        public var intervalsWritten = 0
        public var recordsWritten = 0
        public var watermarkAtStart: Int64 = 0
        public var recovery: String = ""
        public var ledgerDirectory = ""
    }

    public enum Failure: Error, CustomStringConvertible {
        case unsupportedLinkType(file: String, dlt: Int32)
        case ledgerUnwritten(groups: Int, cause: String)

        public var description: String {
            switch self {
            case let .unsupportedLinkType(file, dlt):
                "\(file): " + LinkType.unsupported(dlt: dlt, name: dltName(dlt))
            case let .ledgerUnwritten(groups, cause):
                "\(groups) interval(s) could not be written to the ledger and are lost with this process: \(cause)"
            }
        }
    }

    /// Runs the pipeline. `log` receives one line per notable event (recovery, write failures).
    /// `decodeThreads`: see `DecodePipeline` (the ledger does not depend on it).
    public static func run(
        configuration: MeterConfiguration, ledgerDirectory: String? = nil, captures: [String],
        source: String = "replay", decodeOptions: DecodeOptions? = nil, decodeThreads: Int? = nil,
        log: (String) -> Void = { _ in }
    ) throws -> Summary {
        let plan = NetworkPlan(configuration)
        var summary = Summary()
        let directory = ledgerDirectory ?? configuration.meter.ledgerDirectory
        summary.ledgerDirectory = directory
        let ledger = try LedgerWriter(LedgerConfiguration(
            directory: directory, site: configuration.meter.site,
            rotateSeconds: Int64(configuration.meter.rotateSeconds),
            maxFileBytes: configuration.meter.rotateSizeBytes))
        summary.recovery = ledger.recovery.description
        if !ledger.recovery.isClean { log("ledger recovery: \(ledger.recovery)") }
        summary.watermarkAtStart = ledger.watermark(source: source)

        let variant = configuration.network.variant
        var options = decodeOptions ?? DecodeOptions()
        options.variant = variant
        options.linkVariants = linkVariants(plan: plan, default: variant)
        var meter = Meter(
            plan: plan, schedule: IntervalSchedule(lengthSeconds: Int64(configuration.meter.intervalSeconds)),
            watermark: ledger.watermark(source: source))
        meter.addDiscoveredLinks(ledger.discoveredLinkIDs(source: source).compactMap(discoveredLink(linkID:)))

        func write(_ interval: ClosedInterval) {
            let start = rfc3339(interval.start)
            let records = interval.records.map { r in
                let part = (ledger.highestPart(link: r.link, intervalStart: start) ?? -1) + 1
                return RecordEncoding.record(r, interval: interval, part: part, source: source, plan: plan, variant: variant)
            }
            do throws(LedgerError) {
                try ledger.append(IntervalGroup(
                    intervalStart: interval.start, intervalEnd: interval.end, coveredUntil: interval.coveredUntil,
                    records: records))
            } catch {
                // The writer keeps the group and retries it first on the next append: nothing is dropped.
                log("ledger write failed (kept in memory, will retry): \(error)")
            }
            summary.intervalsWritten += 1
            summary.recordsWritten += records.count
        }

        var pipeline = DecodePipeline(options: options)
        if let decodeThreads { pipeline.threads = decodeThreads }
        // The per-frame closure captures one closure value, not `write`'s every capture (which it loaded
        // on each call), and the meter counts the frames: the usual frame costs two compares.
        let unsupported = try withoutActuallyEscaping(write) { writeInterval in
            try pipeline.run(paths: captures, into: &meter) { stamp, meter in
                let time = stamp.nanosecondsSinceEpoch
                if !meter.countFrameInOpenInterval(time: time) {
                    for interval in meter.beginFrame(time: time) { writeInterval(interval) }
                }
            }
        }
        summary.frames = meter.frames
        summary.framesSkipped = meter.framesBeforeWatermark
        if let unsupported {
            throw Failure.unsupportedLinkType(file: captures[unsupported.sourceIndex], dlt: unsupported.dlt)
        }
        if let last = meter.finish() { write(last) }
        summary.messagesCounted = meter.countedMessages
        do throws(LedgerError) {
            try ledger.flushPending()
            try ledger.close()
        } catch {
            throw Failure.ledgerUnwritten(groups: ledger.pendingGroups, cause: error.description)
        }
        return summary
    }
}

/// The unconfigured link a ledger's `link_id` names (`mtp2:N`, `sctp:...`, or the shared slot
/// `discovered:other`); nil for an interface link or text that is no link id.
public func discoveredLink(linkID: String) -> Meter.DiscoveredLink? {
    if linkID == NetworkPlan.otherLinksID { return .others }
    switch parseLinkID(linkID) {
    case .mtp2(let link): return .link(.mtp2(link: link, sent: false))
    case .sctp(let endpoints): return .link(.sctp(endpoints))
    case .interface, nil: return nil
    }
}

/// The decoder's per-link variant table: the configured links whose variant differs from `default`,
/// under every identity the capture can give them (both MTP2 directions, both SCTP directions).
public func linkVariants(plan: NetworkPlan, default variant: SS7Variant) -> [LinkIdentity: SS7Variant] {
    var table: [LinkIdentity: SS7Variant] = [:]
    for link in plan.links where link.variant != variant {
        switch link.key {
        case let .mtp2(n):
            table[.mtp2(link: n, sent: true)] = link.variant
            table[.mtp2(link: n, sent: false)] = link.variant
        case let .sctp(e):
            table[.sctp(e)] = link.variant
            table[.sctp(SCTPEndpoints(
                source: e.destination, destination: e.source, sourcePort: e.destinationPort,
                destinationPort: e.sourcePort))] = link.variant
        case .interface:
            break  // a whole interface in another variant is a source setting, not a link one
        }
    }
    return table
}
