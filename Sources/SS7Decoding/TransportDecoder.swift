import ByteParsing

/// The transport half of frame decoding: link layers (Ethernet, Linux SLL, raw IP, null/loop), IPv4
/// (with fragment reassembly) and IPv6, and SCTP (chunks, retransmitted DATA, reassembly). It finds
/// the SCTP user messages and the frames of SS7 link types and puts them, with its decode errors, into
/// a `TransportBatch` for `MessageDecoder`.
///
/// Pure, like `FrameDecoder` (which is this and a `MessageDecoder` in one): its only state is what
/// reassembly and retransmission detection need across frames, all of it bounded.
///
/// The per-frame helpers here and below are `@inline(__always)`: each runs once or twice a frame, and as
/// calls they passed their readers and results through memory (a fifth of decode's instructions;
/// `docs/benchmarks.md`, fifth pass).
public struct TransportDecoder {
    var ipv4Reassembly = IPv4Reassembler()
    var sctp = SCTPDecoder()
    /// Whether `singleDataChunk` may take the usual frame in one step (tests turn it off to compare).
    var takesSingleDataChunks = true

    public init() {}

    /// Marks a frame's start in `batch` (`TransportBatch.beginFrame`) and decodes it: one call a frame
    /// for a reading loop in another module, which could not inline the mark.
    public mutating func decode(
        _ frame: UnsafeRawBufferPointer, linkType: LinkType, stamp: FrameStamp, into batch: inout TransportBatch
    ) {
        batch.beginFrame(stamp)
        decode(frame, linkType: linkType, into: &batch)
    }

    /// Decodes one frame's transport layers into `batch`. `frame` need only live for the duration of the
    /// call: what the layers above need of it is copied into the batch. (Inlined into the call above, the
    /// reading loop's: one call a frame, not two.)
    @inline(__always)
    public mutating func decode(_ frame: UnsafeRawBufferPointer, linkType: LinkType, into batch: inout TransportBatch) {
        if linkType == .ethernet && takesSingleDataChunks && singleDataChunk(frame, &batch) { return }
        let r = ByteReader(frame, layer: .link)
        do throws(DecodeError) {
            switch linkType {
            case .ethernet: try ethernet(r, &batch)
            case .linuxSLL: try linuxSLL(r, &batch)
            case .linuxSLL2: try linuxSLL2(r, &batch)
            case .rawIP: try rawIP(r, &batch)
            case .ipv4: try ipv4(r, &batch)
            case .ipv6: try ipv6(r, &batch)
            case .null: try null(r, networkOrder: false, &batch)
            case .loop: try null(r, networkOrder: true, &batch)
            case .mtp2WithPseudoHeader, .mtp2, .mtp3: batch.ss7Link(r, linkType)
            }
        } catch {
            batch.decodeError(error, link: .unknown)
        }
    }

    /// The usual SIGTRAN frame, taken in one step: Ethernet without VLAN tags, IPv4 without options or
    /// fragmentation, SCTP with one DATA chunk that holds a whole user message and nothing after it but
    /// its padding. Its fields are checked once, at fixed offsets, instead of layer by layer through
    /// `ethernet`, `ipv4` and the chunk walk (which build readers, an `IPPayload` and the walk's state
    /// for every frame); what it reports is what they would report, `dataChunk` and its findings being
    /// the same code. False, having read nothing into the batch or the SCTP state, for any other frame,
    /// which the layers then decode.
    @inline(__always)
    private mutating func singleDataChunk(_ frame: UnsafeRawBufferPointer, _ sink: inout TransportBatch) -> Bool {
        // Ethernet 14, IPv4 20, SCTP common header 12, chunk header 4, DATA header 12: 62 octets.
        var r = ByteReader(frame, layer: .link)
        guard let h = try? r.readFixed(62) else { return false }
        let ip = 14, sctpHeader = ip + 20, chunk = sctpHeader + 12
        guard h.uint16BE(12) == 0x0800, h.uint8(ip) == 0x45 else { return false }
        let totalLength = Int(h.uint16BE(ip + 2))
        // Within the frame (IPv4.parse's check), neither MF nor an offset (no reassembly), SCTP.
        guard totalLength <= frame.count - ip, h.uint16BE(ip + 6) & 0x3FFF == 0, h.uint8(ip + 9) == IPProtocol.sctp
        else { return false }
        let datagramEnd = ip + totalLength
        let flags = h.uint8(chunk + 1)
        let length = Int(h.uint16BE(chunk + 2))
        // A DATA chunk with B and E set, with at least one octet of user data, inside the datagram and
        // followed by no more than its padding (the walk would end after it).
        guard h.uint8(chunk) == 0, flags & 0x03 == 0x03, length >= 17, length <= datagramEnd - chunk,
            datagramEnd - (chunk + length) <= (4 - length % 4) % 4
        else { return false }
        let endpoints = SCTPEndpoints(
            source: IPAddress(ipv4: h.uint32BE(ip + 12)), destination: IPAddress(ipv4: h.uint32BE(ip + 16)),
            sourcePort: h.uint16BE(sctpHeader), destinationPort: h.uint16BE(sctpHeader + 2))
        let key = SCTPDecoder.DirectionKey(endpoints: endpoints, verificationTag: h.uint32BE(sctpHeader + 4))
        // The chunk's value as the walk would slice it: offsets from the frame's start, layer SCTP.
        guard let value = try? ByteReader(frame, layer: .sctp).sub(from: chunk + 4, count: length - 4) else {
            return false
        }
        let link = LinkIdentity.sctp(endpoints)
        // Reported exactly as the chunk walk in `sctpPacket` reports a DATA chunk: a gap first, then the
        // finding. (With B and E set, `dataChunk` gives a message or a retransmission; the other outcomes
        // are handled as there all the same. Switching on the call itself, not on a stored outcome, keeps
        // the outcome out of memory: ~35 instructions a frame. The two are kept as two copies on purpose:
        // one shared `@inline(__always)` helper was compiled out of line and cost 193.6M -> 203.7M
        // instructions for decode; SingleDataChunkTests holds them to the same events.)
        do throws(DecodeError) {
            switch try sctp.dataChunk(flags: flags, value: value, key: key) {
            case let .message(message, ppid):
                if sctp.lastGap > 0 { sink.sequenceGap(.sctp, link: link, missing: sctp.lastGap) }
                sink.userMessage(message, ppid: ppid, endpoints)
            case let .reassembled(bytes, ppid):
                if sctp.lastGap > 0 { sink.sequenceGap(.sctp, link: link, missing: sctp.lastGap) }
                bytes.withUnsafeBytes { raw in
                    sink.userMessage(ByteReader(raw, layer: .sctp), ppid: ppid, endpoints)
                }
            case .retransmission:
                if sctp.lastGap > 0 { sink.sequenceGap(.sctp, link: link, missing: sctp.lastGap) }
                sink.sctpRetransmission(link: link)
            case .pending:
                if sctp.lastGap > 0 { sink.sequenceGap(.sctp, link: link, missing: sctp.lastGap) }
            }
        } catch {
            sink.decodeError(error, link: link)
        }
        return true
    }

    /// `singleDataChunk`, for tests that check which frames it takes.
    mutating func singleDataChunkForTesting(_ frame: UnsafeRawBufferPointer, _ sink: inout TransportBatch) -> Bool {
        singleDataChunk(frame, &sink)
    }

    // MARK: Link layers

    @inline(__always)
    private mutating func ethernet(_ reader: ByteReader, _ sink: inout TransportBatch) throws(DecodeError) {
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
    private mutating func linuxSLL(_ reader: ByteReader, _ sink: inout TransportBatch) throws(DecodeError) {
        var r = reader
        r.layer = .sll
        try r.skip(14)
        let proto = try r.readUInt16BE()
        try network(proto, r.readRest(), &sink)
    }

    /// Linux cooked capture v2: protocol, reserved, interface index, ARPHRD, packet type, address length,
    /// 8 address octets.
    private mutating func linuxSLL2(_ reader: ByteReader, _ sink: inout TransportBatch) throws(DecodeError) {
        var r = reader
        r.layer = .sll
        let proto = try r.readUInt16BE()
        try r.skip(18)
        try network(proto, r.readRest(), &sink)
    }

    private mutating func null(
        _ reader: ByteReader, networkOrder: Bool, _ sink: inout TransportBatch
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

    private mutating func rawIP(_ reader: ByteReader, _ sink: inout TransportBatch) throws(DecodeError) {
        switch reader.peekUInt8().map({ $0 >> 4 }) {
        case 4: try ipv4(reader, &sink)
        case 6: try ipv6(reader, &sink)
        case nil: throw reader.error(.truncated)
        default: throw reader.error(.badValue)
        }
    }

    @inline(__always)
    private mutating func network(
        _ etherType: UInt16, _ payload: ByteReader, _ sink: inout TransportBatch
    ) throws(DecodeError) {
        switch etherType {
        case 0x0800: try ipv4(payload, &sink)
        case 0x86DD: try ipv6(payload, &sink)
        default: return  // not IP: nothing SS7 here
        }
    }

    // MARK: IP

    @inline(__always)
    private mutating func ipv4(_ reader: ByteReader, _ sink: inout TransportBatch) throws(DecodeError) {
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

    private mutating func ipv6(_ reader: ByteReader, _ sink: inout TransportBatch) throws(DecodeError) {
        try transport(try IPv6.parse(reader), &sink)
    }

    @inline(__always)
    private mutating func transport(_ ip: IPPayload, _ sink: inout TransportBatch) throws(DecodeError) {
        guard ip.protocolNumber == IPProtocol.sctp else { return }
        try sctpPacket(ip, &sink)
    }

    // MARK: SCTP

    @inline(__always)
    private mutating func sctpPacket(_ ip: IPPayload, _ sink: inout TransportBatch) throws(DecodeError) {
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

            // `singleDataChunk` reports a DATA chunk the same way (a copy kept for speed: see there).
            do throws(DecodeError) {
                let outcome = try sctp.dataChunk(flags: flags, value: value, key: key)
                if sctp.lastGap > 0 { sink.sequenceGap(.sctp, link: link, missing: sctp.lastGap) }
                switch outcome {
                case let .message(message, ppid):
                    sink.userMessage(message, ppid: ppid, endpoints)
                case let .reassembled(bytes, ppid):
                    bytes.withUnsafeBytes { raw in
                        sink.userMessage(ByteReader(raw, layer: .sctp), ppid: ppid, endpoints)
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
}
