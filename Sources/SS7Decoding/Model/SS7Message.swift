import ByteParsing

/// The MTP3 view of a message, whatever carried it: an MTP3 MSU's SIO and routing label, or an M3UA
/// Protocol Data parameter (RFC 4666 3.3.1), normalised so that SCCP and ISUP never know the transport.
public struct MTPTransfer: Hashable, Sendable {
    public var opc: PointCode
    public var dpc: PointCode
    /// Service indicator (Q.704 14.2.1): 0 SNM, 1-2 SLT, 3 SCCP, 5 ISUP, 13 BICC, 14 GCP...
    public var si: UInt8
    /// Network indicator: 0 international, 1 spare, 2 national, 3 reserved for national use.
    public var ni: UInt8
    /// Message priority (ANSI SIO bits, or M3UA MP); 0 for ITU.
    public var priority: UInt8
    public var sls: UInt8

    public init(opc: PointCode, dpc: PointCode, si: UInt8, ni: UInt8, priority: UInt8, sls: UInt8) {
        self.opc = opc
        self.dpc = dpc
        self.si = si
        self.ni = ni
        self.priority = priority
        self.sls = sls
    }
}

/// The decoded MTP3 user part of one message.
public enum UserPart {
    /// Signalling network management (SI 0): the H0/H1 heading code (H0 in the low nibble).
    case networkManagement(headingCode: UInt8)
    /// Signalling link test/maintenance (SI 1 and 2): the H0/H1 heading code.
    case linkTest(headingCode: UInt8)
    /// SCCP (SI 3), with the TCAP it carries when its data is TCAP and decoded.
    case sccp(SCCPMessage, tcap: TCAPMessage?)
    /// ISUP (SI 5).
    case isup(ISUPMessage)
    /// A user part the meter counts but does not decode (TUP, BICC, GCP, ...), or one whose decode
    /// failed (the failure is reported separately as a `DecodeError`).
    case other
}

/// One SS7 message (an MSU at MTP3 level) seen in a frame.
public struct SS7Message {
    public var transport: MTPTransport
    public var link: LinkIdentity
    public var mtp: MTPTransfer
    /// Octets of the MTP3 message: SIO, routing label and user part (for M3UA, the equivalent).
    public var octets: Int
    /// MTP2 or M2PA forward sequence number, when the transport carries one (FSN 7 bits; M2PA 24).
    public var forwardSequenceNumber: UInt32?
    /// Set only here and by the decoder, always together with `codes`.
    public internal(set) var userPart: UserPart
    /// The user part's type codes (`userPart.codes`), kept beside it so that counting reads three small
    /// integers instead of copying the user part out of the message.
    public internal(set) var codes: UserPart.Codes

    public init(
        transport: MTPTransport, link: LinkIdentity, mtp: MTPTransfer, octets: Int,
        forwardSequenceNumber: UInt32?, userPart: UserPart
    ) {
        self.init(
            Header(
                transport: transport, link: link, mtp: mtp, octets: octets,
                forwardSequenceNumber: forwardSequenceNumber),
            userPart: userPart, codes: userPart.codes)
    }

    /// The fields below the user part, as the decoder has them before decoding it: `SS7Message`'s
    /// first five.
    public struct Header {
        public internal(set) var transport: MTPTransport
        public internal(set) var link: LinkIdentity
        public internal(set) var mtp: MTPTransfer
        public internal(set) var octets: Int
        public internal(set) var forwardSequenceNumber: UInt32?
    }

    /// The decoder's: `codes` are those of `userPart`, read while decoding it (no copy of the payload).
    @inline(__always)
    init(_ header: Header, userPart: UserPart, codes: UserPart.Codes) {
        self.transport = header.transport
        self.link = header.link
        self.mtp = header.mtp
        self.octets = header.octets
        self.forwardSequenceNumber = header.forwardSequenceNumber
        self.userPart = userPart
        self.codes = codes
    }
}

/// A SIGTRAN adaptation-layer message header (M3UA, M2UA, M2PA): every one is counted by class and
/// type, DATA included, as tshark counts them.
public struct SigtranMessage: Hashable, Sendable {
    public enum Layer: UInt8, Sendable { case m3ua, m2ua, m2pa }
    public var protocolName: Layer
    public var messageClass: UInt8
    public var messageType: UInt8
    public var link: LinkIdentity

    public init(protocolName: Layer, messageClass: UInt8, messageType: UInt8, link: LinkIdentity) {
        self.protocolName = protocolName
        self.messageClass = messageClass
        self.messageType = messageType
        self.link = link
    }

    /// Layer, class and type in one integer (layer << 16 | class << 8 | type), for counter tables.
    public var packedKey: UInt32 {
        UInt32(protocolName.rawValue) << 16 | UInt32(messageClass) << 8 | UInt32(messageType)
    }

    /// The message `packedKey` describes, or nil for a key no message has.
    public init?(packedKey key: UInt32, link: LinkIdentity = .unknown) {
        guard let layer = Layer(rawValue: UInt8(truncatingIfNeeded: key >> 16)) else { return nil }
        self.init(
            protocolName: layer, messageClass: UInt8(truncatingIfNeeded: key >> 8),
            messageType: UInt8(truncatingIfNeeded: key), link: link)
    }

    /// The user-data message of its layer (M3UA DATA, M2UA DATA, M2PA User Data): the one that
    /// carries an MTP3 message, reported as that message rather than on its own.
    public var carriesMSU: Bool {
        switch (protocolName, messageClass, messageType) {
        case (.m3ua, 1, 1), (.m2ua, 6, 1), (.m2pa, 11, 1): true
        default: false
        }
    }

    /// `CLASS/TYPE` with RFC 4666 / 3331 / 4165 mnemonics, e.g. `TRANSFER/DATA`, `ASPSM/BEAT`.
    public var key: String { SigtranNames.key(protocolName, messageClass, messageType) }
}

/// MTP2 link status and fill-in units (Q.703): counted, not passed up.
public enum MTP2SignalUnit: UInt8, Sendable {
    case fisu, lssu
}

/// Receives what the decoder finds in a frame, in wire order. Generic (`inout some DecodeSink`) so
/// that the compiler specialises the hot path: no existential, no allocation per event.
public protocol DecodeSink {
    mutating func message(_ message: SS7Message)
    mutating func sigtran(_ message: SigtranMessage)
    mutating func signalUnit(_ unit: MTP2SignalUnit, link: LinkIdentity)
    mutating func decodeError(_ error: DecodeError, link: LinkIdentity)
    /// A DATA chunk seen again (same association, direction, TSN and bytes): not passed up.
    mutating func sctpRetransmission(link: LinkIdentity)
    /// An MSU seen again on an MTP2 link (same direction, FSN and bytes, out of sequence): not passed up.
    mutating func mtp2Retransmission(link: LinkIdentity)
    /// Sequence numbers skipped (MTP2 FSN, SCTP TSN): messages the tap did not see, evidence of loss
    /// upstream of the capture.
    mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32)

    /// An ISUP message, before it is assembled into an `SS7Message`: by default it is assembled and
    /// passed to `message`. A sink that reads only the header and `codes` (a counter) implements this
    /// to skip the assembly, which copies the decoded user part (~100-200 octets) into the message
    /// and, where the sink reads it back, out again. It must count exactly what `message` would.
    mutating func isupMessage(_ header: SS7Message.Header, _ isup: ISUPMessage, codes: UserPart.Codes)
    /// An SCCP message and the TCAP it carries, before assembly: as `isupMessage`.
    mutating func sccpMessage(
        _ header: SS7Message.Header, _ sccp: SCCPMessage, tcap: TCAPMessage?, codes: UserPart.Codes)
}

/// The transports whose sequence numbers reveal loss.
public enum SequencedTransport: UInt8, Sendable, Hashable { case mtp2, sctp }

extension DecodeSink {
    public mutating func signalUnit(_ unit: MTP2SignalUnit, link: LinkIdentity) {}
    public mutating func sigtran(_ message: SigtranMessage) {}
    public mutating func sctpRetransmission(link: LinkIdentity) {}
    public mutating func mtp2Retransmission(link: LinkIdentity) {}
    public mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {}

    @inline(__always)
    public mutating func isupMessage(_ header: SS7Message.Header, _ isup: ISUPMessage, codes: UserPart.Codes) {
        message(SS7Message(header, userPart: .isup(isup), codes: codes))
    }

    @inline(__always)
    public mutating func sccpMessage(
        _ header: SS7Message.Header, _ sccp: SCCPMessage, tcap: TCAPMessage?, codes: UserPart.Codes
    ) {
        // Built in place (its user part assigned into it) rather than from a user part built first:
        // two fewer copies of the ~200-octet enum per message, for a sink that inlines.
        var message = SS7Message(header, userPart: .other, codes: codes)
        message.userPart = .sccp(sccp, tcap: tcap)
        self.message(message)
    }
}

extension UserPart {
    /// The codes the counters are keyed by, read in place: binding a whole payload
    /// (`case let .sccp(m, tcap)`) copies it, and counting every message that way was a tenth of decode.
    /// -1 where the message has none (not ISUP, not SCCP, no TCAP).
    public struct Codes: Hashable, Sendable {
        public var isupType: Int16 = -1
        public var sccpType: Int16 = -1
        /// `TCAPPackageType.rawValue`.
        public var tcapPackage: Int16 = -1
        @inlinable public init() {}

        /// The SCCP message is a service (returned) message: UDTS, XUDTS or LUDTS. A message returned as
        /// undeliverable is not a request, whatever it carries.
        @inlinable public var sccpIsService: Bool {
            sccpType >= 0 && SCCPMessageType(rawValue: UInt8(sccpType)).isService
        }
    }

    @inlinable
    public var codes: Codes {
        switch self {
        case .isup(let m): Codes(isup: m)
        case .sccp(let m, let tcap): Codes(sccp: m, tcap: tcap)
        case .networkManagement, .linkTest, .other: Codes()
        }
    }
}

extension UserPart {
    /// The called party address of an SCCP user part; nil for any other, or when the message has none.
    @inlinable
    public var sccpCalledParty: SCCPAddress? {
        if case .sccp(let m, _) = self { return m.calledParty }
        return nil
    }
}

extension UserPart.Codes {
    @inlinable
    public init(isup: ISUPMessage) {
        self.init()
        isupType = Int16(isup.messageType.rawValue)
    }

    @inlinable
    public init(sccp: SCCPMessage, tcap: TCAPMessage?) {
        self.init()
        sccpType = Int16(sccp.messageType.rawValue)
        if let tcap { tcapPackage = Int16(tcap.packageType.rawValue) }
    }
}
