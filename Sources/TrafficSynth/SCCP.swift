// SCCP connectionless messages (ITU-T Q.713, ANSI T1.112): UDT, XUDT, UDTS, with called and
// calling party addresses in each variant's layout.

/// A global title. Which fields are encoded depends on the GTI and the variant.
public struct GlobalTitle: Sendable, Equatable {
    /// Global title indicator: ITU 4 = TT, NP/ES, NAI, digits; ANSI 2 = TT, digits;
    /// ANSI 1 = TT, NP/ES, digits.
    public var gti: UInt8
    public var tt: UInt8
    /// Numbering plan (1 = E.164).
    public var np: UInt8 = 1
    /// Nature of address indicator (ITU GTI 4): 4 international, 3 national significant.
    public var nai: UInt8 = 4
    public var digits: String

    public init(gti: UInt8, tt: UInt8, np: UInt8 = 1, nai: UInt8 = 4, digits: String) {
        self.gti = gti; self.tt = tt; self.np = np; self.nai = nai; self.digits = digits
    }
}

/// A called or calling party address.
public struct SCCPAddress: Sendable, Equatable {
    /// Routing indicator: true = route on DPC/SSN, false = route on global title.
    public var routeOnSSN: Bool
    public var ssn: UInt8?
    public var pc: PC?
    public var gt: GlobalTitle?

    public init(routeOnSSN: Bool, ssn: UInt8? = nil, pc: PC? = nil, gt: GlobalTitle? = nil) {
        self.routeOnSSN = routeOnSSN; self.ssn = ssn; self.pc = pc; self.gt = gt
    }

    /// The address parameter value (without its length octet).
    public func encode(_ variant: Variant, to out: inout [UInt8]) {
        let gti = gt?.gti ?? 0
        switch variant {
        case .itu:
            // Q.713 3.4.1: bit 8 national use (0), bit 7 RI, bits 6-3 GTI, bit 2 SSN ind., bit 1 PC ind.
            out.u8((routeOnSSN ? 0x40 : 0) | gti << 2 | (ssn != nil ? 0x02 : 0) | (pc != nil ? 0x01 : 0))
            if let pc { out.u16le(UInt16(pc.value & 0x3FFF)) }
            if let ssn { out.u8(ssn) }
        case .ansi:
            // T1.112 3.4.1: bit 8 national (1), bit 7 RI, bits 6-3 GTI, bit 2 PC ind., bit 1 SSN ind.
            out.u8(0x80 | (routeOnSSN ? 0x40 : 0) | gti << 2 | (pc != nil ? 0x02 : 0) | (ssn != nil ? 0x01 : 0))
            if let ssn { out.u8(ssn) }
            if let pc { MTP3.appendANSIPC(pc, to: &out) }
        }
        guard let gt else { return }
        let es: UInt8 = gt.digits.isOddLength ? 1 : 2  // encoding scheme: BCD odd / even
        switch (variant, gt.gti) {
        case (.itu, 4): out.u8(gt.tt); out.u8(gt.np << 4 | es); out.u8(gt.nai & 0x7F)
        case (.itu, 2), (.ansi, 2): out.u8(gt.tt)
        case (.ansi, 1): out.u8(gt.tt); out.u8(gt.np << 4 | es)
        case (.itu, 1): out.u8((gt.digits.isOddLength ? 0x80 : 0) | gt.nai & 0x7F)
        case (.itu, 3): out.u8(gt.tt); out.u8(gt.np << 4 | es)
        default: preconditionFailure("GTI \(gt.gti) not supported for \(variant)")
        }
        out.bcd(gt.digits)
    }
}

/// SCCP connectionless message types (Q.713 Table 1).
public enum SCCPMessageType: UInt8, Sendable, CaseIterable {
    case udt = 0x09, udts = 0x0A, xudt = 0x11

    public var mnemonic: String {
        switch self {
        case .udt: "UDT"
        case .udts: "UDTS"
        case .xudt: "XUDT"
        }
    }
}

/// One connectionless SCCP message.
public struct SCCPMessage: Sendable, Equatable {
    public var type: SCCPMessageType
    public var called: SCCPAddress
    public var calling: SCCPAddress
    /// Protocol class octet (UDT, XUDT): class 0, bit 8 = return message on error.
    public var protocolClass: UInt8 = 0x80
    /// UDTS return cause (Q.713 3.12).
    public var returnCause: UInt8 = 0x01
    /// XUDT hop counter.
    public var hopCounter: UInt8 = 15

    public init(_ type: SCCPMessageType, called: SCCPAddress, calling: SCCPAddress) {
        self.type = type; self.called = called; self.calling = calling
    }
}

public enum SCCP {
    /// Encodes `m` with `data` as its user data (the MTP3 user part for SI 3).
    public static func encode(_ m: SCCPMessage, data: [UInt8], _ variant: Variant, to out: inout [UInt8]) {
        var cd: [UInt8] = [], cg: [UInt8] = []
        m.called.encode(variant, to: &cd)
        m.calling.encode(variant, to: &cg)
        precondition(cd.count < 256 && cg.count < 256 && data.count < 256, "SCCP parameter too long")
        out.u8(m.type.rawValue)
        let pointers: Int
        switch m.type {
        case .udt: out.u8(m.protocolClass); pointers = 3
        case .udts: out.u8(m.returnCause); pointers = 3
        case .xudt: out.u8(m.protocolClass); out.u8(m.hopCounter); pointers = 4
        }
        // Each pointer counts from its own octet to the parameter's length octet.
        out.u8(UInt8(pointers))
        out.u8(UInt8(pointers - 1 + 1 + cd.count))
        out.u8(UInt8(pointers - 2 + 1 + cd.count + 1 + cg.count))
        if m.type == .xudt { out.u8(0) }  // no optional part
        out.u8(UInt8(cd.count)); out.append(contentsOf: cd)
        out.u8(UInt8(cg.count)); out.append(contentsOf: cg)
        out.u8(UInt8(data.count)); out.append(contentsOf: data)
    }
}
