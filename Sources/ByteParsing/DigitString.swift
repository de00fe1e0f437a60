/// Up to 32 address digits (BCD nibbles) held inline, so decoding a called party number or a global
/// title allocates nothing. Longer digit strings keep their first 32 digits and set `isTruncated`.
///
/// A digit is a nibble 0...15: 0-9 are decimal digits; 10-15 are the codes Q.763/Q.713 give
/// meanings to (e.g. 11 and 12 as "code 11/12", 15 as ST). They print as hex `A`-`F`.
public struct DigitString: Hashable, Sendable {
    public static let capacity = 32

    private var low: UInt64 = 0   // digits 0..<16, digit i in bits 4i..<4i+4
    private var high: UInt64 = 0  // digits 16..<32
    // One octet, not an Int: digit strings sit inline in every decoded message (several per IAM and
    // SCCP message), which are copied a few times per message; 18 octets instead of 25 (stride 24, not 32).
    private var digitCount: UInt8 = 0
    public private(set) var isTruncated: Bool = false
    /// Number of digits held (at most `capacity`).
    public var count: Int { Int(digitCount) }

    public init() {}

    /// Builds from a string of hex digits ("5551234", "0B"); other characters are ignored.
    public init(_ text: String) {
        for ch in text.unicodeScalars {
            if let v = UInt8(String(ch), radix: 16) { append(v) }
        }
    }

    public mutating func append(_ nibble: UInt8) {
        guard count < Self.capacity else { isTruncated = true; return }
        let v = UInt64(nibble & 0x0F)
        if count < 16 { low |= v << UInt64(4 * count) } else { high |= v << UInt64(4 * (count - 16)) }
        digitCount &+= 1
    }

    public subscript(i: Int) -> UInt8 {
        precondition(i >= 0 && i < count, "digit index out of range")
        return i < 16 ? UInt8((low >> UInt64(4 * i)) & 0xF) : UInt8((high >> UInt64(4 * (i - 16))) & 0xF)
    }

    /// True when `prefix`'s digits are this string's first digits.
    public func hasPrefix(_ prefix: DigitString) -> Bool {
        guard prefix.count <= count else { return false }
        for i in 0..<prefix.count where self[i] != prefix[i] { return false }
        return true
    }

    /// Appends the digits of `byteCount` BCD octets, low nibble first (the order ISUP numbers and
    /// SCCP global titles share). With `odd`, the last octet's high nibble is filler and skipped.
    public mutating func appendBCD(
        from reader: inout ByteReader, byteCount: Int, odd: Bool
    ) throws(DecodeError) {
        var digits = try reader.readSlice(length: byteCount)
        if digitCount == 0 {
            // The usual case (a fresh string): BCD octets, low nibble first, are already this type's
            // layout (digit i in bits 4i..<4i+4), so octets are placed whole and the filler masked off.
            let total = byteCount &* 2 &- (odd && byteCount > 0 ? 1 : 0)
            let kept = min(total, Self.capacity)
            let octets = digits.unreadBytes
            var lo: UInt64 = 0
            var hi: UInt64 = 0
            for i in 0..<min(octets.count, 16) {
                let octet = UInt64(octets[i])
                if i < 8 { lo |= octet &<< UInt64(8 &* i) } else { hi |= octet &<< UInt64(8 &* (i &- 8)) }
            }
            if kept < 16 {
                lo &= (1 &<< UInt64(4 &* kept)) &- 1
                hi = 0
            } else if kept < 32 {
                hi &= (1 &<< UInt64(4 &* (kept &- 16))) &- 1
            }
            low = lo
            high = hi
            digitCount = UInt8(kept)
            isTruncated = total > Self.capacity
            return
        }
        while !digits.isEmpty {
            let octet = try digits.readUInt8()
            append(octet & 0x0F)
            if !(odd && digits.isEmpty) { append(octet >> 4) }
        }
    }
}

extension DigitString: CustomStringConvertible {
    public var description: String {
        var s = ""
        s.reserveCapacity(count)
        for i in 0..<count {
            let d = self[i]
            s.unicodeScalars.append(Unicode.Scalar(d < 10 ? 0x30 + d : 0x41 + d - 10))
        }
        return s
    }
}
