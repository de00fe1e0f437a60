// TCAP: ANSI T1.114 packages and ITU-T Q.773 messages, BER encoded (X.690 definite lengths:
// short form below 128, long form 0x81/0x82 above).

enum BER {
    /// Tag, definite length, contents.
    static func tlv(_ tag: UInt8, _ contents: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [tag]
        out.reserveCapacity(contents.count + 4)
        appendLength(contents.count, to: &out)
        out.append(contentsOf: contents)
        return out
    }

    static func appendLength(_ n: Int, to out: inout [UInt8]) {
        precondition(n >= 0 && n <= 0xFFFF)
        if n < 0x80 {
            out.u8(UInt8(n))
        } else if n <= 0xFF {
            out.u8(0x81); out.u8(UInt8(n))
        } else {
            out.u8(0x82); out.u16be(UInt16(n))
        }
    }
}

/// ANSI TCAP package types (T1.114 Table 2).
public enum ANSIPackage: UInt8, Sendable, CaseIterable {
    case unidirectional = 0xE1, queryWithPermission = 0xE2, queryWithoutPermission = 0xE3
    case response = 0xE4, conversationWithPermission = 0xE5, conversationWithoutPermission = 0xE6
    case abort = 0xF6

    /// The name used in the expected summaries.
    public var summaryName: String {
        switch self {
        case .unidirectional: "unidirectional"
        case .queryWithPermission: "query_with_permission"
        case .queryWithoutPermission: "query_without_permission"
        case .response: "response"
        case .conversationWithPermission: "conversation_with_permission"
        case .conversationWithoutPermission: "conversation_without_permission"
        case .abort: "abort"
        }
    }
}

/// ITU TCAP message types (Q.773 Table 8).
public enum ITUMessage: UInt8, Sendable, CaseIterable {
    case unidirectional = 0x61, begin = 0x62, end = 0x64, `continue` = 0x65, abort = 0x67

    public var summaryName: String {
        switch self {
        case .unidirectional: "unidirectional"
        case .begin: "begin"
        case .end: "end"
        case .continue: "continue"
        case .abort: "abort"
        }
    }
}

/// A TCAP component: an operation invoked or its result.
public enum TCAPComponent: Sendable, Equatable {
    /// Invoke. ANSI: InvokeLast 0xE9 (or InvokeNotLast 0xED when `last` is false), `opcode` two
    /// octets (family with bit 8 = reply required, then specifier), national 0xD0 or private 0xD1.
    /// ITU: Invoke 0xA1 with a local opcode. `parameter` is the parameter set (ANSI 0xF2) or
    /// sequence (ITU 0x30) contents; nil leaves the optional parameter out.
    case invoke(id: UInt8, opcode: UInt16, privateOpcode: Bool = false, last: Bool = true, parameter: [UInt8]?)
    /// ReturnResultLast (ANSI 0xEA / ITU 0xA2) correlated to invoke `id`.
    case result(id: UInt8, opcode: UInt16, parameter: [UInt8]?)
}

/// One TCAP message in either variant.
public struct TCAPMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case ansi(ANSIPackage)
        case itu(ITUMessage)
    }
    public var kind: Kind
    /// Originating transaction ID (ANSI: the sender's own ID), 4 octets; nil when absent.
    public var otid: UInt32?
    /// Destination / responding transaction ID; nil when absent.
    public var dtid: UInt32?
    public var components: [TCAPComponent] = []
    /// Abort cause (ANSI P-Abort 0xD7, ITU P-AbortCause 0x4A).
    public var abortCause: UInt8 = 1

    public init(_ kind: Kind, otid: UInt32? = nil, dtid: UInt32? = nil, components: [TCAPComponent] = []) {
        self.kind = kind; self.otid = otid; self.dtid = dtid; self.components = components
    }
}

public enum TCAP {
    /// Encodes `m` (the SCCP user data).
    public static func encode(_ m: TCAPMessage) -> [UInt8] {
        switch m.kind {
        case .ansi(let p): ansi(p, m)
        case .itu(let t): itu(t, m)
        }
    }

    /// T1.114: package tag; transaction ID 0xC7 holding the originating then responding ID (empty
    /// for Unidirectional); component sequence 0xE8, or for Abort a P-Abort cause 0xD7.
    static func ansi(_ p: ANSIPackage, _ m: TCAPMessage) -> [UInt8] {
        var tid: [UInt8] = []
        if let o = m.otid { tid.u32be(o) }
        if let d = m.dtid { tid.u32be(d) }
        var body = BER.tlv(0xC7, tid)
        if p == .abort {
            body += BER.tlv(0xD7, [m.abortCause])
        } else {
            var comps: [UInt8] = []
            for c in m.components {
                switch c {
                case let .invoke(id, op, priv, last, param):
                    var inner = BER.tlv(0xCF, [id])  // component ID: invoke ID only
                    inner += BER.tlv(priv ? 0xD1 : 0xD0, [UInt8(op >> 8), UInt8(op & 0xFF)])
                    if let param { inner += BER.tlv(0xF2, param) }  // parameter set
                    comps += BER.tlv(last ? 0xE9 : 0xED, inner)
                case let .result(id, _, param):
                    var inner = BER.tlv(0xCF, [id])  // component ID: correlation ID
                    if let param { inner += BER.tlv(0xF2, param) }
                    comps += BER.tlv(0xEA, inner)  // ReturnResultLast
                }
            }
            body += BER.tlv(0xE8, comps)
        }
        return BER.tlv(p.rawValue, body)
    }

    /// Q.773: message tag; OTID 0x48 / DTID 0x49 (4 octets); components 0x6C, or for Abort a
    /// P-AbortCause 0x4A.
    static func itu(_ t: ITUMessage, _ m: TCAPMessage) -> [UInt8] {
        var body: [UInt8] = []
        var tid: [UInt8] = []
        if let o = m.otid { tid.u32be(o); body += BER.tlv(0x48, tid); tid.removeAll() }
        if let d = m.dtid { tid.u32be(d); body += BER.tlv(0x49, tid) }
        if t == .abort {
            body += BER.tlv(0x4A, [m.abortCause])
        } else {
            var comps: [UInt8] = []
            for c in m.components {
                switch c {
                case let .invoke(id, op, _, _, param):
                    var inner = BER.tlv(0x02, [id])  // invokeID INTEGER
                    inner += BER.tlv(0x02, [UInt8(op & 0x7F)])  // local opcode INTEGER
                    if let param { inner += BER.tlv(0x30, param) }  // parameter: a SEQUENCE
                    comps += BER.tlv(0xA1, inner)
                case let .result(id, op, param):
                    if let param {
                        // resultretres SEQUENCE { opcode, parameter }
                        let res = BER.tlv(0x02, [UInt8(op & 0x7F)]) + BER.tlv(0x30, param)
                        comps += BER.tlv(0xA2, BER.tlv(0x02, [id]) + BER.tlv(0x30, res))
                    } else {
                        comps += BER.tlv(0xA2, BER.tlv(0x02, [id]))
                    }
                }
            }
            body += BER.tlv(0x6C, comps)
        }
        return BER.tlv(t.rawValue, body)
    }

    /// A T1.114 / GR-533 Digits value: type of digits, nature of number, numbering plan (bits 8-5,
    /// 1 = ISDN) and encoding (bits 4-1, 1 = BCD), number of digits, BCD digits.
    public static func ansiDigits(_ digits: String, type: UInt8) -> [UInt8] {
        var v: [UInt8] = [type, 0x00, 0x11, UInt8(digits.utf8.count)]
        v.bcd(digits)
        return v
    }

    /// GR-533 ProvideInstruction:Start argument (set contents): calledPartyNumber [10] holding
    /// Digits [4], callingPartyANI Digits [4], originating station type [PRIVATE 69].
    public static func lnpQuery(called: String, ani: String) -> [UInt8] {
        BER.tlv(0xAA, BER.tlv(0x84, ansiDigits(called, type: 1)))
            + BER.tlv(0x84, ansiDigits(ani, type: 2))
            + [0xDF, 0x45, 0x01, 0x00]
    }

    /// GR-533 ConnectionControl:Connect argument: routing number Digits [4], billing indicators
    /// [PRIVATE 65] (4 octets).
    public static func lnpConnect(routingNumber: String) -> [UInt8] {
        BER.tlv(0x84, ansiDigits(routingNumber, type: 4)) + [0xDF, 0x41, 0x04, 0x00, 0x01, 0x00, 0x00]
    }

    /// An ITU parameter element: [0] IMPLICIT OCTET STRING of TBCD digits.
    public static func ituDigits(_ digits: String) -> [UInt8] {
        var v: [UInt8] = []
        v.bcd(digits)
        if digits.isOddLength { v[v.count - 1] |= 0xF0 }  // TBCD filler
        return BER.tlv(0x80, v)
    }
}
