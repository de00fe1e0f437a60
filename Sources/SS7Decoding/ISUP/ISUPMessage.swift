import ByteParsing

/// A decoded ISUP message: the circuit, the type and, for an IAM, what billing needs from it.
/// Every other message is only checked for structure.
///
/// The IAM's parameters are decoded when asked for (`initialAddress`), from a view of the message
/// that is valid only while a `DecodeSink` handles it, like `SCCPMessage.data`: counting never needs
/// them, and decoding them for every IAM (with the struct they fill copied along) was a fifth of the
/// decoder's cost. The decoder has already checked them, so asking cannot fail.
public struct ISUPMessage {
    /// Circuit identification code: 12 bits (ITU) or 14 bits (ANSI), spare bits removed.
    public var cic: UInt16
    public var messageType: ISUPMessageType
    /// An IAM's octets after the message type, as decoded; nil for every other message.
    var iamBody: ByteReader?
    var variant: SS7Variant

    public init(cic: UInt16, messageType: ISUPMessageType) {
        self.cic = cic
        self.messageType = messageType
        self.iamBody = nil
        self.variant = .itu
    }

    init(cic: UInt16, iamBody: ByteReader, variant: SS7Variant) {
        self.cic = cic
        self.messageType = .iam
        self.iamBody = iamBody
        self.variant = variant
    }

    /// The IAM's billing parameters (nil for any other message, or a message not from the decoder).
    /// Read it while the sink handles the message: the octets it is decoded from are the frame's.
    public var initialAddress: ISUPInitialAddress? {
        guard let body = iamBody, let layout = ISUPMessageLayout.table(variant)[Int(ISUPMessageType.iam.rawValue)]
        else { return nil }
        return try? ISUPDecoder.initialAddress(body, layout: layout, variant: variant)
    }
}

/// A number in the called, calling or charge number format (Q.763 3.9, 3.10; T1.113 3.10, 3.11).
public struct ISUPPartyNumber: Hashable, Sendable {
    /// Nature of address indicator (NAI), 7 bits.
    public var natureOfAddress: UInt8
    /// Numbering plan indicator (NPI), 3 bits.
    public var numberingPlan: UInt8
    /// Address signals in order; a trailing ST (15) stays as digit `F`.
    public var digits: DigitString
    /// Address presentation restricted indicator (APRI), 2 bits: calling party number only.
    public var presentation: UInt8?
    /// Screening indicator, 2 bits: calling party number only.
    public var screening: UInt8?

    public init(
        natureOfAddress: UInt8, numberingPlan: UInt8, digits: DigitString,
        presentation: UInt8? = nil, screening: UInt8? = nil
    ) {
        self.natureOfAddress = natureOfAddress
        self.numberingPlan = numberingPlan
        self.digits = digits
        self.presentation = presentation
        self.screening = screening
    }
}

/// Transit network selection (parameter 0x23, Q.763 3.53, T1.113 3.53): which carrier the call
/// is routed to.
public struct ISUPTransitNetworkSelection: Hashable, Sendable {
    /// Type of network identification (TNI), 3 bits: 0 ITU-standardized, 2 national.
    public var typeOfNetworkIdentification: UInt8
    /// Network identification plan (NIP), 4 bits (ANSI: 1 = 3-digit, 2 = 4-digit carrier code).
    public var networkIdentificationPlan: UInt8
    /// Network identification digits (ANSI: the carrier identification code).
    public var networkIdentification: DigitString
    /// ANSI circuit code (high nibble of the last octet), nil for ITU.
    public var circuitCode: UInt8?

    public init(
        typeOfNetworkIdentification: UInt8, networkIdentificationPlan: UInt8,
        networkIdentification: DigitString, circuitCode: UInt8? = nil
    ) {
        self.typeOfNetworkIdentification = typeOfNetworkIdentification
        self.networkIdentificationPlan = networkIdentificationPlan
        self.networkIdentification = networkIdentification
        self.circuitCode = circuitCode
    }
}

/// The IAM parameters a billing system needs. ANSI-only parameters are nil in ITU.
public struct ISUPInitialAddress: Sendable {
    /// Nature of connection indicators (1 octet).
    public var natureOfConnection: UInt8
    /// Forward call indicators, first octet in the high byte (as tshark shows them).
    public var forwardCallIndicators: UInt16
    /// Calling party's category (CPC).
    public var callingPartyCategory: UInt8
    /// Transmission medium requirement (TMR): ITU only.
    public var transmissionMediumRequirement: UInt8?
    public var calledParty: ISUPPartyNumber
    /// Calling party number (0x0A).
    public var callingParty: ISUPPartyNumber?
    /// ANSI charge number (0xEB).
    public var chargeNumber: ISUPPartyNumber?
    /// ANSI carrier identification (0xC5): the carrier identification code digits.
    public var carrierIdentification: DigitString?
    /// Transit network selection (0x23).
    public var transitNetworkSelection: ISUPTransitNetworkSelection?
    /// ANSI jurisdiction information (0xC4): the originating NPA-NXX digits.
    public var jurisdiction: DigitString?
    /// ANSI originating line information (0xEA).
    public var originatingLineInformation: UInt8?

    public init(
        natureOfConnection: UInt8, forwardCallIndicators: UInt16, callingPartyCategory: UInt8,
        transmissionMediumRequirement: UInt8? = nil, calledParty: ISUPPartyNumber,
        callingParty: ISUPPartyNumber? = nil, chargeNumber: ISUPPartyNumber? = nil,
        carrierIdentification: DigitString? = nil,
        transitNetworkSelection: ISUPTransitNetworkSelection? = nil,
        jurisdiction: DigitString? = nil, originatingLineInformation: UInt8? = nil
    ) {
        self.natureOfConnection = natureOfConnection
        self.forwardCallIndicators = forwardCallIndicators
        self.callingPartyCategory = callingPartyCategory
        self.transmissionMediumRequirement = transmissionMediumRequirement
        self.calledParty = calledParty
        self.callingParty = callingParty
        self.chargeNumber = chargeNumber
        self.carrierIdentification = carrierIdentification
        self.transitNetworkSelection = transitNetworkSelection
        self.jurisdiction = jurisdiction
        self.originatingLineInformation = originatingLineInformation
    }
}
