import Foundation
import Logging
import MeterConfig
import MeterCore
@testable import MeterDaemon
import SS7Decoding
import TariffPolicy
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Meter.advance")
struct MeterAdvanceTests {
    func meter() -> Meter {
        let configuration = MeterConfiguration(
            meter: .init(site: "t", intervalSeconds: 60, ledgerDirectory: "/nonexistent"), network: .init(variant: .itu))
        return Meter(plan: NetworkPlan(configuration), schedule: IntervalSchedule(lengthSeconds: 60))
    }

    let s: Int64 = 1_000_000_000

    @Test("closes by the wall clock the intervals that ended before the given time, none before the first frame")
    func advance() {
        var m = meter()
        #expect(m.advance(to: 10_000 * s).isEmpty)  // nothing counted yet: nothing open
        #expect(m.beginFrame(time: 6_010 * s).isEmpty)  // opens [6000, 6060)
        #expect(m.advance(to: 6_059 * s).isEmpty)
        let first = m.advance(to: 6_061 * s)
        #expect(first.map(\.start) == [6_000])
        #expect(first.first?.end == 6_060)
        #expect(first.first?.coveredUntil == 6_060 * s)
        // Two idle intervals later: both closed, each covering up to its end.
        let idle = m.advance(to: 6_200 * s)
        #expect(idle.map(\.start) == [6_060, 6_120])
        #expect(idle.map(\.coveredUntil) == [6_120 * s, 6_180 * s])
        #expect(m.advance(to: 6_200 * s).isEmpty)
        // A late frame with an earlier time stays in the open interval [6180, 6240).
        #expect(m.beginFrame(time: 6_100 * s).isEmpty)
        #expect(m.finish()?.start == 6_180)
    }
}

@Suite("sd_notify")
struct NotifierTests {
    @Test("a datagram to a socket path and to an abstract socket ('@')")
    func send() throws {
        let dir = Paths.temporaryDirectory("notifier")
        let plain = try NotifySocket(path: dir + "/n.sock")
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": plain.path]).send("READY=1\nSTATUS=x"))
        try plain.waitFor("READY=1", seconds: 2)
        #expect(plain.messages.map(\.message) == ["READY=1\nSTATUS=x"])

        let name = "@ss7meter-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let abstract = try NotifySocket(path: name, abstract: true)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]).send("WATCHDOG=1"))
        try abstract.waitFor("WATCHDOG=1", seconds: 2)
        plain.stop()
        abstract.stop()
    }

    @Test("no socket: sends nothing; WATCHDOG_USEC only for this process")
    func environment() {
        #expect(!SystemdNotifier(environment: [:]).send("READY=1"))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000"]).watchdogMicroseconds == 30_000_000)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"]).watchdogMicroseconds == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogMicroseconds == nil)
    }
}

@Suite("journald log lines")
struct JournalTests {
    // sd-daemon(3): <3> SD_ERR, <4> SD_WARNING, <5> SD_NOTICE, <6> SD_INFO, <7> SD_DEBUG.
    @Test func prefixes() {
        #expect(JournalLogHandler.prefix(.error) == "<3>")
        #expect(JournalLogHandler.prefix(.warning) == "<4>")
        #expect(JournalLogHandler.prefix(.notice) == "<5>")
        #expect(JournalLogHandler.prefix(.info) == "<6>")
        #expect(JournalLogHandler.prefix(.debug) == "<7>")
    }
}

@Suite("systemd unit")
struct UnitFileTests {
    @Test("systemd-analyze verify passes (when systemd-analyze is installed)")
    func verify() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else { return }
        // verify checks that ExecStart's binary exists: point it at the one just built.
        let text = try String(contentsOfFile: Paths.path("systemd/ss7meter.service"), encoding: .utf8)
        let dir = Paths.temporaryDirectory("unit")
        try text.replacingOccurrences(of: "/usr/local/bin/ss7meter", with: Paths.binary)
            .write(toFile: dir + "/ss7meter.service", atomically: true, encoding: .utf8)
        let r = try runProgram("/usr/bin/systemd-analyze", ["verify", dir + "/ss7meter.service"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.isEmpty, "\(r.output)")
        for required in [
            "Type=notify", "WatchdogSec=", "ExecReload=/bin/kill -HUP $MAINPID", "CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN",
            "AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN", "User=ss7meter", "StateDirectory=", "LogsDirectory=",
            "ProtectSystem=strict", "NoNewPrivileges=yes",
        ] {
            #expect(text.contains(required), "\(required)")
        }
    }
}

@Suite("SpoolSettings")
struct SpoolSettingsTests {
    @Test("a source's keys override the command line's defaults, one by one")
    func overriddenBySource() {
        let defaults = SpoolSettings(suffixes: [".pcap"], settleSeconds: 2, newestIsOpen: false)
        var source = MeterConfiguration.Source(name: "s", input: .spool(directory: "/x"), variant: .itu)
        #expect(defaults.overridden(by: source) == defaults)
        source.spoolSettleSeconds = 0
        #expect(defaults.overridden(by: source) == SpoolSettings(suffixes: [".pcap"], settleSeconds: 0, newestIsOpen: false))
        source.spoolSuffixes = [".cap", ".pcapng"]
        source.spoolNewestOpen = true
        #expect(defaults.overridden(by: source) == SpoolSettings(suffixes: [".cap", ".pcapng"], settleSeconds: 0, newestIsOpen: true))
    }
}
