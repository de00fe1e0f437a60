import ByteParsing

/// The SS7 half of frame decoding: SIGTRAN adaptation layers (M3UA, M2UA, M2PA), MTP2 and MTP3, and
/// the user parts above them (SCCP, TCAP, ISUP, network management). It reads what a
/// `TransportDecoder` put into a `TransportBatch` and reports messages and errors to a `DecodeSink`,
/// in wire order.
///
/// Pure, like `FrameDecoder`: its only state is MTP2 retransmission detection and SCCP reassembly,
/// both bounded. Its per-message helpers are `@inline(__always)`, for the reason `TransportDecoder` gives.
public struct MessageDecoder {
    public let options: DecodeOptions
    var mtp2Sequence = MTP2SequenceTracker()
    var userParts: UserPartDecoder

    public init(options: DecodeOptions) {
        self.options = options
        self.userParts = UserPartDecoder(options: options)
    }

    /// Decodes every event of `batch`, in order, into `sink`; `beginFrame` is called at the start of
    /// each frame (before that frame's messages and errors).
    public mutating func decode<S: DecodeSink>(
        _ batch: TransportBatch, into sink: inout S, beginFrame: (FrameStamp, inout S) -> Void
    ) {
        batch.withContents { events, arena in
            for event in events {
                switch event {
                case .frame(let stamp):
                    beginFrame(stamp, &sink)
                case let .userMessage(span, ppid, endpoints):
                    adaptation(span.reader(arena), ppid: ppid, endpoints, &sink)
                case let .ss7Link(span, linkType):
                    ss7Link(span.reader(arena), linkType, &sink)
                case let .decodeError(error, link):
                    sink.decodeError(error, link: link)
                case .sctpRetransmission(let link):
                    sink.sctpRetransmission(link: link)
                case let .sequenceGap(transport, link, missing):
                    sink.sequenceGap(transport, link: link, missing: missing)
                }
            }
        }
    }

    /// Decodes `batch` into `sink` (a batch without frame marks, as `FrameDecoder` makes for one frame).
    public mutating func decode<S: DecodeSink>(_ batch: TransportBatch, into sink: inout S) {
        decode(batch, into: &sink) { _, _ in }
    }

    /// A frame of an SS7 link type, from its first octet.
    private mutating func ss7Link<S: DecodeSink>(_ r: ByteReader, _ linkType: LinkType, _ sink: inout S) {
        do throws(DecodeError) {
            switch linkType {
            case .mtp2WithPseudoHeader: try mtp2PseudoHeader(r, &sink)
            case .mtp2: try mtp2(r, link: .unknown, annexA: options.mtp2AnnexA, &sink)
            case .mtp3: try mtp3(r, transport: .mtp3, link: .unknown, fsn: nil, &sink)
            default: return  // the transport decoder passes only the three above
            }
        } catch {
            sink.decodeError(error, link: .unknown)
        }
    }

    // MARK: SIGTRAN

    @inline(__always)
    private mutating func adaptation<S: DecodeSink>(
        _ message: ByteReader, ppid: UInt32, _ endpoints: SCTPEndpoints, _ sink: inout S
    ) {
        let link = LinkIdentity.sctp(endpoints)
        guard let proto = SCTPPayload.protocolFor(
            ppid: ppid, sourcePort: endpoints.sourcePort, destinationPort: endpoints.destinationPort)
        else { return }
        var r = message
        r.layer = proto == .m3ua ? .m3ua : proto == .m2pa ? .m2pa : .m2ua
        // Normally one adaptation message per SCTP user message, but walk all that are there.
        while !r.isEmpty {
            do throws(DecodeError) {
                let start = r
                guard r.peekUInt8() == 1 else { throw start.error(.unsupportedVersion) }
                // Version, spare, class, type, length (RFC 4666 3.1), checked once.
                let header = try r.readFixed(8)
                let messageClass = header.uint8(2)
                let messageType = header.uint8(3)
                let length = Int(header.uint32BE(4))
                guard length >= 8 else { throw start.error(.badLength) }
                guard let body = try? r.readSlice(length: length - 8) else { throw start.error(.truncated) }
                let message = SigtranMessage(
                    protocolName: proto, messageClass: messageClass, messageType: messageType, link: link)
                sink.sigtran(message)
                guard message.carriesMSU else { continue }
                switch proto {
                case .m3ua: try m3uaData(body, link, &sink)
                case .m2ua: try m2uaData(body, link, &sink)
                case .m2pa: try m2paUserData(body, link, &sink)
                }
            } catch {
                sink.decodeError(error, link: link)
                return
            }
        }
    }

    /// Walks the tag-length-value parameters shared by M3UA and M2UA (RFC 4666 3.2, RFC 3331 3.1.5):
    /// a 2-octet tag, a 2-octet length that counts the 4-octet header but not the padding to 4 octets.
    private static func forEachParameter(
        _ body: ByteReader, _ visit: (UInt16, ByteReader) throws(DecodeError) -> Bool
    ) throws(DecodeError) {
        var r = body
        while !r.isEmpty {
            let start = r
            let tag = try r.readUInt16BE()
            let length = Int(try r.readUInt16BE())
            guard length >= 4 else { throw start.error(.badLength) }
            let value = try r.readSlice(length: length - 4)
            try r.skip(min((4 - length % 4) % 4, r.remaining))
            if try !visit(tag, value) { return }
        }
    }

    /// M3UA DATA (RFC 4666 3.3.1): the Protocol Data parameter (0x0210) carries OPC, DPC (32 bits
    /// each), SI, NI, MP, SLS and the user part. Draft 6 instead carries the whole MTP3 message in
    /// tag 0x0002 (0x0003 with a priority octet first).
    @inline(__always)
    private mutating func m3uaData<S: DecodeSink>(
        _ body: ByteReader, _ link: LinkIdentity, _ sink: inout S
    ) throws(DecodeError) {
        var protocolData: ByteReader?
        var draft6Tag: UInt16 = 0
        let draft6 = options.m3uaDraft6
        try Self.forEachParameter(body) { (tag, value) throws(DecodeError) in
            if !draft6 && tag == 0x0210 || draft6 && (tag == 0x0002 || tag == 0x0003) {
                protocolData = value
                draft6Tag = tag
                return false
            }
            return true
        }
        guard var pd = protocolData else { throw body.error(.missingMandatory) }
        if draft6 {
            if draft6Tag == 0x0003 { try pd.skip(1) }
            return try mtp3(pd, transport: .m3ua, link: link, fsn: nil, &sink)
        }
        // OPC, DPC, SI, NI, MP, SLS: 12 octets, checked once.
        let label = try pd.readFixed(12)
        let opc = label.uint32BE(0)
        let dpc = label.uint32BE(4)
        let si = label.uint8(8)
        let ni = label.uint8(9)
        let mp = label.uint8(10)
        let sls = label.uint8(11)
        let transfer = MTPTransfer(
            opc: PointCode(opc), dpc: PointCode(dpc), si: si & 0x0F, ni: ni, priority: mp, sls: sls)
        // The octets the same message has as an MTP3 MSU: SIO, routing label, user part.
        let variant = variant(of: link)
        let labelLength = variant == .ansi ? 7 : 4
        // (The user part's length is read before `readRest` empties `pd`: read after it, it was 0, and
        // every M3UA message counted only its SIO and label.)
        let userPart = pd.readRest()
        deliver(
            .m3ua, link, transfer, userPart, octets: 1 + labelLength + userPart.remaining, fsn: nil, variant: variant,
            &sink)
    }

    /// M2UA DATA (RFC 3331 3.3.1.1): Protocol Data 1 (0x0300) is the MTP3 message from the SIO on;
    /// Protocol Data 2 (0x0301) has a TTC priority octet first.
    private mutating func m2uaData<S: DecodeSink>(
        _ body: ByteReader, _ link: LinkIdentity, _ sink: inout S
    ) throws(DecodeError) {
        var protocolData: ByteReader?
        var withPriority = false
        try Self.forEachParameter(body) { (tag, value) throws(DecodeError) in
            guard tag == 0x0300 || tag == 0x0301 else { return true }
            protocolData = value
            withPriority = tag == 0x0301
            return false
        }
        guard var msu = protocolData else { throw body.error(.missingMandatory) }
        if withPriority { try msu.skip(1) }
        try mtp3(msu, transport: .m2ua, link: link, fsn: nil, &sink)
    }

    /// M2PA User Data (RFC 4165 2.3.1): BSN and FSN (24 bits in 4 octets each), then, unless empty
    /// (an acknowledgement only), the priority octet and the MTP3 message.
    private mutating func m2paUserData<S: DecodeSink>(
        _ body: ByteReader, _ link: LinkIdentity, _ sink: inout S
    ) throws(DecodeError) {
        var r = body
        _ = try r.readUInt32BE()
        let fsn = try r.readUInt32BE() & 0x00FF_FFFF
        guard !r.isEmpty else { return }
        try r.skip(1)
        try mtp3(r.readRest(), transport: .m2pa, link: link, fsn: fsn, &sink)
    }

    // MARK: MTP

    /// DLT 139: sent (1 octet), Annex A used (1: 0 no, 1 yes, 2 unknown), link number (2, big-endian).
    private mutating func mtp2PseudoHeader<S: DecodeSink>(_ reader: ByteReader, _ sink: inout S) throws(DecodeError) {
        var r = reader
        r.layer = .mtp2
        let sent = try r.readUInt8()
        let annexA = try r.readUInt8()
        let linkNumber = try r.readUInt16BE()
        let link = LinkIdentity.mtp2(link: linkNumber, sent: sent != 0)
        do throws(DecodeError) {
            try mtp2(r.readRest(), link: link, annexA: annexA == 1 || annexA == 2 && options.mtp2AnnexA, &sink)
        } catch {
            sink.decodeError(error, link: link)
        }
    }

    private mutating func mtp2<S: DecodeSink>(
        _ reader: ByteReader, link: LinkIdentity, annexA: Bool, _ sink: inout S
    ) throws(DecodeError) {
        let (unit, fsn, msu) = try MTP2.parse(reader, annexA: annexA, hasFCS: options.mtp2HasFCS)
        if let unit { sink.signalUnit(unit, link: link) }
        guard let msu else { return }
        switch mtp2Sequence.observe(link: link, fsn: fsn, annexA: annexA, msu: msu) {
        case .retransmission:
            return sink.mtp2Retransmission(link: link)
        case .gap(let missing):
            // Without a pseudo-header the frames of both directions (and of several links) share one
            // FSN stream here, so a jump proves nothing.
            if link != .unknown { sink.sequenceGap(.mtp2, link: link, missing: missing) }
        case .new:
            break
        }
        try mtp3(msu, transport: .mtp2, link: link, fsn: fsn, &sink)
    }

    private mutating func mtp3<S: DecodeSink>(
        _ msu: ByteReader, transport: MTPTransport, link: LinkIdentity, fsn: UInt32?, _ sink: inout S
    ) throws(DecodeError) {
        let variant = variant(of: link)
        let (transfer, userPart) = try MTP3.parse(msu, variant: variant, ansiSLSBits: options.ansiSLSBits)
        deliver(transport, link, transfer, userPart, octets: msu.remaining, fsn: fsn, variant: variant, &sink)
    }

    @inline(__always)
    private func variant(of link: LinkIdentity) -> SS7Variant {
        options.linkVariants.isEmpty ? options.variant : options.linkVariants[link] ?? options.variant
    }

    private mutating func deliver<S: DecodeSink>(
        _ transport: MTPTransport, _ link: LinkIdentity, _ transfer: MTPTransfer, _ userPart: ByteReader,
        octets: Int, fsn: UInt32?, variant: SS7Variant, _ sink: inout S
    ) {
        let header = SS7Message.Header(
            transport: transport, link: link, mtp: transfer, octets: octets, forwardSequenceNumber: fsn)
        userParts.deliver(header, userPart, variant: variant, &sink)
    }
}
