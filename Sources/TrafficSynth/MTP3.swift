// MTP3 (ITU-T Q.704, ANSI T1.111): service information octet, routing label, and the MTP3 users
// that are MTP3's own: signalling network management (SI 0) and signalling link test (SI 1/2).

/// The SS7 variant a message is encoded for. Distinct layouts are separate code paths.
public enum Variant: String, Sendable, CaseIterable {
    case itu, ansi
}

/// A signalling point code: 14 bits (ITU) or 24 bits network-cluster-member (ANSI).
public struct PC: Hashable, Sendable, Comparable {
    public var value: UInt32
    public init(_ value: UInt32) { self.value = value }
    /// An ANSI point code from its network, cluster and member octets.
    public static func ansi(_ network: UInt8, _ cluster: UInt8, _ member: UInt8) -> PC {
        PC(UInt32(network) << 16 | UInt32(cluster) << 8 | UInt32(member))
    }
    /// ITU decimal, ANSI `network-cluster-member` (tshark's default notation).
    public func formatted(_ variant: Variant) -> String {
        switch variant {
        case .itu: String(value)
        case .ansi: "\(value >> 16 & 0xFF)-\(value >> 8 & 0xFF)-\(value & 0xFF)"
        }
    }
    public static func < (a: PC, b: PC) -> Bool { a.value < b.value }
}

/// Service indicator values (Q.704 14.2.1, T1.111.4).
public enum SI {
    public static let snm: UInt8 = 0, mtn: UInt8 = 1, mtns: UInt8 = 2, sccp: UInt8 = 3, isup: UInt8 = 5

    /// The summary's name for a service indicator.
    public static func name(_ si: UInt8) -> String {
        switch si {
        case 0: "SNM"
        case 1: "MTN"
        case 2: "MTNS"
        case 3: "SCCP"
        case 4: "TUP"
        case 5: "ISUP"
        case 13: "BICC"
        case 14: "GCP"
        default: "SI_\(si)"
        }
    }
}

/// What MTP3 needs to route one MSU: the SIO fields and the routing label.
public struct MTPHeader: Sendable, Equatable {
    public var si: UInt8
    /// Network indicator (2 = national, 0 = international).
    public var ni: UInt8
    /// Message priority (ANSI; ITU national use). Two bits.
    public var priority: UInt8
    public var opc: PC
    public var dpc: PC
    /// Signalling link selection: 4 bits ITU, 5 bits ANSI (written in an 8-bit field); for SNM and
    /// SLT messages this field carries the signalling link code.
    public var sls: UInt8

    public init(si: UInt8, ni: UInt8, priority: UInt8 = 0, opc: PC, dpc: PC, sls: UInt8) {
        self.si = si; self.ni = ni; self.priority = priority; self.opc = opc; self.dpc = dpc; self.sls = sls
    }
}

public enum MTP3 {
    /// SIO: NI (bits 8-7), priority or spare (bits 6-5), service indicator (bits 4-1).
    public static func sio(_ h: MTPHeader) -> UInt8 {
        (h.ni & 3) << 6 | (h.priority & 3) << 4 | (h.si & 0x0F)
    }

    /// The routing label. ITU (Q.704 2.2): one 32-bit little-endian word, DPC in bits 0-13, OPC in
    /// bits 14-27, SLS in bits 28-31. ANSI (T1.111.4): DPC member, cluster, network; OPC the same;
    /// one SLS octet.
    public static func appendLabel(_ h: MTPHeader, _ variant: Variant, to out: inout [UInt8]) {
        switch variant {
        case .itu:
            out.u32le((h.dpc.value & 0x3FFF) | (h.opc.value & 0x3FFF) << 14 | UInt32(h.sls & 0x0F) << 28)
        case .ansi:
            appendANSIPC(h.dpc, to: &out)
            appendANSIPC(h.opc, to: &out)
            out.u8(h.sls & 0x1F)
        }
    }

    /// An ANSI point code as three octets: member, cluster, network.
    static func appendANSIPC(_ pc: PC, to out: inout [UInt8]) {
        out.u8(UInt8(truncatingIfNeeded: pc.value))
        out.u8(UInt8(truncatingIfNeeded: pc.value >> 8))
        out.u8(UInt8(truncatingIfNeeded: pc.value >> 16))
    }

    /// The length of the MSU `appendMSU` writes: SIO, routing label (4 octets ITU, 7 ANSI), user part.
    public static func msuLength(_ variant: Variant, userPart: Int) -> Int {
        1 + (variant == .itu ? 4 : 7) + userPart
    }

    /// A whole MTP3 message (SIO, label, user part), the payload of DLT 141 and of an MTP2 MSU.
    public static func appendMSU(_ h: MTPHeader, _ variant: Variant, userPart: [UInt8], to out: inout [UInt8]) {
        out.u8(sio(h))
        appendLabel(h, variant, to: &out)
        out.append(contentsOf: userPart)
    }
}

/// MTP3 network management (SI 0) and signalling link test (SI 1 ITU, SI 2 ANSI) messages.
/// The first octet is H1 (high nibble) and H0 (low nibble).
public enum NetworkManagement: Sendable, Equatable {
    /// Transfer-prohibited (H0 4, H1 1) for `destination`.
    case tfp(PC)
    /// Transfer-allowed (H0 4, H1 5).
    case tfa(PC)
    /// Changeover-order (H0 1, H1 1) with the FSN of the last accepted signal unit.
    case coo(fsn: UInt8, slc: UInt8)
    /// Changeover-acknowledgement (H0 1, H1 2).
    case coa(fsn: UInt8, slc: UInt8)
    /// Signalling link test message (H0 1, H1 1 of the test user part).
    case sltm(slc: UInt8, pattern: [UInt8])
    /// Signalling link test acknowledgement (H0 1, H1 2).
    case slta(slc: UInt8, pattern: [UInt8])

    /// H1H0 octet.
    public var heading: UInt8 {
        switch self {
        case .tfp: 0x14
        case .tfa: 0x54
        case .coo, .sltm: 0x11
        case .coa, .slta: 0x21
        }
    }

    /// The service indicator that carries this message in `variant`.
    public func si(_ variant: Variant) -> UInt8 {
        switch self {
        case .tfp, .tfa, .coo, .coa: SI.snm
        case .sltm, .slta: variant == .itu ? SI.mtn : SI.mtns
        }
    }

    public var mnemonic: String {
        switch self {
        case .tfp: "TFP"
        case .tfa: "TFA"
        case .coo: "COO"
        case .coa: "COA"
        case .sltm: "SLTM"
        case .slta: "SLTA"
        }
    }

    /// The user part (after the routing label).
    public func encode(_ variant: Variant, to out: inout [UInt8]) {
        out.u8(heading)
        switch (self, variant) {
        case (.tfp(let d), .itu), (.tfa(let d), .itu):
            out.u16le(UInt16(d.value & 0x3FFF))  // Q.704 15.8: 14-bit destination, 2 spare bits
        case (.tfp(let d), .ansi), (.tfa(let d), .ansi):
            MTP3.appendANSIPC(d, to: &out)
        case (.coo(let fsn, _), .itu), (.coa(let fsn, _), .itu):
            out.u8(fsn & 0x7F)  // Q.704 15.4: FSN of last accepted signal unit, 1 spare bit
        case (.coo(let fsn, let slc), .ansi), (.coa(let fsn, let slc), .ansi):
            // T1.111.4 15.4: SLC (4 bits), FSN (7 bits), spare (5 bits), least significant first.
            out.u16le(UInt16(slc & 0x0F) | UInt16(fsn & 0x7F) << 4)
        case (.sltm(let slc, let p), _), (.slta(let slc, let p), _):
            // Q.707 / T1.111.7: test pattern length in bits 8-5; ANSI puts the SLC in bits 4-1.
            out.u8(UInt8(p.count & 0x0F) << 4 | (variant == .ansi ? slc & 0x0F : 0))
            out.append(contentsOf: p.prefix(15))
        }
    }
}
