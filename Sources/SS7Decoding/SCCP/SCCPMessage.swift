import ByteParsing

/// An SCCP message type code (Q.713 Table 1, T1.112.3 Table 1). Unknown codes are kept as they came.
public struct SCCPMessageType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let cr = SCCPMessageType(rawValue: 0x01)
    public static let cc = SCCPMessageType(rawValue: 0x02)
    public static let cref = SCCPMessageType(rawValue: 0x03)
    public static let rlsd = SCCPMessageType(rawValue: 0x04)
    public static let rlc = SCCPMessageType(rawValue: 0x05)
    public static let dt1 = SCCPMessageType(rawValue: 0x06)
    public static let dt2 = SCCPMessageType(rawValue: 0x07)
    public static let ak = SCCPMessageType(rawValue: 0x08)
    public static let udt = SCCPMessageType(rawValue: 0x09)
    public static let udts = SCCPMessageType(rawValue: 0x0A)
    public static let ed = SCCPMessageType(rawValue: 0x0B)
    public static let ea = SCCPMessageType(rawValue: 0x0C)
    public static let rsr = SCCPMessageType(rawValue: 0x0D)
    public static let rsc = SCCPMessageType(rawValue: 0x0E)
    public static let err = SCCPMessageType(rawValue: 0x0F)
    public static let it = SCCPMessageType(rawValue: 0x10)
    public static let xudt = SCCPMessageType(rawValue: 0x11)
    public static let xudts = SCCPMessageType(rawValue: 0x12)
    public static let ludt = SCCPMessageType(rawValue: 0x13)
    public static let ludts = SCCPMessageType(rawValue: 0x14)

    private static let mnemonics = [
        "CR", "CC", "CREF", "RLSD", "RLC", "DT1", "DT2", "AK", "UDT", "UDTS",
        "ED", "EA", "RSR", "RSC", "ERR", "IT", "XUDT", "XUDTS", "LUDT", "LUDTS",
    ]

    /// "UDT", "XUDT", "CR", ... as tshark's Info column prints them; nil if unknown
    /// (the summary prints unknown ones as "0xNN").
    public var mnemonic: String? {
        rawValue >= 1 && Int(rawValue) <= Self.mnemonics.count ? Self.mnemonics[Int(rawValue) - 1] : nil
    }

    /// The name summaries and ledgers use: the mnemonic, or `0xNN` for an unknown code.
    public var name: String { mnemonic ?? hexCode(rawValue) }

    /// UDTS, XUDTS, LUDTS: service messages, which return undeliverable data to its sender.
    @inlinable public var isService: Bool { self == .udts || self == .xudts || self == .ludts }
}

/// A called or calling party address (Q.713 3.4, T1.112.3 3.4).
public struct SCCPAddress: Hashable, Sendable {
    /// Routing indicator: true = route on SSN (bit 7 = 1), false = route on GT.
    public var routesOnSSN: Bool
    /// Global title indicator, bits 6-3 of the address indicator.
    public var globalTitleIndicator: UInt8
    public var subsystemNumber: UInt8?
    /// ITU: 14 bits; ANSI: 24 bits, network-cluster-member. An ANSI address with the national
    /// indicator 0 ("coded to international standards") carries a 14-bit ITU point code, as tshark
    /// reads it.
    public var pointCode: PointCode?
    public var translationType: UInt8?
    /// Numbering plan, the high nibble of the NP/ES octet.
    public var numberingPlan: UInt8?
    /// Nature of address indicator (7 bits).
    public var natureOfAddress: UInt8?
    /// Global title address signals; empty when there is no GT.
    public var digits: DigitString
    /// Bit 8 of the address indicator as sent: ANSI national indicator (1 = national), ITU reserved
    /// for national use.
    public var nationalIndicator: Bool

    public init(
        routesOnSSN: Bool = false, globalTitleIndicator: UInt8 = 0, subsystemNumber: UInt8? = nil,
        pointCode: PointCode? = nil, translationType: UInt8? = nil, numberingPlan: UInt8? = nil,
        natureOfAddress: UInt8? = nil, digits: DigitString = DigitString(), nationalIndicator: Bool = false
    ) {
        self.routesOnSSN = routesOnSSN
        self.globalTitleIndicator = globalTitleIndicator
        self.subsystemNumber = subsystemNumber
        self.pointCode = pointCode
        self.translationType = translationType
        self.numberingPlan = numberingPlan
        self.natureOfAddress = natureOfAddress
        self.digits = digits
        self.nationalIndicator = nationalIndicator
    }
}

/// The Segmentation optional parameter (0x10) of XUDT/XUDTS/LUDT/LUDTS (Q.713 3.17).
public struct SCCPSegmentation: Hashable, Sendable {
    /// F bit: this is the first segment.
    public var isFirst: Bool
    /// C bit: protocol class 1 (in-sequence) was requested for the whole message.
    public var inSequence: Bool
    /// Number of segments still to come after this one (0...15).
    public var remainingSegments: UInt8
    /// Segmentation local reference, 3 octets (read least significant first, as tshark does).
    public var localReference: UInt32

    public init(isFirst: Bool, inSequence: Bool, remainingSegments: UInt8, localReference: UInt32) {
        self.isFirst = isFirst
        self.inSequence = inSequence
        self.remainingSegments = remainingSegments
        self.localReference = localReference
    }
}

/// One decoded SCCP message. Only what the meter uses is kept; every other parameter is checked for
/// bounds and skipped. Values are views into the caller's buffer (`data`), nothing is copied.
public struct SCCPMessage {
    public var messageType: SCCPMessageType
    /// Protocol class (low nibble of the class octet) of CR/CC/IT/UDT/XUDT/LUDT.
    public var protocolClass: UInt8?
    /// Source local reference (CR, CC, RLSD, RLC, RSR, RSC, IT).
    public var sourceLocalReference: UInt32?
    /// Destination local reference (every connection-oriented message except CR).
    public var destinationLocalReference: UInt32?
    public var calledParty: SCCPAddress?
    public var callingParty: SCCPAddress?
    /// View of the user data (Data or Long Data parameter, mandatory or optional); for UDTS, XUDTS
    /// and LUDTS, the data being returned. For a segment of a segmented message, only this segment's
    /// part: see `SCCPReassembler`.
    public var data: ByteReader?
    /// XUDT/XUDTS/LUDT/LUDTS optional Segmentation parameter.
    public var segmentation: SCCPSegmentation?
    /// Return cause of UDTS/XUDTS/LUDTS.
    public var returnCause: UInt8?

    public init(messageType: SCCPMessageType) {
        self.messageType = messageType
    }
}

/// The first octet of an SCCP management (SCMG) message, carried in UDT to SSN 1 (Q.713 5.3,
/// T1.112.3 5.3).
public struct SCCPManagementType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let ssa = SCCPManagementType(rawValue: 0x01)
    public static let ssp = SCCPManagementType(rawValue: 0x02)
    public static let sst = SCCPManagementType(rawValue: 0x03)
    public static let sor = SCCPManagementType(rawValue: 0x04)
    public static let sog = SCCPManagementType(rawValue: 0x05)
    /// ITU only.
    public static let ssc = SCCPManagementType(rawValue: 0x06)
    /// ANSI only: subsystem backup routing, normal routing, routing status test.
    public static let sbr = SCCPManagementType(rawValue: 0xFD)
    public static let snr = SCCPManagementType(rawValue: 0xFE)
    public static let srt = SCCPManagementType(rawValue: 0xFF)

    /// "SSA", "SSP", ...; nil if unknown.
    public var mnemonic: String? {
        switch rawValue {
        case 0x01: "SSA"
        case 0x02: "SSP"
        case 0x03: "SST"
        case 0x04: "SOR"
        case 0x05: "SOG"
        case 0x06: "SSC"
        case 0xFD: "SBR"
        case 0xFE: "SNR"
        case 0xFF: "SRT"
        default: nil
        }
    }
}
