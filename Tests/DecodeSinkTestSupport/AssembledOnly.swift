import ByteParsing
import SS7Decoding

/// Forwards every event to `inner` except the unassembled-message hooks (`DecodeSink.isupMessage`,
/// `sccpMessage`), so that ISUP and SCCP messages reach `inner` assembled, through `message`: the one
/// path every sink had before the hooks existed. Tests compare a sink's counts through its hooks with
/// its counts through this.
public struct AssembledOnly<Inner: DecodeSink>: DecodeSink {
    public var inner: Inner

    public init(inner: Inner) { self.inner = inner }

    public mutating func message(_ message: SS7Message) { inner.message(message) }
    public mutating func sigtran(_ message: SigtranMessage) { inner.sigtran(message) }
    public mutating func signalUnit(_ unit: MTP2SignalUnit, link: LinkIdentity) { inner.signalUnit(unit, link: link) }
    public mutating func decodeError(_ error: DecodeError, link: LinkIdentity) { inner.decodeError(error, link: link) }
    public mutating func sctpRetransmission(link: LinkIdentity) { inner.sctpRetransmission(link: link) }
    public mutating func mtp2Retransmission(link: LinkIdentity) { inner.mtp2Retransmission(link: link) }
    public mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {
        inner.sequenceGap(transport, link: link, missing: missing)
    }
}
