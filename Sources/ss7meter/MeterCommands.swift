import ArgumentParser
import Foundation
import Ledger
import MeterConfig
import MeterCore
import SS7Decoding

#if canImport(Glibc)
import Glibc
#endif

/// Writes one line to standard error (Swift 6 forbids the C `stderr` global).
func logLine(_ s: String) {
    let line = Array((s + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

struct ConfigFailure: Error, CustomStringConvertible {
    var description: String
}

func load(_ path: String) throws -> MeterConfiguration {
    do throws(ConfigError) {
        return try loadConfiguration(path: path)
    } catch {
        throw ConfigFailure(description: "\(path): \(error)")
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Meter captures into the ledger: charge events and per-link counters per interval.",
        discussion: """
            Captures are read in packet-time order across files. The ledger is resumed: packets it already \
            holds (before its watermark) are decoded but not counted again, so a replay restarted after a \
            crash, or run twice, never counts a message twice.
            """)

    @Option(help: "Configuration file (TOML).")
    var config: String

    @Option(help: "Ledger directory (default: meter.ledger_dir of the configuration).")
    var ledger: String?

    @OptionGroup var format: CaptureFormatOptions

    @Argument(help: "pcap or pcapng files ('-' for standard input).")
    var captures: [String]

    func run() throws {
        let configuration = try load(config)
        let s = try MeterCore.Replay.run(
            configuration: configuration, ledgerDirectory: ledger, captures: captures, decodeOptions: format.options,
            log: logLine)
        print("""
            frames \(s.frames) (\(s.framesSkipped) already in the ledger), messages counted \(s.messagesCounted)
            intervals written \(s.intervalsWritten), records \(s.recordsWritten), ledger \(s.ledgerDirectory)
            """)
    }
}

struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Check and report on ledger files.",
        subcommands: [Verify.self, Report.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a ledger: hashes, record counts, the chain between files, gaps and duplicates.")

        @Argument(help: "Ledger directory.")
        var directory: String

        func run() throws {
            let v = try verifyLedger(directory: directory)
            for problem in v.problems { print(problem) }
            print("\(v.files) files, \(v.records) records: \(v.ok ? "OK" : "\(v.problems.count) problem(s)")")
            if !v.ok { throw ExitCode.failure }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Billing totals per customer and charge event, over whole intervals in [--from, --to).")

        @Argument(help: "Ledger directory.")
        var directory: String

        @Option(help: "Start, UTC (2026-11-21T00:00:00Z): intervals starting earlier are left out.")
        var from: String?

        @Option(help: "End, UTC: intervals ending later are left out.")
        var to: String?

        @Flag(help: "Totals per link too.")
        var byLink = false

        @Flag(help: "JSON output.")
        var json = false

        @Flag(help: "CSV output.")
        var csv = false

        @Option(help: "Configuration whose [rates] table prices the events.")
        var config: String?

        func validate() throws {
            if json && csv { throw ValidationError("choose --json or --csv") }
            if let from, parseRFC3339(from) == nil { throw ValidationError("--from: expected YYYY-MM-DDThh:mm:ssZ") }
            if let to, parseRFC3339(to) == nil { throw ValidationError("--to: expected YYYY-MM-DDThh:mm:ssZ") }
        }

        func run() throws {
            let rates = try config.map { try load($0) }?.rates
            let report = try BillingReport.build(
                directory: directory, from: from.flatMap(parseRFC3339), to: to.flatMap(parseRFC3339))
            if json {
                print(report.json(byLink: byLink, rates: rates))
            } else if csv {
                print(report.csv(byLink: byLink, rates: rates))
            } else {
                print(report.text(rates: rates))
            }
        }
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check a configuration file.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report every problem in a configuration file, with its line and key.")

        @Argument(help: "Configuration file (TOML).")
        var file: String

        func run() throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ConfigFailure(description: "\(file): cannot read: \(error.localizedDescription)")
            }
            let problems = checkConfiguration(text: text)
            for p in problems { print("\(file): \(p)") }
            if problems.isEmpty { print("\(file): OK") } else { throw ExitCode.failure }
        }
    }
}
