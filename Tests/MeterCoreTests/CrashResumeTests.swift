import Foundation
import Ledger
import MeterConfig
@testable import MeterCore
import Testing
import TrafficSynth

#if canImport(Glibc)
import Glibc
#endif

/// `replay` killed with SIGKILL at random moments and restarted each time on the same capture: the final
/// ledger verifies (hash chain, counts, no duplicate record keys) and its billing report equals that of
/// an uninterrupted run. Runs the real executable, so the kill can land anywhere: mid-write, mid-fsync,
/// mid-rename.
@Suite struct CrashResumeTests {
    static var executable: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ss7meter").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return Paths.root.appendingPathComponent(".build/debug/ss7meter").path
    }

    /// A tiny seeded generator so the kill schedule of a failing run can be repeated.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `ss7meter replay` of `capture` into `ledger`, standard output discarded; not yet started.
    static func replay(config: String, ledger: String, capture: String) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["replay", "--config", config, "--ledger", ledger, capture]
        process.standardOutput = FileHandle.nullDevice
        return process
    }

    @Test func killedAndRestartedReplayEqualsAnUninterruptedOne() throws {
        let work = Paths.temporaryDirectory("kill")
        let (capture, _) = try generate(.ansi, .m3ua, calls: 2500, queries: 2500, bundle: 3, retransmissions: 20, into: work)
        // One-second intervals and ten-second files: a long run has many boundaries to be killed around.
        var text = try String(contentsOfFile: Paths.config("ansi"), encoding: .utf8)
        text = text.replacingOccurrences(of: "interval = \"15m\"", with: "interval = \"1s\"")
            .replacingOccurrences(of: "rotate = \"1h\"", with: "rotate = \"10s\"")
        let config = work + "/config.toml"
        try text.write(toFile: config, atomically: true, encoding: .utf8)

        let baseline = work + "/baseline"
        _ = try Replay.run(configuration: try parseConfiguration(text: text), ledgerDirectory: baseline, captures: [capture])
        let expected = try BillingReport.build(directory: baseline)

        // How long an uninterrupted run of the executable takes here, so that the kills land inside a
        // run whatever the machine's speed (and its report must equal the in-process one).
        let timed = work + "/timed"
        let started = Date()
        let whole = Self.replay(config: config, ledger: timed, capture: capture)
        try whole.run()
        whole.waitUntilExit()
        let duration = Date().timeIntervalSince(started)
        #expect(whole.terminationStatus == 0)
        #expect(try BillingReport.build(directory: timed).customers == expected.customers)

        let ledger = work + "/interrupted"
        var rng = SplitMix(state: 20_261_121)
        var killedWhileRunning = 0
        for _ in 0..<8 {
            let process = Self.replay(config: config, ledger: ledger, capture: capture)
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Somewhere between the start-up and 80% of a whole run (later runs resume, so they are shorter).
            let micros = UInt32(max(0.02, duration * Double.random(in: 0.05...0.8, using: &rng)) * 1_000_000)
            usleep(micros)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedWhileRunning += 1
            }
            process.waitUntilExit()
        }
        let last = Self.replay(config: config, ledger: ledger, capture: capture)
        try last.run()
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        #expect(killedWhileRunning >= 4, "the replay finished before most kills: make the capture longer")

        let verification = try verifyLedger(directory: ledger)
        #expect(verification.ok, "\(verification.problems)")
        let report = try BillingReport.build(directory: ledger)
        #expect(report.customers == expected.customers)
        #expect(report.intervals == expected.intervals)
    }
}
