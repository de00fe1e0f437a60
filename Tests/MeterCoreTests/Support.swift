import Foundation
import Ledger
import MeterConfig
@testable import MeterCore
import TrafficSynth

enum Paths {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let generated = root.appendingPathComponent("captures/generated")
    static func config(_ variant: String) -> String { root.appendingPathComponent("config/sample-\(variant).toml").path }

    static func temporaryDirectory(_ label: String) -> String {
        let path = NSTemporaryDirectory() + "ss7meter-\(label)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Reads a sample configuration, optionally with other [meter] durations (short intervals give a
/// long replay many interval boundaries to be interrupted at).
func sampleConfiguration(_ variant: String, interval: String? = nil, rotate: String? = nil) throws -> MeterConfiguration {
    var text = try String(contentsOfFile: Paths.config(variant), encoding: .utf8)
    if let interval { text = text.replacingOccurrences(of: "interval = \"15m\"", with: "interval = \"\(interval)\"") }
    if let rotate { text = text.replacingOccurrences(of: "rotate = \"1h\"", with: "rotate = \"\(rotate)\"") }
    return try parseConfiguration(text: text)
}

/// The "charges" a capture's expected JSON says the generator put in.
func expectedCharges(_ expectedJSON: String) throws -> [String: [String: Int]] {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: expectedJSON))) as! [String: Any]
    return object["charges"] as? [String: [String: Int]] ?? [:]
}

/// Writes a generated capture and its expected JSON into `directory`.
func generate(
    _ variant: Variant, _ link: LinkKind, calls: Int, queries: Int, seed: UInt64 = 7, bundle: Int = 1,
    retransmissions: Int = 0, into directory: String
) throws -> (pcap: String, expected: ExpectedSummary) {
    let path = directory + "/gen-\(variant)-\(link).pcap"
    let options = GeneratorOptions(
        variant: variant, link: link, seed: seed, size: ScenarioSize(calls: calls, queries: queries), bundle: bundle,
        retransmissions: retransmissions)
    let (summary, sink) = try Generator.run(options, sink: try FileSink(path: path))
    try sink.close()
    return (path, summary)
}

/// The interval records of every ledger file in `directory`, as JSON objects.
func intervalRecords(_ directory: String) throws -> [[String: Any]] {
    var records: [[String: Any]] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".jsonl") {
        for line in try String(contentsOfFile: directory + "/" + name, encoding: .utf8).split(separator: "\n") {
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            if record["type"] as? String == "interval" { records.append(record) }
        }
    }
    return records
}

/// Every file of a directory (names and bytes), for byte-identical comparisons.
func directoryContents(_ path: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: path) where !name.hasSuffix(".lock") {
        out[name] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
    }
    return out
}
