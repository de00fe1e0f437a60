import ArgumentParser
import MeterDaemon
import SS7Decoding

#if canImport(Glibc)
import Glibc
#endif

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Meter the configured sources (live interfaces, spool directories) into the ledger until stopped.",
        discussion: """
            For systemd (systemd/ss7meter.service, Type=notify): READY=1 once every source captures, \
            WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1 on the way out. SIGHUP re-reads the configuration \
            (an invalid one is refused and the running one kept; a valid one applies from each source's next \
            interval). SIGTERM or SIGINT: capture stops, the open interval is written as incomplete, the ledger \
            file is closed, exit 0. Logs go to standard error with journald priority prefixes. Metrics: \
            GET http://[metrics].listen/metrics (default 127.0.0.1:9464).
            """)

    @Option(help: "Configuration file (TOML).")
    var config: String

    @OptionGroup var format: CaptureFormatOptions

    @Option(help: "Spool sources without `suffixes`: name ending of capture files (repeatable; default .pcap .pcapng .cap).")
    var spoolSuffix: [String] = []

    @Option(help: "Spool sources without `settle`: seconds a file must be unmodified before it is metered.")
    var spoolSettle = 2.0

    @Flag(help: "Spool sources without `newest_open`: the newest file is still being written; meter it once a newer one appears.")
    var spoolNewestOpen = false

    @Option(help: "Live sources: seconds after an interval's end, by the wall clock, before an idle link's interval closes.")
    var grace: Int64 = 2

    @Flag(help: "Log debug messages too.")
    var verbose = false

    func validate() throws {
        guard spoolSettle >= 0 else { throw ValidationError("--spool-settle must not be negative") }
        guard grace >= 0 else { throw ValidationError("--grace must not be negative") }
    }

    func run() throws {
        var environment: [String: String] = [:]
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            if let v = getenv(key) { environment[key] = String(cString: v) }
        }
        var options = DaemonOptions(configurationPath: config, environment: environment)
        options.decodeOptions = format.options
        options.spool = SpoolSettings(
            suffixes: spoolSuffix.isEmpty ? [".pcap", ".pcapng", ".cap"] : spoolSuffix, settleSeconds: spoolSettle,
            newestIsOpen: spoolNewestOpen)
        options.graceSeconds = grace
        options.verbose = verbose
        try Daemon.runBlocking(options)
    }
}
