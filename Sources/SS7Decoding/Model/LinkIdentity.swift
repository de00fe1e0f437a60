/// An IPv4 or IPv6 address held inline (IPv4 in the low 32 bits of `low`), so link identities hash
/// without allocation.
public struct IPAddress: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64
    public var isIPv6: Bool

    public init(ipv4: UInt32) { high = 0; low = UInt64(ipv4); isIPv6 = false }
    public init(ipv6High: UInt64, low: UInt64) { high = ipv6High; self.low = low; isIPv6 = true }
    @inlinable init(high: UInt64, low: UInt64, isIPv6: Bool) { (self.high, self.low, self.isIPv6) = (high, low, isIPv6) }
}

extension IPAddress: CustomStringConvertible {
    public var description: String {
        if !isIPv6 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
        }
        let groups = (0..<8).map { i -> String in
            let word = i < 4 ? high >> UInt64(48 - 16 * i) : low >> UInt64(48 - 16 * (i - 4))
            return String(UInt16(truncatingIfNeeded: word), radix: 16)
        }
        return groups.joined(separator: ":")
    }
}

/// One direction of an SCTP association as seen on the wire: source and destination transport addresses.
///
/// The two addresses are stored as their words, the families as two flags after the ports: 38 octets
/// instead of two padded `IPAddress`es (46). Endpoints ride in every SCTP user message the reading
/// thread hands to the decoding one, and in every link identity.
public struct SCTPEndpoints: Hashable, Sendable {
    @usableFromInline var sourceHigh: UInt64
    @usableFromInline var sourceLow: UInt64
    @usableFromInline var destinationHigh: UInt64
    @usableFromInline var destinationLow: UInt64
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    @usableFromInline var sourceIsIPv6: Bool
    @usableFromInline var destinationIsIPv6: Bool

    public init(source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16) {
        sourceHigh = source.high
        sourceLow = source.low
        sourceIsIPv6 = source.isIPv6
        destinationHigh = destination.high
        destinationLow = destination.low
        destinationIsIPv6 = destination.isIPv6
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    public var source: IPAddress {
        get { IPAddress(high: sourceHigh, low: sourceLow, isIPv6: sourceIsIPv6) }
        set { (sourceHigh, sourceLow, sourceIsIPv6) = (newValue.high, newValue.low, newValue.isIPv6) }
    }

    public var destination: IPAddress {
        get { IPAddress(high: destinationHigh, low: destinationLow, isIPv6: destinationIsIPv6) }
        set { (destinationHigh, destinationLow, destinationIsIPv6) = (newValue.high, newValue.low, newValue.isIPv6) }
    }
}

extension SCTPEndpoints {
    /// Ports first (they differ most often), inlinable: the derived `==` is an out-of-line call, and the
    /// decoder compares endpoints for every DATA chunk.
    @inlinable
    public static func == (a: SCTPEndpoints, b: SCTPEndpoints) -> Bool {
        a.sourcePort == b.sourcePort && a.destinationPort == b.destinationPort
            && a.sourceLow == b.sourceLow && a.destinationLow == b.destinationLow
            && a.sourceHigh == b.sourceHigh && a.destinationHigh == b.destinationHigh
            && a.sourceIsIPv6 == b.sourceIsIPv6 && a.destinationIsIPv6 == b.destinationIsIPv6
    }
}

/// What the capture says about the signalling link a message crossed. Configuration maps this to a
/// link name and customer (the meter's job, not the decoder's).
public enum LinkIdentity: Hashable, Sendable {
    /// Nothing below MTP3 names the link (DLT 140/141 without a pseudo-header).
    case unknown
    /// MTP2 pseudo-header (DLT 139): link number and whether the capturing side sent the frame.
    case mtp2(link: UInt16, sent: Bool)
    /// SIGTRAN: the SCTP association's endpoints in the direction of this packet.
    case sctp(SCTPEndpoints)
}

extension LinkIdentity {
    /// Inlinable, like `SCTPEndpoints.==`: the derived one is an out-of-line call of ~70 instructions,
    /// and the meter compares the link of every message.
    @inlinable
    public static func == (a: LinkIdentity, b: LinkIdentity) -> Bool {
        switch (a, b) {
        case (.unknown, .unknown): true
        case let (.mtp2(l1, s1), .mtp2(l2, s2)): l1 == l2 && s1 == s2
        case let (.sctp(x), .sctp(y)): x == y
        default: false
        }
    }
}

extension LinkIdentity: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unknown: "-"
        case let .mtp2(link, sent): "mtp2:\(link)\(sent ? ">" : "<")"
        case let .sctp(e): "sctp:\(e.source):\(e.sourcePort)>\(e.destination):\(e.destinationPort)"
        }
    }
}

/// Which transport delivered an MTP3 message to the decoder.
public enum MTPTransport: UInt8, Sendable, Hashable {
    case mtp2, mtp3, m2pa, m2ua, m3ua

    public var name: String {
        switch self {
        case .mtp2: "mtp2"
        case .mtp3: "mtp3"
        case .m2pa: "m2pa"
        case .m2ua: "m2ua"
        case .m3ua: "m3ua"
        }
    }
}
