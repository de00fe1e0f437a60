import ByteParsing

/// The TCAP package (message) type, ITU-T Q.773 or ANSI T1.114. The first tag's class says which.
public enum TCAPPackageType: UInt8, Sendable, Hashable, CaseIterable {
    // ITU-T Q.773 (APPLICATION class): Unidirectional [1] 0x61, Begin [2] 0x62, End [4] 0x64,
    // Continue [5] 0x65, Abort [7] 0x67
    case ituUnidirectional, ituBegin, ituEnd, ituContinue, ituAbort
    // ANSI T1.114 (PRIVATE class, constructed): Unidirectional 0xE1, QueryWithPermission 0xE2,
    // QueryWithoutPermission 0xE3, Response 0xE4, ConversationWithPermission 0xE5,
    // ConversationWithoutPermission 0xE6, Abort 0xF6
    case ansiUnidirectional, ansiQueryWithPermission, ansiQueryWithoutPermission, ansiResponse,
         ansiConversationWithPermission, ansiConversationWithoutPermission, ansiAbort

    /// The package type whose identifier octet this is, or nil.
    public init?(identifier: UInt8) {
        switch identifier {
        case 0x61: self = .ituUnidirectional
        case 0x62: self = .ituBegin
        case 0x64: self = .ituEnd
        case 0x65: self = .ituContinue
        case 0x67: self = .ituAbort
        case 0xE1: self = .ansiUnidirectional
        case 0xE2: self = .ansiQueryWithPermission
        case 0xE3: self = .ansiQueryWithoutPermission
        case 0xE4: self = .ansiResponse
        case 0xE5: self = .ansiConversationWithPermission
        case 0xE6: self = .ansiConversationWithoutPermission
        case 0xF6: self = .ansiAbort
        default: return nil
        }
    }

    /// The identifier octet on the wire.
    public var identifier: UInt8 {
        switch self {
        case .ituUnidirectional: 0x61
        case .ituBegin: 0x62
        case .ituEnd: 0x64
        case .ituContinue: 0x65
        case .ituAbort: 0x67
        case .ansiUnidirectional: 0xE1
        case .ansiQueryWithPermission: 0xE2
        case .ansiQueryWithoutPermission: 0xE3
        case .ansiResponse: 0xE4
        case .ansiConversationWithPermission: 0xE5
        case .ansiConversationWithoutPermission: 0xE6
        case .ansiAbort: 0xF6
        }
    }

    public var isANSI: Bool { rawValue >= TCAPPackageType.ansiUnidirectional.rawValue }

    /// Key used in summaries: ITU "begin","continue","end","unidirectional","abort";
    /// ANSI "unidirectional","query_with_permission","query_without_permission","response",
    /// "conversation_with_permission","conversation_without_permission","abort".
    public var summaryKey: String {
        switch self {
        case .ituUnidirectional, .ansiUnidirectional: "unidirectional"
        case .ituBegin: "begin"
        case .ituEnd: "end"
        case .ituContinue: "continue"
        case .ituAbort, .ansiAbort: "abort"
        case .ansiQueryWithPermission: "query_with_permission"
        case .ansiQueryWithoutPermission: "query_without_permission"
        case .ansiResponse: "response"
        case .ansiConversationWithPermission: "conversation_with_permission"
        case .ansiConversationWithoutPermission: "conversation_without_permission"
        }
    }
}

/// A transaction ID of 1...4 octets, held inline. The octet count is kept, so 00 00 63 6A and
/// 63 6A are different IDs, as they are on the wire.
public struct TCAPTransactionID: Hashable, Sendable {
    /// The octets as a big-endian number.
    public let value: UInt32
    /// Number of octets, 1...4.
    public let length: UInt8

    /// nil unless `length` is 1...4 and `value` fits in `length` octets.
    public init?(value: UInt32, length: Int) {
        guard (1...4).contains(length), length == 4 || value >> UInt32(8 * length) == 0 else { return nil }
        self.value = value
        self.length = UInt8(length)
    }
}

extension TCAPTransactionID: CustomStringConvertible {
    /// Lower-case hex of the octets, as tshark prints them ("06f7", "0000636a").
    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 2 * Int(length) - hex.count) + hex
    }
}

/// The operation code of an Invoke component.
public enum TCAPOperationCode: Hashable, Sendable {
    case local(Int32)            // ITU local operation code (INTEGER)
    case global                  // ITU global (OID) code, not interpreted
    case ansiNational(UInt16)    // ANSI national opcode (tag 0xD0): family<<8 | specifier
    case ansiPrivate(UInt16)     // ANSI private opcode (tag 0xD1)
}

/// What the meter keeps of one TCAP message.
///
/// Package type and transaction IDs are read when decoding (they decide what is counted, and a
/// malformed one is an error). The dialogue and component portions are walked when asked
/// (`componentCount`, `firstOperation`, `hasDialoguePortion`), from a view of the message valid only
/// while a `DecodeSink` handles it, like `SCCPMessage.data`: counting and charging never need them,
/// and walking every component of every message was most of TCAP's cost. A malformed portion was
/// never an error (see `TCAPDecoder`), so nothing is lost by walking it later. `materialized()` gives
/// a copy that keeps its values after the frame is gone.
public struct TCAPMessage: Hashable {
    public var packageType: TCAPPackageType
    public var originatingTransactionID: TCAPTransactionID?   // ITU OTID; ANSI originating ID
    public var destinationTransactionID: TCAPTransactionID?   // ITU DTID; ANSI responding ID
    /// The portions after the transaction IDs, from the decoder; nil for a constructed message.
    var portions: ByteReader?
    /// The values of a constructed (or materialized) message.
    var stated: TCAPPortions

    public init(
        packageType: TCAPPackageType,
        originatingTransactionID: TCAPTransactionID? = nil,
        destinationTransactionID: TCAPTransactionID? = nil,
        componentCount: Int = 0,
        firstOperation: TCAPOperationCode? = nil,
        hasDialoguePortion: Bool = false
    ) {
        self.packageType = packageType
        self.originatingTransactionID = originatingTransactionID
        self.destinationTransactionID = destinationTransactionID
        self.portions = nil
        self.stated = TCAPPortions(
            componentCount: componentCount, firstOperation: firstOperation, hasDialoguePortion: hasDialoguePortion)
    }

    /// What the dialogue and component portions hold (walked from the view for a decoded message).
    public var portionSummary: TCAPPortions {
        guard let portions else { return stated }
        return TCAPDecoder.readPortions(portions, isANSI: packageType.isANSI)
    }

    /// Components read from the component portion; if that portion is malformed, those before the fault.
    public var componentCount: Int { portionSummary.componentCount }
    /// Operation of the first Invoke component (ITU Invoke; ANSI InvokeLast or InvokeNotLast).
    public var firstOperation: TCAPOperationCode? { portionSummary.firstOperation }
    public var hasDialoguePortion: Bool { portionSummary.hasDialoguePortion }

    /// A copy whose portion values are held, not read from the frame: for keeping past the sink call.
    public func materialized() -> TCAPMessage {
        var copy = self
        copy.stated = portionSummary
        copy.portions = nil
        return copy
    }

    public static func == (a: TCAPMessage, b: TCAPMessage) -> Bool {
        a.packageType == b.packageType && a.originatingTransactionID == b.originatingTransactionID
            && a.destinationTransactionID == b.destinationTransactionID && a.portionSummary == b.portionSummary
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(packageType)
        hasher.combine(originatingTransactionID)
        hasher.combine(destinationTransactionID)
        hasher.combine(portionSummary)
    }
}

/// The values of the dialogue and component portions that the meter reports.
public struct TCAPPortions: Hashable, Sendable {
    public var componentCount: Int
    public var firstOperation: TCAPOperationCode?
    public var hasDialoguePortion: Bool

    public init(componentCount: Int = 0, firstOperation: TCAPOperationCode? = nil, hasDialoguePortion: Bool = false) {
        self.componentCount = componentCount
        self.firstOperation = firstOperation
        self.hasDialoguePortion = hasDialoguePortion
    }
}
