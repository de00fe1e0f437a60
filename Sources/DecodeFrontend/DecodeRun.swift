import ByteParsing
import Capture
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
    /// the counts. With `lines`, each message and decode error is also written as one line.
    public static func run(
        paths: [String], options: DecodeOptions, lines: OutputBuffer? = nil
    ) throws -> DecodeSummary {
        var decoder = FrameDecoder(options: options)
        if let lines {
            var sink = LineSink(summary: DecodeSummary(variant: options.variant), out: lines)
            try each(paths) { frame, linkType in
                sink.beginFrame(frame)
                decoder.decode(frame.bytes, linkType: linkType, into: &sink)
            }
            lines.flush()
            return sink.summary
        }
        var summary = DecodeSummary(variant: options.variant)
        try each(paths) { frame, linkType in
            summary.countFrame()
            decoder.decode(frame.bytes, linkType: linkType, into: &summary)
        }
        return summary
    }

    private static func each(
        _ paths: [String], _ body: (borrowing CapturedFrame, LinkType) -> Void
    ) throws {
        var unsupported: Failure?
        do {
            _ = try readCaptures(paths: paths) { frame in
                // A switch on the DLT: cheaper than any cache (a dictionary here cost ~8% of decode).
                let dlt = frame.linkType
                guard let linkType = LinkType(dlt: dlt) else {
                    let name = frame.sourceIndex < paths.count ? paths[frame.sourceIndex] : "input"
                    unsupported = .unsupportedLinkType(file: name, dlt: dlt)
                    return false
                }
                body(frame, linkType)
                return true
            }
        } catch let error as CaptureError {
            throw Failure.capture(error)
        }
        if let unsupported { throw unsupported }
    }
}
