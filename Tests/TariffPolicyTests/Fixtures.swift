import ByteParsing
import SS7Decoding
import TariffPolicy

// Messages are built directly as decoded values: the classifier is pure policy over them.

/// ANSI point code network-cluster-member: one octet each, network most significant (T1.111.4 2.2).
func ansi(_ n: UInt32, _ c: UInt32, _ m: UInt32) -> PointCode { PointCode(n << 16 | c << 8 | m) }

/// ITU point code zone-area-point: 3, 8 and 3 bits of the 14-bit code (Q.708).
func itu(_ z: UInt32, _ a: UInt32, _ p: UInt32) -> PointCode { PointCode(z << 11 | a << 3 | p) }

func mask(_ text: String, _ variant: SS7Variant = .ansi) -> PointCodeMask {
    guard let m = PointCodeMask(text, variant: variant) else { fatalError("bad mask \(text) in a test") }
    return m
}

func message(_ link: LinkIdentity, opc: PointCode, dpc: PointCode, si: UInt8, _ userPart: UserPart) -> SS7Message {
    SS7Message(
        transport: .mtp2, link: link, mtp: MTPTransfer(opc: opc, dpc: dpc, si: si, ni: 2, priority: 0, sls: 0),
        octets: 0, forwardSequenceNumber: nil, userPart: userPart)
}

func isup(_ type: ISUPMessageType) -> UserPart {
    // The classifier reads only the message type: an IAM is a call set-up request whatever it carries.
    .isup(ISUPMessage(cic: 17, messageType: type))
}

/// A GT-routed called party (routing indicator 0) with a translation type and digits.
func gt(tt: UInt8, digits: String = "2085551234") -> SCCPAddress {
    SCCPAddress(routesOnSSN: false, globalTitleIndicator: 2, translationType: tt, digits: DigitString(digits))
}

/// An SSN-routed called party (routing indicator 1), with or without its own point code.
func ssnRouted(_ ssn: UInt8, pc: PointCode? = nil) -> SCCPAddress {
    SCCPAddress(routesOnSSN: true, subsystemNumber: ssn, pointCode: pc)
}

func tcap(_ package: TCAPPackageType, called: SCCPAddress?, sccpType: SCCPMessageType = .udt) -> UserPart {
    var sccp = SCCPMessage(messageType: sccpType)
    sccp.protocolClass = 0
    sccp.calledParty = called
    sccp.callingParty = ssnRouted(11)
    return .sccp(sccp, tcap: TCAPMessage(packageType: package, componentCount: 1))
}

/// Service indicators (Q.704 14.2.1).
enum SI {
    static let snm: UInt8 = 0
    static let slt: UInt8 = 1
    static let sccp: UInt8 = 3
    static let isup: UInt8 = 5
}

/// The worked example's network (CHARGING-RULES.md): company STPs 244-1-0 and 244-1-1; company end
/// offices 244-10-*; LNP reached with translation type 11; customer acme owns 250-5-1 and link 1
/// (here: MTP2 link 1, whose `sent` flag marks frames from the STP). Beta (251-*-*) owns no
/// configured link on the MTP2 side, only interface eth1.
func workedExamplePlan(mtp2Sent: Direction? = .fromSTP) -> NetworkPlan {
    NetworkPlan(
        variant: .ansi,
        companySTPs: [mask("244-1-0"), mask("244-1-1")],
        companySignalingPoints: [mask("244-10-*")],
        databases: [NetworkPlan.Database(name: "lnp", translationTypes: [11])],
        customers: [
            NetworkPlan.Customer(name: "acme", pointCodes: [mask("250-5-1")]),
            NetworkPlan.Customer(name: "beta", pointCodes: [mask("251-*-*")]),
        ],
        links: [
            NetworkPlan.Link(name: "acme-1", key: .mtp2(link: 1), customer: 0, variant: .ansi, mtp2Sent: mtp2Sent),
            NetworkPlan.Link(name: "beta-eth1", key: .interface("eth1"), customer: 1, variant: .ansi),
        ])
}

/// The same network in ITU numbering: STPs 2-100-0 and 2-100-1, end offices 2-110-*, LNP by TT 11,
/// acme owns 3-50-1 and MTP2 link 1.
func ituPlan() -> NetworkPlan {
    NetworkPlan(
        variant: .itu,
        companySTPs: [mask("2-100-0", .itu), mask("2-100-1", .itu)],
        companySignalingPoints: [mask("2-110-*", .itu)],
        databases: [NetworkPlan.Database(name: "lnp", translationTypes: [11])],
        customers: [NetworkPlan.Customer(name: "acme", pointCodes: [mask("3-50-1", .itu)])],
        links: [NetworkPlan.Link(name: "acme-1", key: .mtp2(link: 1), customer: 0, variant: .itu, mtp2Sent: .fromSTP)])
}

let fromSTP = LinkIdentity.mtp2(link: 1, sent: true)
let towardSTP = LinkIdentity.mtp2(link: 1, sent: false)

func events(_ list: ChargeEvent...) -> ChargeEventSet { ChargeEventSet(list) }
