import ByteParsing
import Capture
import DecodePipeline
import SS7Decoding

/// `ss7meter decode`: capture files -> FrameDecoder -> summary (and, optionally, a line per message).
public enum DecodeRun {
    public enum Failure: Error, CustomStringConvertible {
        case unsupportedLinkType(file: String, dlt: Int32)
        case capture(CaptureError)

        public var description: String {
            switch self {
            case let .unsupportedLinkType(file, dlt):
                "\(file): " + LinkType.unsupported(dlt: dlt, name: dltName(dlt))
            case let .capture(e): e.description
            }
        }
    }

    /// Decodes `paths` (files in packet-time order across files; "-" is standard input) and returns
    /// the counts. With `lines`, each message and decode error is also written as one line. `threads`:
    /// see `DecodePipeline` (the counts and lines do not depend on it).
    public static func run(
        paths: [String], options: DecodeOptions, lines: OutputBuffer? = nil, threads: Int? = nil
    ) throws -> DecodeSummary {
        var pipeline = DecodePipeline(options: options)
        if let threads { pipeline.threads = threads }
        func decode<S: DecodeSink>(into sink: inout S, beginFrame: (FrameStamp, inout S) -> Void) throws {
            let unsupported: DecodePipeline.UnsupportedLinkType?
            do throws(CaptureError) {
                unsupported = try pipeline.run(paths: paths, into: &sink, beginFrame: beginFrame)
            } catch {
                throw Failure.capture(error)
            }
            if let unsupported {
                let name = unsupported.sourceIndex < paths.count ? paths[unsupported.sourceIndex] : "input"
                throw Failure.unsupportedLinkType(file: name, dlt: unsupported.dlt)
            }
        }
        if let lines {
            var sink = LineSink(summary: DecodeSummary(variant: options.variant), out: lines)
            try decode(into: &sink) { stamp, sink in sink.beginFrame(stamp) }
            lines.flush()
            return sink.summary
        }
        var summary = DecodeSummary(variant: options.variant)
        try decode(into: &summary) { _, summary in summary.countFrame() }
        return summary
    }
}
