import ByteParsing
import SS7Decoding

/// Every call a sink receives, as text (messages with their link, transport, MTP label, octets, FSN
/// and type codes; errors with their offsets), so that two runs can be compared call for call.
public struct Transcript: DecodeSink {
    public var lines: [String] = []

    public init() {}

    /// For a `beginFrame` closure: the frame's stamp.
    public mutating func frame(_ stamp: FrameStamp) {
        lines.append("frame \(stamp.sourceIndex) \(stamp.seconds).\(stamp.nanoseconds)")
    }
    public mutating func message(_ m: SS7Message) {
        lines.append(
            "msg \(m.link) \(m.transport) \(m.mtp) \(m.octets) \(m.forwardSequenceNumber.map(String.init) ?? "-") "
                + "\(m.codes.isupType)/\(m.codes.sccpType)/\(m.codes.tcapPackage)")
    }
    public mutating func sigtran(_ m: SigtranMessage) { lines.append("sigtran \(m.key) \(m.link)") }
    public mutating func signalUnit(_ unit: MTP2SignalUnit, link: LinkIdentity) { lines.append("su \(unit) \(link)") }
    public mutating func decodeError(_ error: DecodeError, link: LinkIdentity) {
        lines.append("error \(error.name) at \(error.offset) \(link)")
    }
    public mutating func sctpRetransmission(link: LinkIdentity) { lines.append("sctp-rtx \(link)") }
    public mutating func mtp2Retransmission(link: LinkIdentity) { lines.append("mtp2-rtx \(link)") }
    public mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {
        lines.append("gap \(transport) \(link) \(missing)")
    }
}
