// ISUP (ITU-T Q.763, ANSI T1.113). Every message is CIC, message type, then the mandatory fixed
// part, one pointer per mandatory variable parameter plus (if the message has one) a pointer to the
// optional part, the variable parameters (length + value), and the optional parameters
// (name, length, value) ended by a zero octet. The layouts below are that table as data.

/// ISUP message types (Q.763 Table 4, T1.113).
public enum ISUPMessageType: UInt8, Sendable, CaseIterable {
    case iam = 0x01, acm = 0x06, anm = 0x09, rel = 0x0C, sus = 0x0D, res = 0x0E, rlc = 0x10
    case rsc = 0x12, blo = 0x13, bla = 0x15, grs = 0x17, cgb = 0x18, cgba = 0x1A, gra = 0x29
    case cpg = 0x2C
    /// ANSI exit message (T1.113).
    case exm = 0xED

    /// The standard mnemonic, as used in the expected summaries.
    public var mnemonic: String {
        switch self {
        case .iam: "IAM"
        case .acm: "ACM"
        case .anm: "ANM"
        case .rel: "REL"
        case .sus: "SUS"
        case .res: "RES"
        case .rlc: "RLC"
        case .rsc: "RSC"
        case .blo: "BLO"
        case .bla: "BLA"
        case .grs: "GRS"
        case .cgb: "CGB"
        case .cgba: "CGBA"
        case .gra: "GRA"
        case .cpg: "CPG"
        case .exm: "EXM"
        }
    }
}

/// ISUP optional parameter names used here (Q.763 Table 5, T1.113).
public enum ISUPParameter {
    public static let callingPartyNumber: UInt8 = 0x0A
    public static let transitNetworkSelection: UInt8 = 0x23
    public static let jurisdictionInformation: UInt8 = 0xC4  // ANSI
    public static let carrierIdentification: UInt8 = 0xC5  // ANSI
    public static let originatingLineInformation: UInt8 = 0xEA  // ANSI
    public static let chargeNumber: UInt8 = 0xEB  // ANSI
}

/// The content of one ISUP message, enough to encode it in either variant.
public struct ISUPMessage: Sendable, Equatable {
    public var type: ISUPMessageType
    /// Circuit identification code: 12 bits ITU, 14 bits ANSI.
    public var cic: UInt16
    /// IAM: called party digits.
    public var called: String = ""
    /// IAM: calling party digits (optional parameter 0x0A when not empty).
    public var calling: String = ""
    /// IAM (ANSI): charge number digits (0xEB when not empty).
    public var chargeNumber: String = ""
    /// IAM (ANSI): 3-digit carrier identification code (CIP 0xC5 and TNS 0x23 when not empty).
    public var carrier: String = ""
    /// IAM (ANSI): 6-digit jurisdiction (JIP 0xC4 when not empty).
    public var jurisdiction: String = ""
    /// IAM (ANSI): originating line information (0xEA when not nil).
    public var oli: UInt8? = nil
    /// REL: cause value (Q.850).
    public var cause: UInt8 = 16
    /// GRS, GRA, CGB, CGBA: range (number of circuits minus one).
    public var range: UInt8 = 0
    /// CPG: event indicator (1 alerting, 2 progress).
    public var event: UInt8 = 1

    public init(_ type: ISUPMessageType, cic: UInt16) { self.type = type; self.cic = cic }
}

public enum ISUP {
    /// Encodes `m` (the MTP3 user part for SI 5).
    public static func encode(_ m: ISUPMessage, _ variant: Variant, to out: inout [UInt8]) {
        out.u16le(m.cic & (variant == .itu ? 0x0FFF : 0x3FFF))
        out.u8(m.type.rawValue)
        var variable: [[UInt8]] = []
        var optional: [(UInt8, [UInt8])]? = []  // nil: the message has no optional part
        switch m.type {
        case .iam:
            out.u8(0x00)  // nature of connection: no satellite, continuity check not required
            out.u16le(0x0120)  // forward call indicators: national call, ISUP all the way and preferred, ISDN access
            out.u8(0x0A)  // calling party's category: ordinary subscriber
            if variant == .itu {
                out.u8(0x00)  // transmission medium requirement: speech
            } else {
                // T1.113 user service information (Q.931 bearer capability): ITU coding, speech;
                // circuit mode 64 kbit/s; layer 1 G.711 mu-law.
                variable.append([0x80, 0x90, 0xA2])
            }
            variable.append(number(m.called, nai: 3, second: 0x10))  // ISDN numbering plan
            if !m.calling.isEmpty {
                // Octet 2: numbering plan ISDN (bits 7-5), presentation allowed, network provided.
                optional?.append((ISUPParameter.callingPartyNumber, number(m.calling, nai: 3, second: 0x13)))
            }
            if variant == .ansi {
                if !m.chargeNumber.isEmpty {
                    // Nature: ANI of the calling party, national number (3); numbering plan ISDN.
                    optional?.append((ISUPParameter.chargeNumber, number(m.chargeNumber, nai: 3, second: 0x10)))
                }
                if !m.carrier.isEmpty {
                    // T1.113: type of network identification national (010), plan 3-digit CIC (0001).
                    var cip: [UInt8] = [0x21]; cip.bcd(m.carrier)
                    optional?.append((ISUPParameter.carrierIdentification, cip))
                    // Transit network selection: the same, the digits padded to four, then the
                    // circuit code (bits 8-5): 0 = unspecified.
                    optional?.append((ISUPParameter.transitNetworkSelection, cip + [0x00]))
                }
                if !m.jurisdiction.isEmpty {
                    var jip: [UInt8] = []; jip.bcd(m.jurisdiction)
                    optional?.append((ISUPParameter.jurisdictionInformation, jip))
                }
                if let oli = m.oli { optional?.append((ISUPParameter.originatingLineInformation, [oli])) }
            }
        case .acm:
            out.u16le(0x1416)  // backward call indicators: charge, subscriber free, ordinary, ISUP all the way
        case .cpg:
            out.u8(m.event & 0x7F)
        case .anm, .rlc, .exm:
            break
        case .rel:
            // Cause indicators (Q.850): ext | coding ITU | location public network local user;
            // ext | cause value.
            variable.append([0x82, 0x80 | (m.cause & 0x7F)])
        case .sus, .res:
            out.u8(0x00)  // suspend/resume indicators: ISDN subscriber initiated
        case .rsc, .blo, .bla:
            optional = nil
        case .grs:
            variable.append([m.range])
            optional = nil
        case .gra, .cgb, .cgba:
            if m.type != .gra { out.u8(0x00) }  // circuit group supervision type: maintenance oriented
            // Range and status: status has one bit per circuit (range + 1 bits).
            let n = (Int(m.range) + 1 + 7) / 8
            var p: [UInt8] = [m.range]
            p.append(contentsOf: repeatElement(m.type == .gra ? 0x00 : 0xFF, count: n))
            if m.type != .gra, (Int(m.range) + 1) % 8 != 0 { p[n] &= UInt8((1 << ((Int(m.range) + 1) % 8)) - 1) }
            variable.append(p)
            optional = nil
        }
        appendParts(variable: variable, optional: optional, to: &out)
    }

    /// Pointers, mandatory variable parameters and the optional part (Q.763 1.3).
    static func appendParts(variable: [[UInt8]], optional: [(UInt8, [UInt8])]?, to out: inout [UInt8]) {
        let pointers = variable.count + (optional == nil ? 0 : 1)
        // Each pointer counts from its own octet to the first octet of its parameter.
        var next = pointers
        for (i, p) in variable.enumerated() {
            out.u8(UInt8(next - i))
            next += 1 + p.count
        }
        if let optional {
            out.u8(optional.isEmpty ? 0 : UInt8(next - variable.count))
        }
        for p in variable { out.u8(UInt8(p.count)); out.append(contentsOf: p) }
        if let optional, !optional.isEmpty {
            for (name, value) in optional { out.u8(name); out.u8(UInt8(value.count)); out.append(contentsOf: value) }
            out.u8(0)  // end of optional parameters
        }
    }

    /// A called/calling/charge number: odd/even (bit 8) and nature of address (bits 7-1), then
    /// `second` (numbering plan and indicators), then BCD digits.
    static func number(_ digits: String, nai: UInt8, second: UInt8) -> [UInt8] {
        var p: [UInt8] = [(digits.isOddLength ? 0x80 : 0) | nai, second]
        p.bcd(digits)
        return p
    }
}
