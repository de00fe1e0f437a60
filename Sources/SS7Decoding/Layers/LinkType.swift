/// The capture link types the decoder starts from (libpcap DLT values, as `pcap_datalink` returns them).
public enum LinkType: Sendable, Hashable {
    case ethernet                 // DLT_EN10MB 1 (802.1Q/802.1ad tags allowed)
    case linuxSLL                 // DLT_LINUX_SLL 113
    case linuxSLL2                // DLT_LINUX_SLL2 276
    case rawIP                    // DLT_RAW 12 (14 on OpenBSD, LINKTYPE_RAW 101): version nibble decides
    case ipv4                     // DLT_IPV4 228
    case ipv6                     // DLT_IPV6 229
    case null                     // DLT_NULL 0: 4-byte address family in the capturing host's byte order
    case loop                     // DLT_LOOP 108: the same in network byte order
    case mtp2WithPseudoHeader     // DLT_MTP2_WITH_PHDR 139: sent, annex A, link number, then MTP2
    case mtp2                     // DLT_MTP2 140
    case mtp3                     // DLT_MTP3 141: SIO, routing label, user part

    public init?(dlt: Int32) {
        switch dlt {
        case 1: self = .ethernet
        case 113: self = .linuxSLL
        case 276: self = .linuxSLL2
        case 12, 14, 101: self = .rawIP
        case 228: self = .ipv4
        case 229: self = .ipv6
        case 0: self = .null
        case 108: self = .loop
        case 139: self = .mtp2WithPseudoHeader
        case 140: self = .mtp2
        case 141: self = .mtp3
        default: return nil
        }
    }

    /// The error text for a capture whose link type is not one of these (`name`: libpcap's name of it).
    public static func unsupported(dlt: Int32, name: String) -> String {
        "link type \(name) (DLT \(dlt)) is not supported; supported: \(supportedNames)"
    }

    /// The DLT numbers this decoder accepts, for error messages.
    public static let supportedNames =
        "EN10MB(1), LINUX_SLL(113), LINUX_SLL2(276), RAW(12/101), IPV4(228), IPV6(229), NULL(0), LOOP(108), MTP2_WITH_PHDR(139), MTP2(140), MTP3(141)"
}
