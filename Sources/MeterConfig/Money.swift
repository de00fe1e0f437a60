/// An exact decimal amount of money in units of 10^-9 (nano-units of the currency). Parsed from
/// text, never from floating point, so "0.0012" is exactly 1_200_000 nano-units.
public struct Money: Hashable, Sendable, Comparable {
    /// Nano-units per currency unit.
    public static let scale: Int64 = 1_000_000_000
    public static let zero = Money(nanos: 0)

    public var nanos: Int64

    public init(nanos: Int64) { self.nanos = nanos }

    /// Parses `[-]DIGITS[.DIGITS]` with 1-9 decimals ("0.0012", "12", "-0.5"); nil for anything
    /// else ("1e3", "-", ".5", "5.", "+1", "1,000", spaces, more than 9 decimals, out of range).
    public init?(_ text: String) {
        var utf8 = Substring(text).utf8[...]
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { utf8 = utf8.dropFirst() }
        let dot = utf8.firstIndex(of: UInt8(ascii: "."))
        let whole = utf8[..<(dot ?? utf8.endIndex)]
        let fraction = dot.map { utf8[utf8.index(after: $0)...] } ?? utf8[utf8.endIndex...]
        guard !whole.isEmpty, dot == nil || (1...9).contains(fraction.count) else { return nil }
        var nanos: Int64 = 0
        for c in whole {
            guard let d = Self.digit(c) else { return nil }
            let (times10, o1) = nanos.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            nanos = sum
        }
        var frac: Int64 = 0
        var unit = Self.scale
        for c in fraction {
            guard let d = Self.digit(c) else { return nil }
            unit /= 10
            frac += d * unit
        }
        let (scaled, o3) = nanos.multipliedReportingOverflow(by: Self.scale)
        let (total, o4) = scaled.addingReportingOverflow(frac)
        guard !o3, !o4 else { return nil }
        self.nanos = negative ? -total : total
    }

    private static func digit(_ c: UInt8) -> Int64? {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") ? Int64(c - UInt8(ascii: "0")) : nil
    }

    public static func < (a: Money, b: Money) -> Bool { a.nanos < b.nanos }
}

extension Money: CustomStringConvertible {
    /// Shortest exact decimal: "0.0012", "12", "-0.5".
    public var description: String {
        let magnitude = nanos.magnitude
        let scale = UInt64(Self.scale)
        var text = String(magnitude / scale)
        var fraction = magnitude % scale
        if fraction != 0 {
            var digits = 9
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let f = String(fraction)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return nanos < 0 ? "-" + text : text
    }
}
