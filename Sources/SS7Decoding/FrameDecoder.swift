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

/// Decodes captured frames into SS7 messages, from the link layer up to ISUP and TCAP: a
/// `TransportDecoder` and a `MessageDecoder` run one after the other on each frame. (`DecodePipeline`
/// runs the same two on two threads, for whole captures.)
///
/// It is pure (no I/O, clocks or globals); its only state is what reassembly and retransmission
/// detection need across frames, all of it bounded. Each frame's findings go to a `DecodeSink` in
/// wire order; a failure at any layer becomes a `DecodeError` event and decoding carries on with the
/// frame's other messages and with the next frame.
public struct FrameDecoder {
    public var options: DecodeOptions { messages.options }
    var transport = TransportDecoder()
    var messages: MessageDecoder
    /// One frame's transport findings, reused from frame to frame.
    private var batch = TransportBatch()

    public init(options: DecodeOptions) {
        self.messages = MessageDecoder(options: options)
    }

    /// Decodes one frame. `frame` need only live for the duration of the call.
    public mutating func decode<S: DecodeSink>(
        _ frame: UnsafeRawBufferPointer, linkType: LinkType, into sink: inout S
    ) {
        batch.removeAll()
        transport.decode(frame, linkType: linkType, into: &batch)
        messages.decode(batch, into: &sink)
    }
}
