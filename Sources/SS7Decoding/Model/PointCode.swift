/// A signalling point code as carried on the wire: 14 bits (ITU MTP3), 24 bits (ANSI MTP3), or the
/// full 32-bit field of an M3UA Protocol Data parameter. How it prints depends on the variant.
public struct PointCode: Hashable, Sendable, Comparable {
    public var value: UInt32

    @inlinable public init(_ value: UInt32) { self.value = value }

    /// ANSI network, cluster and member octets (meaningful for 24-bit codes).
    public var network: UInt8 { UInt8(truncatingIfNeeded: value >> 16) }
    public var cluster: UInt8 { UInt8(truncatingIfNeeded: value >> 8) }
    public var member: UInt8 { UInt8(truncatingIfNeeded: value) }

    /// The variant's usual notation, as tshark prints it by default: ITU as a decimal integer,
    /// ANSI as `network-cluster-member`.
    public func formatted(_ variant: SS7Variant) -> String {
        switch variant {
        case .itu: String(value)
        case .ansi: "\(network)-\(cluster)-\(member)"
        }
    }

    /// ITU zone-area-point (3-8-3) notation of a 14-bit code.
    public var ituZoneAreaPoint: String {
        "\((value >> 11) & 0x7)-\((value >> 3) & 0xFF)-\(value & 0x7)"
    }

    public static func < (a: PointCode, b: PointCode) -> Bool { a.value < b.value }
}
