import ByteParsing
import DecodePipeline
import DecodeSinkTestSupport
import Foundation
import Testing
import SS7Decoding
@testable import DecodeFrontend

/// `DecodeSummary` counts ISUP and SCCP messages from their unassembled parts; this holds it to what
/// it counts of the same messages assembled, on every capture at hand (the generated samples and the
/// public captures, malformed frames among them) in both variants. Removing either hook from
/// `DecodeSummary` leaves this green (the default assembles); making one count differently (an ISUP
/// message's octets miscounted, say) fails it.
@Suite struct UnassembledMessageTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var captures: [String] {
        let folders = [
            root.appendingPathComponent("captures/generated").path,
            root.deletingLastPathComponent().appendingPathComponent("shared/captures/public").path,
        ]
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") || $0.hasSuffix(".cap") }
                .sorted().map { folder + "/" + $0 }
        }
    }

    /// Everything `decode --summary --json` prints, as one comparable value.
    static func printed(_ s: DecodeSummary) -> [String] {
        [
            "frames \(s.frames) messages \(s.messages) octets \(s.octets) errors \(s.decodeErrorsByName.sorted { $0.key < $1.key })",
            "mtp3 \(s.mtp3.sorted { $0.key < $1.key })", "isup \(s.isup.sorted { $0.key < $1.key })",
            "sccp \(s.sccp.sorted { $0.key < $1.key })",
            "ssn \(s.sccpSubsystems.called.sorted { $0.key < $1.key }) \(s.sccpSubsystems.calling.sorted { $0.key < $1.key })", "tcap \(s.tcap.ansi.sorted { $0.key < $1.key }) \(s.tcap.itu.sorted { $0.key < $1.key })",
            "m3ua \(s.m3ua.sorted { $0.key < $1.key })", "opc_dpc \(s.opcDpc.sorted { $0.key < $1.key })",
            "sctp \(s.sctpRetransmissions) fisu \(s.fisu) lssu \(s.lssu) mtp2 \(s.mtp2Retransmissions)",
        ]
    }

    @Test func theCapturesAreThere() {
        // Six generated samples and the public captures: a listing that found nothing would make the
        // comparison below vacuous.
        #expect(Self.captures.count >= 12)
    }

    @Test(arguments: [SS7Variant.itu, .ansi])
    func summaryCountsWhatAssembledMessagesCount(variant: SS7Variant) throws {
        var compared = 0
        for path in Self.captures {
            let pipeline = DecodePipeline(options: DecodeOptions(variant: variant), threads: 1)
            var direct = DecodeSummary(variant: variant)
            var assembled = AssembledOnly(inner: DecodeSummary(variant: variant))
            // A capture cut short throws after its whole frames were decoded, the same for both.
            _ = try? pipeline.run(paths: [path], into: &direct) { _, s in s.countFrame() }
            _ = try? pipeline.run(paths: [path], into: &assembled) { _, s in s.inner.countFrame() }
            #expect(Self.printed(direct) == Self.printed(assembled.inner), "\(path)")
            compared += direct.messages
        }
        // 987 messages in the generated samples and some 630 in the public captures.
        #expect(compared > 1_500)
    }
}
