import ByteParsing
import Testing
@testable import SS7Decoding

@Suite struct MTP3Tests {
    /// kancom-xdr_tester__isup.pcap frame 1 (tshark -o sctp.tsn_analysis:FALSE): SIO 0x85 and the
    /// ITU label 20 3c 99 f3; tshark: OPC 3684, DPC 15392, SLS 15, NI national, SI ISUP.
    @Test func ituRoutingLabel() throws {
        let msu: [UInt8] = [0x85, 0x20, 0x3C, 0x99, 0xF3, 0x0F, 0x00]
        let (t, rest) = try ByteReader.withReader(over: msu, layer: .mtp3) { (r: inout ByteReader) throws(DecodeError) in
            let (t, rest) = try MTP3.parse(r, variant: .itu, ansiSLSBits: 8)
            return (t, rest.remaining)
        }
        #expect(t.opc.value == 3684 && t.dpc.value == 15392 && t.sls == 15 && t.ni == 2 && t.si == 5)
        #expect(rest == 2)
    }

    /// wiresharkwiki__ansi_map_win.pcap frame 1 (-o mtp3.standard:ANSI): SIO 0x83, DPC 06 00 00,
    /// OPC 09 00 00, SLS 0x18; tshark: OPC 0-0-9, DPC 0-0-6, SLS 24.
    @Test func ansiRoutingLabel() throws {
        let msu: [UInt8] = [0x83, 0x06, 0x00, 0x00, 0x09, 0x00, 0x00, 0x18, 0x09]
        let t = try ByteReader.withReader(over: msu, layer: .mtp3) { (r: inout ByteReader) throws(DecodeError) in
            try MTP3.parse(r, variant: .ansi, ansiSLSBits: 8).0
        }
        #expect(t.opc.formatted(.ansi) == "0-0-9" && t.dpc.formatted(.ansi) == "0-0-6" && t.sls == 24)
        #expect(PointCode(65793).formatted(.ansi) == "1-1-1")
    }

    /// T1.111: with a 5-bit SLS the top three bits of the SLS octet are not SLS.
    @Test func ansiFiveBitSLS() throws {
        let msu: [UInt8] = [0x83, 1, 1, 1, 2, 2, 2, 0xFF]
        let t = try ByteReader.withReader(over: msu, layer: .mtp3) { (r: inout ByteReader) throws(DecodeError) in
            try MTP3.parse(r, variant: .ansi, ansiSLSBits: 5).0
        }
        #expect(t.sls == 0x1F)
    }
}

@Suite struct MTP2Tests {
    /// Q.703: BSN/BIB, FSN/FIB, LI; LI 0 = FISU, 1-2 = LSSU (status field), 3+ = MSU.
    @Test func signalUnitsByLengthIndicator() {
        var d = FrameDecoder(options: DecodeOptions())
        let fisu: [UInt8] = [0x80, 0x81, 0x00]
        let lssu: [UInt8] = [0x80, 0x81, 0x01, 0x02]
        let msu: [UInt8] = [0x80, 0x82, 0x07, 0x81, 0x02, 0x40, 0x00, 0x01, 0x11, 0x00]  // SI 1 SLTM H0/H1 0x11
        let rec = d.decode([fisu, lssu, msu], linkType: .mtp2)
        #expect(rec.units == [.fisu, .lssu])
        #expect(rec.messages.count == 1)
        #expect(rec.messages.first?.forwardSequenceNumber == 2)
        if case .linkTest(let h)? = rec.messages.first?.userPart { #expect(h == 0x11) } else { Issue.record("not SLT") }
        #expect(rec.errors.isEmpty)
    }

    /// Q.703 5.3: after a negative acknowledgement the sender resends from that MSU on, FSNs and content
    /// unchanged. FSN 2, 3, then 2, 3 again: two MSUs and two retransmissions. A jump 3 -> 6 is a gap of 2.
    @Test func retransmissionsAndGaps() {
        // DLT 139 (link 1, sent): gaps are only meaningful where the link and direction are known.
        func msu(_ fsn: UInt8, _ h0h1: UInt8) -> [UInt8] {
            [1, 0, 0, 1, 0x80, 0x80 | fsn, 0x07, 0x81, 0x02, 0x40, 0x00, 0x01, h0h1, 0x00]
        }
        var d = FrameDecoder(options: DecodeOptions())
        let rec = d.decode(
            [msu(2, 0x11), msu(3, 0x21), msu(2, 0x11), msu(3, 0x21), msu(6, 0x11)], linkType: .mtp2WithPseudoHeader)
        #expect(rec.messages.count == 3)
        #expect(rec.mtp2Retransmissions == 2)
        #expect(rec.gaps == ["mtp2:2"])
    }

    /// The same FSN with other content after the sequence moved on is a new MSU (a restarted link).
    @Test func sameFSNOtherBytesIsNew() {
        var d = FrameDecoder(options: DecodeOptions())
        let a: [UInt8] = [0x80, 0x82, 0x07, 0x81, 0x02, 0x40, 0x00, 0x01, 0x11, 0x00]
        let b: [UInt8] = [0x80, 0x83, 0x07, 0x81, 0x02, 0x40, 0x00, 0x01, 0x11, 0x00]
        let c: [UInt8] = [0x80, 0x82, 0x07, 0x81, 0x02, 0x40, 0x00, 0x01, 0x21, 0x00]
        let rec = d.decode([a, b, c], linkType: .mtp2)
        #expect(rec.messages.count == 3 && rec.mtp2Retransmissions == 0)
    }

    @Test func noGapsWithoutALinkIdentity() {
        var d = FrameDecoder(options: DecodeOptions())
        let a: [UInt8] = [0x80, 0x82, 0x07, 0x81, 0x02, 0x40, 0x00, 0x01, 0x11, 0x00]
        let b: [UInt8] = [0x80, 0x89, 0x07, 0x81, 0x02, 0x40, 0x00, 0x01, 0x21, 0x00]
        #expect(d.decode([a, b], linkType: .mtp2).gaps.isEmpty)
    }

    @Test func lengthIndicatorMismatchIsAnError() {
        var d = FrameDecoder(options: DecodeOptions())
        let rec = d.decode([[0x80, 0x82, 0x09, 0x81, 0x02, 0x40, 0x00, 0x01, 0x11]], linkType: .mtp2)
        #expect(rec.messages.isEmpty && rec.errors == ["mtp2.bad_length"])
    }

    @Test func frameCheckSequenceIsStripped() {
        var d = FrameDecoder(options: DecodeOptions(mtp2HasFCS: true))
        let rec = d.decode([[0x80, 0x82, 0x06, 0x81, 0x02, 0x40, 0x00, 0x01, 0x11, 0xAB, 0xCD]], linkType: .mtp2)
        #expect(rec.messages.count == 1 && rec.errors.isEmpty)
    }

    /// DLT 139 pseudo-header (libpcap): sent, annex A used, link number big-endian.
    @Test func pseudoHeaderNamesTheLink() {
        var d = FrameDecoder(options: DecodeOptions())
        let frame: [UInt8] = [1, 0, 0x01, 0x02, 0x80, 0x82, 0x07, 0x81, 0x02, 0x40, 0x00, 0x01, 0x11, 0x00]
        let rec = d.decode([frame], linkType: .mtp2WithPseudoHeader)
        #expect(rec.messages.first?.link == .mtp2(link: 0x0102, sent: true))
    }
}

@Suite struct SCTPTests {
    static let isupRLC: [UInt8] = [0x0F, 0x00, 0x10, 0x00]  // CIC 15, RLC, no optional part

    func m3uaFrame(_ chunks: [UInt8], tag: UInt32 = 1) -> [UInt8] {
        Build.ethernetIPv4(Build.sctp(chunks, tag: tag))
    }

    @Test func bundledChunksAreEachDelivered() {
        var d = FrameDecoder(options: DecodeOptions())
        let chunks = (0..<12).flatMap { i in
            Build.data(tsn: UInt32(100 + i), Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC))
        }
        let rec = d.decode([m3uaFrame(chunks)], linkType: .ethernet)
        #expect(rec.messages.count == 12)
        #expect(rec.sigtran == Array(repeating: "TRANSFER/DATA", count: 12))
        #expect(rec.errors.isEmpty)
    }

    @Test func retransmissionIsCountedOnce() {
        var d = FrameDecoder(options: DecodeOptions())
        let a = Build.data(tsn: 7, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC))
        let b = Build.data(tsn: 8, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC))
        let rec = d.decode([m3uaFrame(a), m3uaFrame(b), m3uaFrame(a)], linkType: .ethernet)
        #expect(rec.messages.count == 2)
        #expect(rec.retransmissions == 1)
        #expect(rec.gaps.isEmpty)
    }

    @Test func skippedTSNsAreAGap() {
        var d = FrameDecoder(options: DecodeOptions())
        let a = Build.data(tsn: 7, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC))
        let b = Build.data(tsn: 10, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC))
        let rec = d.decode([m3uaFrame(a), m3uaFrame(b)], linkType: .ethernet)
        #expect(rec.gaps == ["sctp:2"])
    }

    /// An edited capture may reuse a TSN (kancom's has TSN 0 throughout): other bytes, other message.
    @Test func sameTSNWithOtherBytesIsNotARetransmission() {
        var d = FrameDecoder(options: DecodeOptions())
        let a = Build.data(tsn: 0, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC))
        let b = Build.data(tsn: 0, Build.m3uaData(opc: 2, dpc: 1, si: 5, Self.isupRLC))
        let rec = d.decode([m3uaFrame(a), m3uaFrame(b)], linkType: .ethernet)
        #expect(rec.messages.count == 2 && rec.retransmissions == 0)
    }

    @Test func otherAssociationIsNotARetransmission() {
        var d = FrameDecoder(options: DecodeOptions())
        let a = Build.data(tsn: 7, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC))
        let rec = d.decode([m3uaFrame(a, tag: 1), m3uaFrame(a, tag: 2)], linkType: .ethernet)
        #expect(rec.messages.count == 2 && rec.retransmissions == 0)
    }

    @Test func fragmentedUserMessageIsReassembled() {
        var d = FrameDecoder(options: DecodeOptions())
        let whole = Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC)
        let first = Build.data(tsn: 20, flags: 2, Array(whole.prefix(10)))
        let middle = Build.data(tsn: 21, flags: 0, Array(whole[10..<20]))
        let last = Build.data(tsn: 22, flags: 1, Array(whole[20...]))
        let rec = d.decode([m3uaFrame(first), m3uaFrame(middle), m3uaFrame(last)], linkType: .ethernet)
        #expect(rec.messages.count == 1 && rec.errors.isEmpty)
        #expect(rec.messages.first?.mtp.opc.value == 1)
    }

    /// All partial messages together are bounded, whatever the number of streams and associations: past
    /// the budget a new fragment is refused (a named error), and the budget is given back when a
    /// message completes.
    @Test func reassemblyHasOneGlobalBudget() {
        var d = FrameDecoder(options: DecodeOptions())
        d.transport.sctp.limits.maxPendingOctets = 30
        let whole = Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC)
        let firstA = Build.data(tsn: 1, flags: 2, stream: 1, Array(whole.prefix(20)))
        // Another association's message in reassembly (a message's fragments have consecutive TSNs).
        let firstB = Build.data(tsn: 1, flags: 2, stream: 1, Array(whole.prefix(20)))
        let lastA = Build.data(tsn: 2, flags: 1, stream: 1, Array(whole[20...]))
        let rec = d.decode([m3uaFrame(firstA), m3uaFrame(firstB, tag: 2)], linkType: .ethernet)
        #expect(rec.errors == ["sctp.reassembly_limit"])
        #expect(d.transport.sctp.pendingOctets == 20)
        let done = d.decode([m3uaFrame(lastA)], linkType: .ethernet)
        #expect(done.messages.count == 1 && done.errors.isEmpty)
        #expect(d.transport.sctp.pendingOctets == 0)
    }

    @Test func missingFragmentIsAnErrorNotAMessage() {
        var d = FrameDecoder(options: DecodeOptions())
        let whole = Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC)
        let first = Build.data(tsn: 20, flags: 2, Array(whole.prefix(10)))
        let last = Build.data(tsn: 22, flags: 1, Array(whole[10...]))
        let rec = d.decode([m3uaFrame(first), m3uaFrame(last)], linkType: .ethernet)
        #expect(rec.messages.isEmpty && rec.errors == ["sctp.reassembly_inconsistent"])
    }

    /// Trailing garbage after the last chunk (as in the sridhar capture) ends the walk with an error,
    /// after the good chunks were delivered.
    @Test func badChunkLengthStopsTheWalkAfterGoodChunks() {
        var d = FrameDecoder(options: DecodeOptions())
        let good = Build.data(tsn: 1, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC))
        let rec = d.decode([m3uaFrame(good + [0x00, 0x03, 0x00, 0x02])], linkType: .ethernet)
        #expect(rec.messages.count == 1 && rec.errors == ["sctp.bad_length"])
    }

    @Test func managementMessagesAreCountedByClassAndType() {
        var d = FrameDecoder(options: DecodeOptions())
        let rec = d.decode([m3uaFrame(Build.data(tsn: 1, Build.m3uaBeat))], linkType: .ethernet)
        #expect(rec.sigtran == ["ASPSM/BEAT"] && rec.messages.isEmpty && rec.errors.isEmpty)
    }

    @Test func dataWithoutProtocolDataIsAnError() {
        var d = FrameDecoder(options: DecodeOptions())
        let m3ua: [UInt8] = [1, 0, 1, 1, 0, 0, 0, 16, 0x00, 0x06, 0x00, 0x08, 0, 0, 0, 1]  // routing context only
        let rec = d.decode([m3uaFrame(Build.data(tsn: 1, m3ua))], linkType: .ethernet)
        #expect(rec.sigtran == ["TRANSFER/DATA"] && rec.errors == ["m3ua.missing_mandatory"])
    }

    @Test func ipv4FragmentsAreReassembled() {
        var d = FrameDecoder(options: DecodeOptions())
        let sctp = Build.sctp(Build.data(tsn: 1, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC)))
        // RFC 791: fragment offset in 8-octet units, MF = 0x2000.
        let first = Build.ethernetIPv4(Array(sctp.prefix(16)), id: 9, fragmentField: 0x2000)
        let second = Build.ethernetIPv4(Array(sctp[16...]), id: 9, fragmentField: 2)
        let rec = d.decode([second, first], linkType: .ethernet)
        #expect(rec.messages.count == 1 && rec.errors.isEmpty)
    }

    /// Only the user messages' octets go into the batch, yet an error in one keeps its offset in the
    /// frame: Ethernet 14 + IPv4 20 + SCTP 12 + DATA chunk header 16 + M3UA header 8 + Protocol Data
    /// tag and length 4 + OPC, DPC, SI, NI, MP, SLS 12 puts the ISUP at 86; cut after its CIC (2
    /// octets), the message type is missing at 88. The same through a batch with frame stamps, as
    /// `DecodePipeline` fills it.
    @Test func errorOffsetsCountFromTheFrameStart() {
        let frame = m3uaFrame(Build.data(tsn: 1, Build.m3uaData(opc: 1, dpc: 2, si: 5, [0x0F, 0x00])))
        struct Offsets: DecodeSink {
            var errors: [String] = []
            var frames = 0
            mutating func message(_ message: SS7Message) {}
            mutating func decodeError(_ error: DecodeError, link: LinkIdentity) {
                errors.append("\(error.name)@\(error.offset)")
            }
        }
        var d = FrameDecoder(options: DecodeOptions())
        var direct = Offsets()
        frame.withUnsafeBytes { d.decode($0, linkType: .ethernet, into: &direct) }
        #expect(direct.errors == ["isup.truncated@88"])

        var transport = TransportDecoder()
        var batch = TransportBatch()
        for i in 0..<2 {
            batch.beginFrame(FrameStamp(seconds: Int64(i), nanoseconds: 0, sourceIndex: 0))
            if i == 0 { frame.withUnsafeBytes { transport.decode($0, linkType: .ethernet, into: &batch) } }
        }
        #expect(batch.octets == 28)  // the M3UA message alone: 8 + 4 + 12 + 2, padded to 4
        var messages = MessageDecoder(options: DecodeOptions())
        var batched = Offsets()
        messages.decode(batch, into: &batched) { _, sink in sink.frames += 1 }
        #expect(batched.errors == ["isup.truncated@88"])
        #expect(batched.frames == 2)  // the second frame had nothing for the layers above
    }

    /// A batch is a value: a copy keeps the events and octets it had when it was made, whatever the
    /// original is given after it (a frame, another frame's octets over the same arena positions after
    /// `removeAll`), and the other way round. Its storage is shared until a frame begins or the batch is
    /// emptied, then copied (TransportBatch's frame-at-a-time copy on write).
    @Test func aCopiedBatchKeepsItsContents() {
        func frame(_ opc: UInt32, tsn: UInt32) -> [UInt8] {
            m3uaFrame(Build.data(tsn: tsn, Build.m3uaData(opc: opc, dpc: 2, si: 5, Self.isupRLC)))
        }
        func opcs(_ batch: TransportBatch) -> [UInt32] {
            var messages = MessageDecoder(options: DecodeOptions())
            var recorder = Recorder()
            messages.decode(batch, into: &recorder)
            #expect(recorder.errors.isEmpty)
            return recorder.messages.map(\.mtp.opc.value)
        }
        var transport = TransportDecoder()
        var batch = TransportBatch()
        frame(11, tsn: 1).withUnsafeBytes {
            transport.decode($0, linkType: .ethernet, stamp: FrameStamp(seconds: 1, nanoseconds: 0, sourceIndex: 0), into: &batch)
        }
        let first = batch
        frame(22, tsn: 2).withUnsafeBytes {
            transport.decode($0, linkType: .ethernet, stamp: FrameStamp(seconds: 2, nanoseconds: 0, sourceIndex: 0), into: &batch)
        }
        #expect(opcs(first) == [11] && first.eventCount == 2 && first.frames == 1)
        #expect(opcs(batch) == [11, 22] && batch.eventCount == 4 && batch.frames == 2)

        let second = batch
        batch.removeAll()
        frame(33, tsn: 3).withUnsafeBytes {
            transport.decode($0, linkType: .ethernet, stamp: FrameStamp(seconds: 3, nanoseconds: 0, sourceIndex: 0), into: &batch)
        }
        #expect(opcs(batch) == [33])
        #expect(opcs(second) == [11, 22])
        #expect(opcs(first) == [11])
    }

    /// A reassembled IPv4 datagram's DATA chunks all view it: the transport batch holds each chunk's
    /// message once, not the datagram once per chunk (500 chunks would copy 500 times its ~14 KiB).
    @Test func aReassembledDatagramsMessagesAreCopiedIntoTheBatchOnce() {
        let chunks = (0..<500).flatMap { i in Build.data(tsn: UInt32(i + 1), Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC)) }
        let sctp = Build.sctp(chunks)
        let cut = 1504  // a multiple of 8: RFC 791 offsets count 8-octet units
        let first = Build.ethernetIPv4(Array(sctp.prefix(cut)), id: 7, fragmentField: 0x2000)
        let second = Build.ethernetIPv4(Array(sctp[cut...]), id: 7, fragmentField: cut / 8)
        var transport = TransportDecoder()
        var batch = TransportBatch()
        for frame in [first, second] { frame.withUnsafeBytes { transport.decode($0, linkType: .ethernet, into: &batch) } }
        #expect(batch.eventCount == 500)
        // Each M3UA message once (8 + 20 octets), not the datagram once per chunk, nor its headers.
        #expect(batch.octets == 500 * 28)
        var messages = MessageDecoder(options: DecodeOptions())
        var recorder = Recorder()
        messages.decode(batch, into: &recorder)
        #expect(recorder.messages.count == 500 && recorder.errors.isEmpty)

        // Emptied and reused, the batch keeps its (grown) storage but reads only what the next frame
        // copies in: a cut message errs where it is cut, not on the earlier datagram's octets after it.
        batch.removeAll()
        #expect(batch.octets == 0 && batch.isEmpty)
        let cutISUP = m3uaFrame(Build.data(tsn: 501, Build.m3uaData(opc: 1, dpc: 2, si: 5, [0x0F, 0x00])))
        cutISUP.withUnsafeBytes { transport.decode($0, linkType: .ethernet, into: &batch) }
        #expect(batch.octets == 28)
        var again = Recorder()
        messages.decode(batch, into: &again)
        #expect(again.messages.count == 1)
        #expect(again.errors == ["isup.truncated"])
    }

    /// Every prefix of a good frame decodes without trapping: the result is fewer messages and
    /// named errors, never a crash.
    @Test func everyTruncationIsSafe() {
        let chunks = Build.data(tsn: 1, Build.m3uaData(opc: 1, dpc: 2, si: 5, Self.isupRLC))
            + Build.data(tsn: 2, Build.m3uaBeat)
        let frame = m3uaFrame(chunks)
        for n in 0..<frame.count {
            var d = FrameDecoder(options: DecodeOptions())
            let rec = d.decode([Array(frame.prefix(n))], linkType: .ethernet)
            #expect(rec.messages.count <= 1)
            if n < frame.count - 20 { #expect(!rec.errors.isEmpty || rec.messages.isEmpty) }
        }
    }
}

@Suite struct PayloadProtocolTests {
    /// RFC 4666 PPID 3, RFC 4165 PPID 5, RFC 3331 PPID 2; otherwise the IANA ports 2905 (M3UA),
    /// 3565 (M2PA), 2904 (M2UA), as tshark does for wiresharkwiki__centile_m3ua.cap's PPID 0x03000000.
    @Test func ppidThenWellKnownPort() {
        #expect(SCTPPayload.protocolFor(ppid: 3, sourcePort: 1, destinationPort: 1) == .m3ua)
        #expect(SCTPPayload.protocolFor(ppid: 5, sourcePort: 1, destinationPort: 1) == .m2pa)
        #expect(SCTPPayload.protocolFor(ppid: 2, sourcePort: 1, destinationPort: 1) == .m2ua)
        #expect(SCTPPayload.protocolFor(ppid: 0x0300_0000, sourcePort: 2905, destinationPort: 9) == .m3ua)
        #expect(SCTPPayload.protocolFor(ppid: 0, sourcePort: 9, destinationPort: 3565) == .m2pa)
        #expect(SCTPPayload.protocolFor(ppid: 46, sourcePort: 3868, destinationPort: 3868) == nil)
    }
}

@Suite struct LinkVariantTests {
    /// One tap, two links: link 1 ANSI (24-bit labels), link 2 ITU. The same run decodes each in its
    /// own variant. ANSI label DPC 1-1-1 OPC 2-2-2 SLS 3; ITU label 3<<28 | 800<<14 | 5 = 0x30C80005, octets 05 00 C8 30.
    @Test func eachLinkInItsOwnVariant() {
        var options = DecodeOptions(variant: .itu)
        options.linkVariants = [.mtp2(link: 1, sent: true): .ansi, .mtp2(link: 1, sent: false): .ansi]
        var d = FrameDecoder(options: options)
        let ansi: [UInt8] = [1, 0, 0, 1, 0x80, 0x81, 0x09, 0x80, 1, 1, 1, 2, 2, 2, 3, 0x14]
        let itu: [UInt8] = [1, 0, 0, 2, 0x80, 0x81, 0x06, 0x80, 0x05, 0x00, 0xC8, 0x30, 0x14]
        let rec = d.decode([ansi, itu], linkType: .mtp2WithPseudoHeader)
        #expect(rec.errors.isEmpty)
        #expect(rec.messages.map { $0.mtp.opc.formatted(.ansi) }.first == "2-2-2")
        #expect(rec.messages.last?.mtp.opc.value == 800 && rec.messages.last?.mtp.dpc.value == 5)
    }
}
