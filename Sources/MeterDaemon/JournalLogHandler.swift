import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Writes one line per message to standard error with the sd-daemon(3) priority prefix
/// (`<3>...` error, `<4>` warning, `<5>` notice, `<6>` info, `<7>` debug), which journald reads
/// as the priority. Metadata follows the message as `key=value`.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The sd-daemon prefix of a level.
    public static func prefix(_ level: Logger.Level) -> String {
        switch level {
        case .critical: "<2>"
        case .error: "<3>"
        case .warning: "<4>"
        case .notice: "<5>"
        case .info: "<6>"
        case .debug, .trace: "<7>"
        }
    }

    public func log(event: LogEvent) {
        var line = Self.prefix(event.level) + event.message.description
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        for (k, v) in all.sorted(by: { $0.key < $1.key }) { line += " \(k)=\(v)" }
        // One write per line, newlines inside the message flattened: journald splits on them.
        let bytes = Array(line.utf8.map { $0 == 0x0A ? 0x20 : $0 }) + [0x0A]
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
