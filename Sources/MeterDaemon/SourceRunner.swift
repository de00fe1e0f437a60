import Capture
import Ledger
import Logging
import MeterConfig
import MeterCore
import SS7Decoding
import Synchronization
import TariffPolicy

#if canImport(Glibc)
import Glibc
#endif

/// A closed interval of one source, encoded, on its way to the ledger's owner.
struct LedgerItem: Sendable {
    var source: String
    var group: IntervalGroup
}

/// How spool directories are watched: the daemon's defaults (`ss7meter run --spool-*`), which a
/// `[[source]]`'s own `suffixes`, `settle` and `newest_open` override.
public struct SpoolSettings: Sendable, Equatable {
    /// Name endings of the capture files; names starting with '.' never match.
    public var suffixes = [".pcap", ".pcapng", ".cap"]
    /// A file is complete once it has not been modified for this long.
    public var settleSeconds = 2.0
    /// The newest file is still being written (e.g. `tcpdump -G` rotation): wait for the next one.
    public var newestIsOpen = false

    public init(
        suffixes: [String] = [".pcap", ".pcapng", ".cap"], settleSeconds: Double = 2, newestIsOpen: Bool = false
    ) {
        self.suffixes = suffixes
        self.settleSeconds = settleSeconds
        self.newestIsOpen = newestIsOpen
    }

    /// These defaults with what `source` sets itself.
    public func overridden(by source: MeterConfiguration.Source) -> SpoolSettings {
        var settings = self
        if let suffixes = source.spoolSuffixes { settings.suffixes = suffixes }
        if let settle = source.spoolSettleSeconds { settings.settleSeconds = Double(settle) }
        if let newestOpen = source.spoolNewestOpen { settings.newestIsOpen = newestOpen }
        return settings
    }
}

/// Wall clock, nanoseconds since the epoch.
func wallClock() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// Monotonic clock, nanoseconds.
func monotonicClock() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// One configured source and its thread: capture (or spool files) -> decoder -> meter; closed
/// intervals go to `emit`. Everything but the atomics and the staged configuration belongs to the
/// thread running `run()`.
final class SourceRunner: @unchecked Sendable {
    enum Input {
        case live(LiveCapture)
        case spool(SpoolDirectory)
    }

    let name: String
    let variant: SS7Variant
    /// Set by `stop()`; the loop sees it within one poll timeout.
    let stopRequested = Atomic<Bool>(false)
    /// Monotonic time of the loop's last turn (the watchdog checks it).
    let heartbeat = Atomic<Int64>(0)
    /// Frames read so far (for STATUS= and metrics).
    let framesRead = Atomic<Int>(0)
    /// A reloaded configuration, taken by the thread at its next interval boundary.
    private let staged = Mutex<MeterConfiguration?>(nil)

    private var input: Input
    private var plan: NetworkPlan
    private var pending: MeterConfiguration?
    private var decoder: FrameDecoder
    private var meter: Meter
    /// Packets before this time were in the ledger before the daemon started: never counted.
    private let ledgerWatermark: PacketTime
    /// Start of the interval where the current plan took over: a later frame with an earlier time
    /// is counted in the open interval, as the previous meter would have done.
    private var floor: PacketTime = 0
    private var lastStatistics: LiveCapture.Statistics?
    private let emit: @Sendable (LedgerItem) -> Void
    private let logger: Logger
    private let metrics: DaemonMetrics
    private let grace: Int64
    private var unsupported: Set<Int32> = []

    init(
        source: MeterConfiguration.Source, input: Input, configuration: MeterConfiguration, options: DecodeOptions,
        ledgerWatermark: PacketTime, discoveredLinks: [Meter.DiscoveredLink] = [], graceSeconds: Int64,
        metrics: DaemonMetrics, logger: Logger,
        emit: @escaping @Sendable (LedgerItem) -> Void
    ) {
        name = source.name
        variant = source.variant
        self.input = input
        plan = NetworkPlan(configuration)
        var options = options
        options.variant = source.variant
        options.linkVariants = linkVariants(plan: plan, default: source.variant)
        decoder = FrameDecoder(options: options)
        var interface: String?
        if case .interface(let i) = source.input { interface = i }
        meter = Meter(
            plan: plan, schedule: IntervalSchedule(lengthSeconds: Int64(configuration.meter.intervalSeconds)),
            watermark: ledgerWatermark, interface: interface)
        meter.addDiscoveredLinks(discoveredLinks)
        // Live, the time between the ledger's end and this start was not watched.
        if case .live = input { meter.resumeAfterDowntime = true }
        self.ledgerWatermark = ledgerWatermark
        grace = graceSeconds * 1_000_000_000
        self.metrics = metrics
        self.logger = logger
        self.emit = emit
        if case .live(let capture) = input { lastStatistics = try? capture.statistics() }
        heartbeat.store(monotonicClock(), ordering: .relaxed)
    }

    /// Asks the thread to finish: it closes the open interval as incomplete and returns.
    func stop() { stopRequested.store(true, ordering: .relaxed) }

    /// Hands a reloaded configuration to the thread; it takes effect at the next interval boundary.
    func stage(_ configuration: MeterConfiguration) { staged.withLock { $0 = configuration } }

    private var stopping: Bool { stopRequested.load(ordering: .relaxed) }

    /// The thread's body. Returns after `stop()`, having emitted the last (incomplete) interval.
    func run() throws {
        switch input {
        case .live(let capture):
            var nextTick = monotonicClock()
            while !stopping {
                heartbeat.store(monotonicClock(), ordering: .relaxed)
                takeStaged()
                let n = try capture.dispatch(timeoutMilliseconds: 200) { frame in handle(frame) }
                if n > 0 {
                    framesRead.add(n, ordering: .relaxed)
                    metrics.frames(source: name, n)
                }
                let now = monotonicClock()
                if now >= nextTick {
                    // An idle link still gets its intervals closed, `grace` after they end.
                    closed(meter.advance(to: wallClock() - grace), startingNext: nil)
                    nextTick = now + 1_000_000_000
                }
            }
        case .spool(var spool):
            while !stopping {
                heartbeat.store(monotonicClock(), ordering: .relaxed)
                let files = try spool.readyFiles(now: Double(wallClock()) / 1e9)
                if files.isEmpty {
                    usleep(100_000)
                    continue
                }
                for file in files where !stopping {
                    takeStaged()
                    readFile(file)
                }
            }
            input = .spool(spool)
        }
        let last = meter.finish()
        closed(last.map { [$0] } ?? [], startingNext: nil)
        if case .live(let capture) = input { capture.close() }
    }

    private func takeStaged() {
        if let c = staged.withLock({ v -> MeterConfiguration? in defer { v = nil }; return v }) { pending = c }
    }

    private func readFile(_ path: String) {
        let reader: PcapFileReader
        do {
            reader = try PcapFileReader(path: path)
        } catch {
            logger.error("source \(name): \(error)")
            metrics.spoolFile(source: name, ok: false)
            return
        }
        var n = 0
        do {
            _ = try reader.forEach { frame in
                handle(frame)
                n &+= 1
                if n & 0xFFFF == 0 { heartbeat.store(monotonicClock(), ordering: .relaxed) }
                return !stopping
            }
            metrics.spoolFile(source: name, ok: true)
            logger.info("source \(name): metered \(path) (\(n) frames)")
        } catch {
            logger.error("source \(name): \(error)")
            metrics.spoolFile(source: name, ok: false)
        }
        framesRead.add(n, ordering: .relaxed)
        metrics.frames(source: name, n)
    }

    private func handle(_ frame: borrowing CapturedFrame) {
        guard let linkType = LinkType(dlt: frame.linkType) else {
            let dlt = frame.linkType
            if unsupported.insert(dlt).inserted {
                logger.error("source \(name): \(LinkType.unsupported(dlt: dlt, name: dltName(dlt)))")
            }
            return
        }
        var time = frame.nanosecondsSinceEpoch
        if time < floor && time >= ledgerWatermark { time = floor }
        let done = meter.beginFrame(time: time)
        if !done.isEmpty {
            closed(done, startingNext: meter.schedule.start(containing: time))
            _ = meter.beginFrame(time: time)
        }
        decoder.decode(frame.bytes, linkType: linkType, into: &meter)
    }

    /// Emits closed intervals; then, when a reloaded configuration waits, starts the next interval
    /// (`startingNext`, UTC seconds; nil: the one the meter has open) with it.
    private func closed(_ intervals: [ClosedInterval], startingNext: Int64?) {
        guard !intervals.isEmpty else { return }
        var capture: JSONObject?
        var lost = false
        if case .live(let live) = input, let now = try? live.statistics() {
            let before = lastStatistics ?? LiveCapture.Statistics(received: 0, dropped: 0, interfaceDropped: 0)
            // Counters are 32-bit in libpcap and wrap.
            let received = UInt64(UInt32(truncatingIfNeeded: now.received &- before.received))
            let dropped = UInt64(UInt32(truncatingIfNeeded: now.dropped &- before.dropped))
            let ifDropped = UInt64(UInt32(truncatingIfNeeded: now.interfaceDropped &- before.interfaceDropped))
            lastStatistics = now
            var o = JSONObject()
            o.set("received", .int(Int64(received)))
            o.set("dropped", .int(Int64(dropped)))
            o.set("interface_dropped", .int(Int64(ifDropped)))
            capture = o
            lost = dropped > 0 || ifDropped > 0
        }
        for (i, interval) in intervals.enumerated() {
            var group = interval.ledgerGroup(source: name, plan: plan, variant: variant)
            // libpcap's counts are read when intervals close: they go to the last one closed now.
            if let capture {
                let isLast = i == intervals.count - 1
                var zero = JSONObject()
                zero.set("received", .int(0))
                zero.set("dropped", .int(0))
                zero.set("interface_dropped", .int(0))
                for r in group.records.indices {
                    group.records[r].set("capture", .object(isLast ? capture : zero))
                    if isLast && lost { group.records[r].set("status", .string("incomplete")) }
                }
            }
            emit(LedgerItem(source: name, group: group))
        }
        guard let configuration = pending else { return }
        pending = nil
        let start = startingNext ?? meter.schedule.start(containing: wallClock() - grace)
        plan = NetworkPlan(configuration)
        // The new meter starts at the boundary (after the ledger's watermark: the old meter had
        // counted up to the boundary) and counts nothing earlier.
        floor = start * 1_000_000_000
        var next = Meter(plan: plan, schedule: meter.schedule, watermark: floor, interface: meter.interface)
        next.carryDiscoveredLinks(from: meter)
        _ = next.beginFrame(time: floor)  // opens the interval, so that it closes even if idle
        meter = next
        logger.notice("source \(name): reloaded configuration in effect from \(rfc3339(start))")
    }
}
