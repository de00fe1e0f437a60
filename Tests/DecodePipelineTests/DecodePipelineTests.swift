import ByteParsing
import Capture
import DecodePipeline
import DecodeSinkTestSupport
import Foundation
import SS7Decoding
import Testing

/// The pipeline (threads, batches) against the plainest use of the decoder: `readCaptures` and one
/// `FrameDecoder.decode` per frame. Splitting decoding across threads and batches must not change a
/// single call the sink receives, nor its order.
@Suite struct DecodePipelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let publicCaptures = root.deletingLastPathComponent().appendingPathComponent("shared/captures/public")

    /// Every public capture and every generated one.
    static func captures() throws -> [String] {
        let fm = FileManager.default
        let shared = try fm.contentsOfDirectory(atPath: publicCaptures.path)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".cap") || $0.hasSuffix(".pcapng") }
            .map { publicCaptures.appendingPathComponent($0).path }
        let generatedDirectory = root.appendingPathComponent("captures/generated")
        let generated = try fm.contentsOfDirectory(atPath: generatedDirectory.path)
            .filter { $0.hasSuffix(".pcap") }.map { generatedDirectory.appendingPathComponent($0).path }
        return (shared + generated).sorted()
    }

    /// The reference: frame by frame through `FrameDecoder`, stopping at an unsupported link type.
    static func reference(_ paths: [String], _ options: DecodeOptions) throws -> (Transcript, Int32?) {
        var decoder = FrameDecoder(options: options)
        var sink = Transcript()
        var unsupported: Int32?
        _ = try readCaptures(paths: paths) { frame in
            guard let linkType = LinkType(dlt: frame.linkType) else {
                unsupported = frame.linkType
                return false
            }
            sink.frame(FrameStamp(seconds: frame.seconds, nanoseconds: frame.nanoseconds, sourceIndex: frame.sourceIndex))
            decoder.decode(frame.bytes, linkType: linkType, into: &sink)
            return true
        }
        return (sink, unsupported)
    }

    static func piped(_ paths: [String], _ pipeline: DecodePipeline) throws -> (Transcript, Int32?) {
        var sink = Transcript()
        let unsupported = try pipeline.run(paths: paths, into: &sink) { stamp, sink in sink.frame(stamp) }
        return (sink, unsupported?.dlt)
    }

    @Test(arguments: [SS7Variant.itu, .ansi])
    func everyCaptureGivesTheSameCallsAsFrameByFrame(variant: SS7Variant) throws {
        let paths = try Self.captures()
        #expect(paths.count >= 20)
        for path in paths {
            let options = DecodeOptions(variant: variant)
            let (expected, expectedUnsupported) = try Self.reference([path], options)
            // Two threads with batches of 3 frames or 200 octets and one, two or five in flight: batch
            // boundaries fall everywhere, inside bundles and reassemblies, and each thread waits on the
            // other often (a waiting thread sleeps until half the queue can move: all of it with one or
            // two in flight, two of five).
            let small = [1, 2, 5].map { inFlight in
                var small = DecodePipeline(options: options, threads: 2)
                small.framesPerBatch = 3
                small.octetsPerBatch = 200
                small.batchesInFlight = inFlight
                return small
            }
            for pipeline in [DecodePipeline(options: options, threads: 1), DecodePipeline(options: options, threads: 2)] + small {
                let (got, unsupported) = try Self.piped([path], pipeline)
                #expect(unsupported == expectedUnsupported, "\(path)")
                #expect(got.lines.count == expected.lines.count, "\(path) threads \(pipeline.threads)")
                if let i = got.lines.indices.first(where: { $0 < expected.lines.count && got.lines[$0] != expected.lines[$0] }) {
                    Issue.record("\(path), threads \(pipeline.threads): call \(i) is \(got.lines[i]), expected \(expected.lines[i])")
                }
            }
        }
    }

    @Test func severalFilesMergeInTimeOrderAsReadCapturesDoes() throws {
        let generated = Self.root.appendingPathComponent("captures/generated")
        let paths = ["itu-m3ua.pcap", "itu-mtp2.pcap", "itu-mtp3.pcap"].map { generated.appendingPathComponent($0).path }
        let (expected, _) = try Self.reference(paths, DecodeOptions())
        var pipeline = DecodePipeline(options: DecodeOptions(), threads: 2)
        pipeline.framesPerBatch = 7
        let (got, _) = try Self.piped(paths, pipeline)
        #expect(got.lines == expected.lines)
        #expect(Set(got.lines.filter { $0.hasPrefix("frame") }.map { $0.split(separator: " ")[1] }) == ["0", "1", "2"])
    }

    @Test func aFileCutShortThrowsAfterItsWholeFramesAreDecoded() throws {
        let source = Self.root.appendingPathComponent("captures/generated/itu-m3ua.pcap")
        let bytes = try Data(contentsOf: source)
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-cut-\(getpid()).pcap")
        try bytes.prefix(bytes.count - 7).write(to: cut)
        defer { try? FileManager.default.removeItem(at: cut) }

        var reference = FrameDecoder(options: DecodeOptions())
        var expected = Transcript()
        #expect(throws: CaptureError.self) {
            _ = try readCaptures(paths: [cut.path]) { frame in
                expected.frame(FrameStamp(seconds: frame.seconds, nanoseconds: frame.nanoseconds, sourceIndex: 0))
                reference.decode(frame.bytes, linkType: LinkType(dlt: frame.linkType)!, into: &expected)
                return true
            }
        }
        var pipeline = DecodePipeline(options: DecodeOptions(), threads: 2)
        pipeline.framesPerBatch = 5
        var got = Transcript()
        #expect(throws: CaptureError.self) {
            _ = try pipeline.run(paths: [cut.path], into: &got) { stamp, sink in sink.frame(stamp) }
        }
        #expect(got.lines.count > 100)
        #expect(got.lines == expected.lines)
    }

    @Test func aMissingFileThrowsOpenNamingIt() {
        #expect {
            _ = try DecodePipeline(options: DecodeOptions()).run(paths: ["/nonexistent/x.pcap"], into: &Self.discard) { _, _ in }
        } throws: { error in
            (error as? CaptureError)?.kind == .open && "\(error)".contains("/nonexistent/x.pcap")
        }
    }

    nonisolated(unsafe) static var discard = Transcript()
}
