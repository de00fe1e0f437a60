// M3UA (RFC 4666): common header (version 1, reserved, class, type, 32-bit length including the
// header) and tag-length-value parameters padded to 4 octets (the length excludes the padding).

/// The M3UA messages the generator writes.
public enum M3UAMessage: Sendable, Equatable {
    /// Transfer DATA: Routing Context and Protocol Data (0x0210).
    case data(routingContext: UInt32, MTPHeader)
    case aspUp, aspUpAck
    case beat(UInt32), beatAck(UInt32)
    /// ASPTM ASP Active with traffic mode type (2 = loadshare) and routing context.
    case aspActive(routingContext: UInt32), aspActiveAck(routingContext: UInt32)
    /// MGMT Notify: status type 1 (AS state change), information 3 (AS-ACTIVE).
    case notify(routingContext: UInt32)
    /// SSNM Destination Available for one point code.
    case dava(routingContext: UInt32, PC)

    public var messageClass: UInt8 {
        switch self {
        case .notify: 0
        case .data: 1
        case .dava: 2
        case .aspUp, .aspUpAck, .beat, .beatAck: 3
        case .aspActive, .aspActiveAck: 4
        }
    }

    public var messageType: UInt8 {
        switch self {
        case .data, .aspUp, .aspActive, .notify: 1
        case .dava: 2
        case .beat, .aspActiveAck: 3
        case .aspUpAck: 4
        case .beatAck: 6
        }
    }

    /// CLASS/TYPE as in the expected summaries.
    public var summaryName: String {
        switch self {
        case .data: "TRANSFER/DATA"
        case .aspUp: "ASPSM/ASPUP"
        case .aspUpAck: "ASPSM/ASPUP_ACK"
        case .beat: "ASPSM/BEAT"
        case .beatAck: "ASPSM/BEAT_ACK"
        case .aspActive: "ASPTM/ASPAC"
        case .aspActiveAck: "ASPTM/ASPAC_ACK"
        case .notify: "MGMT/NTFY"
        case .dava: "SSNM/DAVA"
        }
    }
}

public enum M3UA {
    /// Encodes `m`; for DATA, `userPart` is the MTP3 user part (after the routing label).
    public static func encode(_ m: M3UAMessage, userPart: [UInt8] = [], to out: inout [UInt8]) {
        let start = out.count
        out.u8(1); out.u8(0); out.u8(m.messageClass); out.u8(m.messageType)
        out.u32be(0)  // length, set below
        switch m {
        case let .data(rc, h):
            param(0x0006, to: &out) { $0.u32be(rc) }
            param(0x0210, to: &out) {
                $0.u32be(h.opc.value); $0.u32be(h.dpc.value)
                $0.u8(h.si); $0.u8(h.ni); $0.u8(h.priority); $0.u8(h.sls)
                $0.append(contentsOf: userPart)
            }
        case .aspUp, .aspUpAck:
            break
        case let .beat(v), let .beatAck(v):
            param(0x0009, to: &out) { $0.u32be(v) }
        case let .aspActive(rc), let .aspActiveAck(rc):
            param(0x000B, to: &out) { $0.u32be(2) }
            param(0x0006, to: &out) { $0.u32be(rc) }
        case let .notify(rc):
            param(0x000D, to: &out) { $0.u16be(1); $0.u16be(3) }
            param(0x0006, to: &out) { $0.u32be(rc) }
        case let .dava(rc, pc):
            param(0x0006, to: &out) { $0.u32be(rc) }
            param(0x0012, to: &out) { $0.u8(0); $0.u8(UInt8(pc.value >> 16 & 0xFF)); $0.u16be(UInt16(pc.value & 0xFFFF)) }
        }
        out.set32be(UInt32(out.count - start), at: start + 4)
    }

    static func param(_ tag: UInt16, to out: inout [UInt8], _ body: (inout [UInt8]) -> Void) {
        let start = out.count
        out.u16be(tag); out.u16be(0)
        body(&out)
        out.set16be(UInt16(out.count - start), at: start + 2)
        out.pad4()
    }
}
