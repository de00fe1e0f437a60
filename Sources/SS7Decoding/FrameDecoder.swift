import ByteParsing

/// How a capture is to be decoded. Everything the wire does not say is stated here, never guessed.
public struct DecodeOptions: Sendable, Hashable {
    /// ANSI or ITU for MTP3, SCCP and ISUP (TCAP tells its own standard by its first tag).
    public var variant: SS7Variant
    /// DLT 140/139 frames end with the 2-octet MTP2 FCS (some capture cards keep it).
    public var mtp2HasFCS: Bool
    /// MTP2 Annex A (extended sequence numbers) for DLT 140, and for DLT 139 when its pseudo-header
    /// says "unknown".
    public var mtp2AnnexA: Bool
    /// ANSI SLS width: 8 bits (T1.111-2002) or 5 bits (older networks).
    public var ansiSLSBits: Int
    /// M3UA of Internet-Draft 6 (Protocol Data tag 0x0002 carrying the whole MTP3 message) instead of
    /// RFC 4666 (tag 0x0210). Old Ulticom/Tekelec captures need it; tshark has the same switch.
    public var m3uaDraft6: Bool
    /// Links whose variant differs from `variant` (a tap seeing ANSI and ITU links at once), by the
    /// identity the capture gives them (both directions listed). Empty in the usual single-variant case,
    /// which then costs no lookup.
    public var linkVariants: [LinkIdentity: SS7Variant] = [:]

    public init(
        variant: SS7Variant = .itu, mtp2HasFCS: Bool = false, mtp2AnnexA: Bool = false, ansiSLSBits: Int = 8,
        m3uaDraft6: Bool = false
    ) {
        self.variant = variant
        self.mtp2HasFCS = mtp2HasFCS
        self.mtp2AnnexA = mtp2AnnexA
        self.ansiSLSBits = ansiSLSBits
        self.m3uaDraft6 = m3uaDraft6
    }
}

/// Decodes captured frames into SS7 messages, from the link layer up to ISUP and TCAP.
///
/// It is pure (no I/O, clocks or globals); its only state is what reassembly and retransmission
/// detection need across frames, all of it bounded. Each frame's findings go to a `DecodeSink` in
/// wire order; a failure at any layer becomes a `DecodeError` event and decoding carries on with the
/// frame's other messages and with the next frame.
public struct FrameDecoder {
    public var options: DecodeOptions
    var ipv4Reassembly = IPv4Reassembler()
    var sctp = SCTPDecoder()
    var mtp2Sequence = MTP2SequenceTracker()
    var userParts: UserPartDecoder

    public init(options: DecodeOptions) {
        self.options = options
        self.userParts = UserPartDecoder(options: options)
    }

    /// Decodes one frame. `frame` need only live for the duration of the call.
    public mutating func decode<S: DecodeSink>(
        _ frame: UnsafeRawBufferPointer, linkType: LinkType, into sink: inout S
    ) {
        let r = ByteReader(frame, layer: .link)
        do throws(DecodeError) {
            switch linkType {
            case .ethernet: try ethernet(r, &sink)
            case .linuxSLL: try linuxSLL(r, &sink)
            case .linuxSLL2: try linuxSLL2(r, &sink)
            case .rawIP: try rawIP(r, &sink)
            case .ipv4: try ipv4(r, &sink)
            case .ipv6: try ipv6(r, &sink)
            case .null: try null(r, networkOrder: false, &sink)
            case .loop: try null(r, networkOrder: true, &sink)
            case .mtp2WithPseudoHeader: try mtp2PseudoHeader(r, &sink)
            case .mtp2: try mtp2(r, link: .unknown, annexA: options.mtp2AnnexA, &sink)
            case .mtp3: try mtp3(r, transport: .mtp3, link: .unknown, fsn: nil, &sink)
            }
        } catch {
            sink.decodeError(error, link: .unknown)
        }
    }

    // MARK: Link layers

    private mutating func ethernet<S: DecodeSink>(_ reader: ByteReader, _ sink: inout S) throws(DecodeError) {
        var r = reader
        r.layer = .ethernet
        try r.skip(12)  // destination and source MAC
        var etherType = try r.readUInt16BE()
        // 802.1Q, 802.1ad and the older QinQ tag: skip up to three stacked tags.
        var tags = 0
        while etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100 {
            tags += 1
            guard tags <= 3 else { throw r.error(.tooDeep) }
            try r.skip(2)
            etherType = try r.readUInt16BE()
        }
        try network(etherType, r.readRest(), &sink)
    }

    /// Linux cooked capture v1: packet type, ARPHRD, address length, 8 address octets, protocol.
    private mutating func linuxSLL<S: DecodeSink>(_ reader: ByteReader, _ sink: inout S) throws(DecodeError) {
        var r = reader
        r.layer = .sll
        try r.skip(14)
        let proto = try r.readUInt16BE()
        try network(proto, r.readRest(), &sink)
    }

    /// Linux cooked capture v2: protocol, reserved, interface index, ARPHRD, packet type, address length,
    /// 8 address octets.
    private mutating func linuxSLL2<S: DecodeSink>(_ reader: ByteReader, _ sink: inout S) throws(DecodeError) {
        var r = reader
        r.layer = .sll
        let proto = try r.readUInt16BE()
        try r.skip(18)
        try network(proto, r.readRest(), &sink)
    }

    private mutating func null<S: DecodeSink>(
        _ reader: ByteReader, networkOrder: Bool, _ sink: inout S
    ) throws(DecodeError) {
        var r = reader
        r.layer = .link
        let family = networkOrder ? try r.readUInt32BE() : try r.readUInt32LE()
        // AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24, 28 or 30 (BSDs, macOS). A capture from a
        // big-endian host read as little-endian puts the value in the top octet.
        let value = family > 0xFFFF ? family.byteSwapped : family
        switch value {
        case 2: try ipv4(r.readRest(), &sink)
        case 10, 24, 28, 30: try ipv6(r.readRest(), &sink)
        default: return
        }
    }

    private mutating func rawIP<S: DecodeSink>(_ reader: ByteReader, _ sink: inout S) throws(DecodeError) {
        switch reader.peekUInt8().map({ $0 >> 4 }) {
        case 4: try ipv4(reader, &sink)
        case 6: try ipv6(reader, &sink)
        case nil: throw reader.error(.truncated)
        default: throw reader.error(.badValue)
        }
    }

    private mutating func network<S: DecodeSink>(
        _ etherType: UInt16, _ payload: ByteReader, _ sink: inout S
    ) throws(DecodeError) {
        switch etherType {
        case 0x0800: try ipv4(payload, &sink)
        case 0x86DD: try ipv6(payload, &sink)
        default: return  // not IP: nothing SS7 here
        }
    }

    // MARK: IP

    private mutating func ipv4<S: DecodeSink>(_ reader: ByteReader, _ sink: inout S) throws(DecodeError) {
        let (ip, fragment) = try IPv4.parse(reader)
        guard let fragment else { return try transport(ip, &sink) }
        guard ip.protocolNumber == IPProtocol.sctp else { return }
        let (outcome, evicted) = ipv4Reassembly.add(ip, fragment)
        if evicted { sink.decodeError(DecodeError(.ipv4, .reassemblyLimit, at: reader.offset), link: .unknown) }
        switch outcome {
        case .incomplete: return
        case .dropped(let reason): throw reason
        case .complete(let bytes):
            var failure: DecodeError?
            bytes.withUnsafeBytes { raw in
                var whole = ip
                whole.payload = ByteReader(raw, layer: .sctp)
                do throws(DecodeError) { try transport(whole, &sink) } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }

    private mutating func ipv6<S: DecodeSink>(_ reader: ByteReader, _ sink: inout S) throws(DecodeError) {
        try transport(try IPv6.parse(reader), &sink)
    }

    private mutating func transport<S: DecodeSink>(_ ip: IPPayload, _ sink: inout S) throws(DecodeError) {
        guard ip.protocolNumber == IPProtocol.sctp else { return }
        try sctpPacket(ip, &sink)
    }

    // MARK: SCTP

    private mutating func sctpPacket<S: DecodeSink>(_ ip: IPPayload, _ sink: inout S) throws(DecodeError) {
        var r = ip.payload
        r.layer = .sctp
        // Common header: ports, verification tag, CRC32c (not verified, as tshark does not by default).
        let common = try r.readFixed(12)
        let sourcePort = common.uint16BE(0)
        let destinationPort = common.uint16BE(2)
        let verificationTag = common.uint32BE(4)
        let endpoints = SCTPEndpoints(
            source: ip.source, destination: ip.destination, sourcePort: sourcePort,
            destinationPort: destinationPort)
        let link = LinkIdentity.sctp(endpoints)
        let key = SCTPDecoder.DirectionKey(endpoints: endpoints, verificationTag: verificationTag)
        // Chunks in order until the packet ends; a chunk that does not fit ends the walk (as tshark's
        // exception does), after the chunks before it were delivered.
        while !r.isEmpty {
            let chunkStart = r
            guard r.remaining >= 4 else {
                sink.decodeError(chunkStart.error(.truncated), link: link)
                return
            }
            let header = try r.readFixed(4)
            let type = header.uint8(0)
            let flags = header.uint8(1)
            let length = Int(header.uint16BE(2))
            guard length >= 4 else {
                sink.decodeError(chunkStart.error(.badLength), link: link)
                return
            }
            guard length - 4 <= r.remaining else {
                sink.decodeError(chunkStart.error(.truncated), link: link)
                return
            }
            let value = try r.readSlice(length: length - 4)
            // Chunks are padded to 4 octets; the last one's padding may be missing in a cut capture.
            let padding = (4 - length % 4) % 4
            try? r.skip(min(padding, r.remaining))
            guard type == 0 else { continue }  // only DATA carries SS7

            do throws(DecodeError) {
                let outcome = try sctp.dataChunk(flags: flags, value: value, key: key)
                if sctp.lastGap > 0 { sink.sequenceGap(.sctp, link: link, missing: sctp.lastGap) }
                switch outcome {
                case let .message(message, ppid):
                    adaptation(message, ppid: ppid, endpoints, &sink)
                case let .reassembled(bytes, ppid):
                    bytes.withUnsafeBytes { raw in
                        adaptation(ByteReader(raw, layer: .sctp), ppid: ppid, endpoints, &sink)
                    }
                case .retransmission:
                    sink.sctpRetransmission(link: link)
                case .pending:
                    break
                }
            } catch {
                sink.decodeError(error, link: link)
            }
        }
    }

    // MARK: SIGTRAN

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
        deliver(.m3ua, link, transfer, pd.readRest(), octets: 1 + labelLength + pd.remaining, fsn: nil, variant: variant, &sink)
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
        var failure: DecodeError?
        var message = SS7Message(
            transport: transport, link: link, mtp: transfer, octets: octets, forwardSequenceNumber: fsn,
            userPart: .other)
        userParts.decode(
            si: transfer.si, userPart, mtp: transfer, variant: variant, into: &message, failure: &failure)
        sink.message(message)
        if let failure { sink.decodeError(failure, link: link) }
    }
}
