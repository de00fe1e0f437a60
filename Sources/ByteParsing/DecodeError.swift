/// A decode failure: which layer, why, and where. It is a small value (no strings, no allocation) so
/// that a malformed frame costs no more than a good one; the name is built only when reported.
public struct DecodeError: Error, Hashable, Sendable {
    public var layer: Layer
    public var reason: Reason
    /// Byte offset, from the start of the buffer being decoded, where the failure was found.
    public var offset: Int32

    @inlinable
    public init(_ layer: Layer, _ reason: Reason, at offset: Int) {
        self.layer = layer
        self.reason = reason
        self.offset = Int32(truncatingIfNeeded: offset)
    }

    /// `layer.reason`, the key under which the error is counted.
    public var name: String { "\(layer.name).\(reason.name)" }

    /// Equality, like swift-asn1's, compares what went wrong, not where.
    public static func == (lhs: DecodeError, rhs: DecodeError) -> Bool {
        lhs.layer == rhs.layer && lhs.reason == rhs.reason
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(layer)
        hasher.combine(reason)
    }
}

extension DecodeError {
    /// The protocol layer a decode error belongs to; its raw name is the key in summaries and ledgers.
    public enum Layer: UInt8, Sendable, CaseIterable, Hashable {
        case capture, link, ethernet, sll, ipv4, ipv6, sctp
        case m3ua, m2pa, m2ua, mtp2, mtp3, snm, sccp, tcap, isup

        public var name: String {
            switch self {
            case .capture: "capture"
            case .link: "link"
            case .ethernet: "ethernet"
            case .sll: "sll"
            case .ipv4: "ipv4"
            case .ipv6: "ipv6"
            case .sctp: "sctp"
            case .m3ua: "m3ua"
            case .m2pa: "m2pa"
            case .m2ua: "m2ua"
            case .mtp2: "mtp2"
            case .mtp3: "mtp3"
            case .snm: "snm"
            case .sccp: "sccp"
            case .tcap: "tcap"
            case .isup: "isup"
            }
        }
    }

    /// Why a layer could not be decoded. One closed list, so every error has a stable name.
    public enum Reason: UInt8, Sendable, CaseIterable, Hashable {
        /// Fewer bytes than the format requires.
        case truncated
        /// A length field disagrees with the bytes present or with the format.
        case badLength
        /// A pointer (SCCP, ISUP) points outside the message or backwards.
        case badPointer
        /// A field holds a value the standard does not allow here.
        case badValue
        /// A version this decoder does not speak.
        case unsupportedVersion
        /// A message type or tag this decoder does not know.
        case unknownType
        /// A BER tag is not what the structure requires here.
        case unexpectedTag
        /// BER nesting deeper than the bound.
        case tooDeep
        /// A mandatory part is missing.
        case missingMandatory
        /// Bytes left over after the structure ended.
        case trailingBytes
        /// A reassembly bound (fragments, bytes, pending entries) was reached; the message is dropped.
        case reassemblyLimit
        /// Fragments that contradict each other (overlap with different bytes, bad sequence).
        case reassemblyInconsistent
        /// A link type or encapsulation that the meter does not support.
        case unsupported

        public var name: String {
            switch self {
            case .truncated: "truncated"
            case .badLength: "bad_length"
            case .badPointer: "bad_pointer"
            case .badValue: "bad_value"
            case .unsupportedVersion: "unsupported_version"
            case .unknownType: "unknown_type"
            case .unexpectedTag: "unexpected_tag"
            case .tooDeep: "too_deep"
            case .missingMandatory: "missing_mandatory"
            case .trailingBytes: "trailing_bytes"
            case .reassemblyLimit: "reassembly_limit"
            case .reassemblyInconsistent: "reassembly_inconsistent"
            case .unsupported: "unsupported"
            }
        }
    }
}

extension DecodeError: CustomStringConvertible {
    public var description: String { "\(name) at offset \(offset)" }
}
