import ByteParsing
import SS7Decoding

/// Counts like `DecodeSummary` and writes one line per message or decode error:
/// `time  #frame  link  transport  OPC>DPC  SI  type  key fields`.
struct LineSink: DecodeSink {
    var summary: DecodeSummary
    let out: OutputBuffer
    private var time = ""
    private var frameNumber = 0

    init(summary: DecodeSummary, out: OutputBuffer) {
        self.summary = summary
        self.out = out
    }

    mutating func beginFrame(_ frame: FrameStamp) {
        summary.countFrame()
        frameNumber = summary.frames
        time = utcTimestamp(seconds: frame.seconds, nanoseconds: frame.nanoseconds)
    }

    mutating func message(_ message: SS7Message) {
        summary.message(message)
        let v = summary.variant
        let label = "\(message.mtp.opc.formatted(v))>\(message.mtp.dpc.formatted(v))"
        // The user part names itself ("ISUP IAM ..."); an undecoded one is shown by its service indicator.
        let what: String
        if case .other = message.userPart {
            what = DecodeSummary.serviceIndicatorName(message.mtp.si)
        } else {
            what = MessageDescription.describe(message.userPart, variant: v)
        }
        out.line("\(time) #\(frameNumber) \(message.link) \(message.transport.name) \(label) sls=\(message.mtp.sls) \(what)")
    }

    mutating func sigtran(_ message: SigtranMessage) {
        summary.sigtran(message)
        // DATA is shown through the message it carries; management messages get their own line.
        if !message.carriesMSU {
            out.line("\(time) #\(frameNumber) \(message.link) \(message.protocolName) \(message.key)")
        }
    }

    mutating func signalUnit(_ unit: MTP2SignalUnit, link: LinkIdentity) {
        summary.signalUnit(unit, link: link)
    }

    mutating func decodeError(_ error: DecodeError, link: LinkIdentity) {
        summary.decodeError(error, link: link)
        out.line("\(time) #\(frameNumber) \(link) ERROR \(error.name) at offset \(error.offset)")
    }

    mutating func mtp2Retransmission(link: LinkIdentity) {
        summary.mtp2Retransmission(link: link)
        out.line("\(time) #\(frameNumber) \(link) mtp2 retransmission (not counted again)")
    }

    mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {
        summary.sequenceGap(transport, link: link, missing: missing)
        out.line("\(time) #\(frameNumber) \(link) \(transport) sequence gap: \(missing) not seen")
    }

    mutating func sctpRetransmission(link: LinkIdentity) {
        summary.sctpRetransmission(link: link)
        out.line("\(time) #\(frameNumber) \(link) sctp retransmission (not counted again)")
    }
}
