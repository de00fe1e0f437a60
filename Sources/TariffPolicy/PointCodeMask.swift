import SS7Decoding

/// A point code, or a set of point codes with wildcard components, in a variant's notation:
/// ANSI `network-cluster-member` (each 0-255), ITU `zone-area-point` (3-8-3 bits) or a decimal
/// integer (0-16383). `*` stands for any value of one component: `244-10-*`, `2-*-*`.
/// Matching is one AND and one compare, so a plan can test masks per message.
public struct PointCodeMask: Hashable, Sendable {
    /// The fixed bits; wildcard bits are zero.
    public var value: UInt32
    /// Which bits must equal `value` (including every bit above the variant's 14 or 24).
    public var mask: UInt32
    public var variant: SS7Variant

    /// An exact point code.
    public init(_ pointCode: PointCode, variant: SS7Variant) {
        self.init(value: pointCode.value, mask: .max, variant: variant)
    }

    private init(value: UInt32, mask: UInt32, variant: SS7Variant) {
        self.value = value
        // Bits above the variant's width must be zero: a 32-bit M3UA field with high bits set is
        // another code, never a match.
        self.mask = mask | (variant == .ansi ? 0xFF00_0000 : 0xFFFF_C000)
        self.variant = variant
    }

    /// Parses the variant's notation; nil when the text is not a valid code or mask for the variant.
    public init?(_ text: String, variant: SS7Variant) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Component widths in bits, most significant first.
        let widths: [Int]
        switch (variant, parts.count) {
        case (.ansi, 3): widths = [8, 8, 8]
        case (.itu, 3): widths = [3, 8, 3]
        case (.itu, 1):
            // A plain decimal ITU code (no wildcard: a mask of a decimal makes no sense).
            guard let v = Self.decimal(parts[0]), v <= 0x3FFF else { return nil }
            self.init(PointCode(v), variant: .itu)
            return
        default: return nil
        }
        var value: UInt32 = 0
        var mask: UInt32 = 0
        for (part, width) in zip(parts, widths) {
            let all = UInt32((1 << width) - 1)
            value <<= UInt32(width)
            mask <<= UInt32(width)
            if part == "*" { continue }
            guard let v = Self.decimal(part), v <= all else { return nil }
            value |= v
            mask |= all
        }
        self.init(value: value, mask: mask, variant: variant)
    }

    /// Digits only (no sign, no spaces), at most 5 of them.
    private static func decimal(_ s: Substring) -> UInt32? {
        guard !s.isEmpty, s.count <= 5, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return UInt32(s)
    }

    @inlinable public func matches(_ pc: PointCode) -> Bool { pc.value & mask == value }
}

extension PointCodeMask: CustomStringConvertible {
    /// The notation it was written in (ITU as zone-area-point when it has a wildcard, else decimal).
    public var description: String {
        let widths = variant == .ansi ? [8, 8, 8] : [3, 8, 3]
        if variant == .itu, mask == .max { return String(value) }
        var shift = widths.reduce(0, +)
        var parts: [String] = []
        for width in widths {
            shift -= width
            let all = UInt32((1 << width) - 1)
            parts.append((mask >> UInt32(shift)) & all == 0 ? "*" : String((value >> UInt32(shift)) & all))
        }
        return parts.joined(separator: "-")
    }
}

extension Array where Element == PointCodeMask {
    /// True when any mask matches (linear: plans hold a handful of masks per list).
    func anyMatches(_ pc: PointCode) -> Bool {
        for m in self where m.matches(pc) { return true }
        return false
    }
}
