import Capture
import Dispatch
import Foundation
import Ledger
import Logging
import MeterConfig
import MeterCore
import SS7Decoding
import ServiceLifecycle
import Synchronization
import UnixSignals

/// What `ss7meter run` needs besides the configuration file.
public struct DaemonOptions: Sendable {
    public var configurationPath: String
    /// Decoder options the configuration has no key for (the variant comes from each source).
    public var decodeOptions = DecodeOptions()
    public var spool = SpoolSettings()
    /// A live source closes an interval this long after it ended by the wall clock, if no later
    /// packet closed it first.
    public var graceSeconds: Int64 = 2
    /// Where NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID are read.
    public var environment: [String: String]
    /// Log debug messages too.
    public var verbose = false

    public init(configurationPath: String, environment: [String: String]) {
        self.configurationPath = configurationPath
        self.environment = environment
    }
}

/// The daemon failed to start or to run.
public struct DaemonFailure: Error, CustomStringConvertible {
    public var description: String
}

/// `ss7meter run`: every configured source metered into the ledger until SIGTERM or SIGINT, under
/// swift-service-lifecycle. Services, in order (shut down in reverse): metrics endpoint, ledger,
/// reload (SIGHUP), capture (one thread per source: capture, decode, classify, count), systemd
/// notification. So on the way out systemd hears STOPPING=1 first, capture stops and closes its open
/// intervals as incomplete, the ledger writes them and closes its file, and the endpoint goes last.
public enum Daemon {
    /// Runs until SIGTERM/SIGINT (then returns) or a failure (then throws, having flushed the ledger).
    public static func run(_ options: DaemonOptions) async throws {
        var logger = Logger(label: "ss7meter") { JournalLogHandler(label: $0) }
        logger.logLevel = options.verbose ? .debug : .info
        let configuration = try load(options.configurationPath)
        guard !configuration.sources.isEmpty else {
            throw DaemonFailure(description: "\(options.configurationPath): no [[source]]: nothing to meter")
        }
        let ledger: LedgerWriter
        do throws(LedgerError) {
            ledger = try LedgerWriter(LedgerConfiguration(
                directory: configuration.meter.ledgerDirectory, site: configuration.meter.site,
                rotateSeconds: Int64(configuration.meter.rotateSeconds),
                maxFileBytes: configuration.meter.rotateSizeBytes))
        } catch {
            throw DaemonFailure(description: "ledger: \(error)")
        }
        if !ledger.recovery.isClean { logger.warning("ledger recovery: \(ledger.recovery)") }

        let metrics = DaemonMetrics()
        let state = DaemonState()
        let (stream, continuation) = AsyncStream<LedgerItem>.makeStream()
        var runners: [SourceRunner] = []
        for (i, source) in configuration.sources.enumerated() {
            let input: SourceRunner.Input
            switch source.input {
            case .interface(let interface):
                var settings = LiveCapture.Settings(interface: interface)
                settings.filter = source.filter
                if let b = source.bufferBytes { settings.bufferBytes = b }
                if let s = source.snaplen { settings.snapLength = s }
                if let i = source.immediate { settings.immediate = i }
                do throws(CaptureError) {
                    input = .live(try LiveCapture(settings, sourceIndex: i))
                } catch {
                    throw DaemonFailure(description: "source \(source.name): \(error)")
                }
            case .spool(let directory):
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
                else { throw DaemonFailure(description: "source \(source.name): spool \(directory) is not a directory") }
                let spool = options.spool.overridden(by: source)
                input = .spool(SpoolDirectory(
                    directory: directory, pattern: spool.suffixes, settleSeconds: spool.settleSeconds,
                    newestIsOpen: spool.newestIsOpen))
            }
            runners.append(SourceRunner(
                source: source, input: input, configuration: configuration, options: options.decodeOptions,
                ledgerWatermark: ledger.watermark(source: source.name),
                discoveredLinks: ledger.discoveredLinkIDs(source: source.name).compactMap(discoveredLink(linkID:)),
                graceSeconds: options.graceSeconds, metrics: metrics, logger: logger,
                emit: { continuation.yield($0) }))
        }

        let notifier = SystemdNotifier(environment: options.environment)
        let listen = configuration.metrics ?? MeterConfiguration.Metrics(host: "127.0.0.1", port: 9464)
        let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(
                service: MetricsServer(host: listen.host, port: Int(listen.port), registry: metrics.registry, logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup),
            .init(
                service: LedgerService(
                    writer: ledger, directory: configuration.meter.ledgerDirectory, site: configuration.meter.site,
                    items: stream, metrics: metrics, state: state, logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup),
            .init(
                service: ReloadService(
                    path: options.configurationPath, running: configuration, runners: runners, notifier: notifier,
                    metrics: metrics, state: state, logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup),
            .init(
                service: CaptureService(runners: runners, finish: { continuation.finish() }, state: state, logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(
                service: NotifyService(notifier: notifier, runners: runners, state: state, logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        var groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(60)
        logger.notice("ss7meter run: \(runners.count) source(s), ledger \(configuration.meter.ledgerDirectory)")
        try await ServiceGroup(configuration: groupConfiguration).run()
        logger.notice("ss7meter stopped: ledger closed")
    }

    /// `run` for a synchronous caller (the CLI): blocks the calling thread until the daemon ends.
    public static func runBlocking(_ options: DaemonOptions) throws {
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await run(options)
                outcome.withLock { $0 = .success(()) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        try outcome.withLock { $0! }.get()
    }

    static func load(_ path: String) throws -> MeterConfiguration {
        do throws(ConfigError) {
            return try loadConfiguration(path: path)
        } catch {
            throw DaemonFailure(description: "\(path): \(error)")
        }
    }
}

/// What the services tell each other.
final class DaemonState: Sendable {
    /// Every source's capture is open and its thread runs.
    let ready = Atomic<Bool>(false)
    let intervalsWritten = Atomic<Int>(0)
    let reloads = Atomic<Int>(0)
}

/// Owns the ledger: appends what the sources emit, in arrival order, giving each record its part;
/// ends when the sources have finished (the stream ends), then flushes and closes the file.
final class LedgerService: Service, @unchecked Sendable {
    let writer: LedgerWriter
    let directory: String
    let site: String
    let items: AsyncStream<LedgerItem>
    let metrics: DaemonMetrics
    let state: DaemonState
    let logger: Logger

    init(
        writer: LedgerWriter, directory: String, site: String, items: AsyncStream<LedgerItem>, metrics: DaemonMetrics,
        state: DaemonState, logger: Logger
    ) {
        self.writer = writer
        self.directory = directory
        self.site = site
        self.items = items
        self.metrics = metrics
        self.state = state
        self.logger = logger
    }

    func run() async throws {
        updateFileMetrics()
        for await item in items { write(item.group) }
        logger.debug("ledger: sources finished")
        do throws(LedgerError) {
            try writer.flushPending()
            try writer.close()
            metrics.fsynced(atUnixSeconds: Double(wallClock()) / 1e9)
        } catch {
            throw DaemonFailure(
                description: "ledger: \(writer.pendingGroups) interval group(s) could not be written: \(error)")
        }
        updateFileMetrics()
        // Return only when asked: a service that ends while the group shuts down the services after
        // it can leave the group waiting forever (seen with swift-service-lifecycle 2.13.0).
        try? await gracefulShutdown()
    }

    private func write(_ group: IntervalGroup) {
        var group = group
        for i in group.records.indices {
            guard case .string(let link)? = group.records[i]["link"],
                case .string(let start)? = group.records[i]["interval_start"]
            else { continue }
            group.records[i].set("part", .int(Int64((writer.highestPart(link: link, intervalStart: start) ?? -1) + 1)))
        }
        do throws(LedgerError) {
            try writer.append(group)
            metrics.fsynced(atUnixSeconds: Double(wallClock()) / 1e9)
        } catch where error.kind == .invalidGroup {
            logger.error("ledger refused an interval group (not counted): \(error)")
            return
        } catch {
            // The writer keeps the group and retries it first on the next append.
            logger.error("ledger write failed (kept in memory, will retry): \(error)")
        }
        metrics.group(group)
        metrics.pendingGroups(writer.pendingGroups)
        state.intervalsWritten.add(1, ordering: .relaxed)
        updateFileMetrics()
    }

    /// Final files of this site and the bytes of all its files (the open one included).
    private func updateFileMetrics() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var files = 0
        var bytes = 0
        for name in names where name.hasSuffix(".jsonl") {
            let final = name.hasPrefix(site + "_")
            guard final || name.hasPrefix("." + site + "_") else { continue }
            if final { files += 1 }
            let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name))?[.size] as? Int
            bytes += size ?? 0
        }
        metrics.ledgerFiles(count: files, bytes: bytes)
    }
}

/// Runs each source on its own thread until graceful shutdown, then has each close its open
/// interval; finishes the ledger's stream when all have returned.
final class CaptureService: Service, Sendable {
    let runners: [SourceRunner]
    let finish: @Sendable () -> Void
    let state: DaemonState
    let logger: Logger

    init(runners: [SourceRunner], finish: @escaping @Sendable () -> Void, state: DaemonState, logger: Logger) {
        self.runners = runners
        self.finish = finish
        self.state = state
        self.logger = logger
    }

    func run() async throws {
        defer {
            finish()
            logger.debug("capture: every source finished")
        }
        let runners = self.runners
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for runner in runners {
                    group.addTask { try await Self.onThread(runner) }
                }
                state.ready.store(true, ordering: .relaxed)
                do {
                    try await withGracefulShutdownHandler {
                        try await group.waitForAll()
                    } onGracefulShutdown: {
                        for r in runners { r.stop() }
                    }
                } catch {
                    // One source failed: stop the others (they close their intervals) and fail.
                    for r in runners { r.stop() }
                    throw error
                }
            }
        } onCancel: {
            for r in runners { r.stop() }
        }
    }

    private static func onThread(_ runner: SourceRunner) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try runner.run()
                    c.resume()
                } catch {
                    c.resume(throwing: DaemonFailure(description: "source \(runner.name): \(error)"))
                }
            }
            thread.name = "source \(runner.name)"
            thread.start()
        }
    }
}

/// SIGHUP: re-reads the configuration. An invalid one is refused (logged; the running one stays);
/// a valid one goes to every source, which applies it from its next interval boundary. Sources,
/// [meter] and [metrics] are read at start only: a change there is logged and waits for a restart.
final class ReloadService: Service, @unchecked Sendable {
    let path: String
    var running: MeterConfiguration
    let runners: [SourceRunner]
    let notifier: SystemdNotifier
    let metrics: DaemonMetrics
    let state: DaemonState
    let logger: Logger

    init(
        path: String, running: MeterConfiguration, runners: [SourceRunner], notifier: SystemdNotifier,
        metrics: DaemonMetrics, state: DaemonState, logger: Logger
    ) {
        self.path = path
        self.running = running
        self.runners = runners
        self.notifier = notifier
        self.metrics = metrics
        self.state = state
        self.logger = logger
    }

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() { reload() }
        logger.debug("reload: done")
    }

    func reload() {
        notifier.send("RELOADING=1\nMONOTONIC_USEC=\(monotonicClock() / 1000)")
        defer { state.reloads.add(1, ordering: .relaxed) }
        let next: MeterConfiguration
        do {
            next = try Daemon.load(path)
        } catch {
            logger.error("reload refused, the running configuration stays: \(error)")
            metrics.reload(ok: false)
            notifier.send("READY=1\nSTATUS=reload refused: configuration invalid (see log)")
            return
        }
        if next.sources != running.sources { logger.warning("reload: [[source]] changed: takes effect at the next restart") }
        if next.meter != running.meter { logger.warning("reload: [meter] changed: takes effect at the next restart") }
        if next.metrics != running.metrics { logger.warning("reload: [metrics] changed: takes effect at the next restart") }
        for r in runners { r.stage(next) }
        running = next
        metrics.reload(ok: true)
        logger.notice("reload: configuration accepted; each source applies it from its next interval")
        notifier.send("READY=1\nSTATUS=configuration reloaded")
    }
}

/// sd_notify: READY=1 once every source captures, WATCHDOG=1 at half of WATCHDOG_USEC while every
/// source thread turns, STATUS= every few seconds, STOPPING=1 first thing on the way out.
final class NotifyService: Service, Sendable {
    let notifier: SystemdNotifier
    let runners: [SourceRunner]
    let state: DaemonState
    let logger: Logger

    init(notifier: SystemdNotifier, runners: [SourceRunner], state: DaemonState, logger: Logger) {
        self.notifier = notifier
        self.runners = runners
        self.state = state
        self.logger = logger
    }

    func status() -> String {
        let frames = runners.reduce(0) { $0 + $1.framesRead.load(ordering: .relaxed) }
        return "STATUS=\(runners.count) source(s), \(frames) frames, "
            + "\(state.intervalsWritten.load(ordering: .relaxed)) interval groups written"
    }

    /// True while every source thread has turned recently.
    func healthy(limitNanoseconds: Int64) -> Bool {
        let now = monotonicClock()
        return runners.allSatisfy { now - $0.heartbeat.load(ordering: .relaxed) < limitNanoseconds }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            while !state.ready.load(ordering: .relaxed) {
                do { try await Task.sleep(for: .milliseconds(10)) } catch { return }
            }
            notifier.send("READY=1\n" + status())
            logger.info("ready")
            let watchdog = notifier.watchdogMicroseconds.map { Int64($0) * 1000 }
            let period = watchdog.map { $0 / 2 } ?? 5_000_000_000
            var lastStatus = monotonicClock()
            if let watchdog, healthy(limitNanoseconds: max(watchdog, 2_000_000_000)) { notifier.send("WATCHDOG=1") }
            while true {
                do { try await Task.sleep(for: .nanoseconds(period)) } catch { return }
                if let watchdog {
                    if healthy(limitNanoseconds: max(watchdog, 2_000_000_000)) {
                        notifier.send("WATCHDOG=1")
                    } else {
                        logger.error("a source thread is stuck: no WATCHDOG=1")
                    }
                }
                if monotonicClock() - lastStatus >= 5_000_000_000 {
                    notifier.send(status())
                    lastStatus = monotonicClock()
                }
            }
        }
        notifier.send("STOPPING=1\nSTATUS=stopping: closing intervals and the ledger")
        logger.notice("stopping")
    }
}
