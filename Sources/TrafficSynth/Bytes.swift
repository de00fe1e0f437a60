// Append helpers over [UInt8]: the encoders build each message into a reused buffer.

extension Array where Element == UInt8 {
    @inline(__always) mutating func u8(_ v: UInt8) { append(v) }

    @inline(__always) mutating func u16be(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v >> 8)); append(UInt8(truncatingIfNeeded: v))
    }

    @inline(__always) mutating func u16le(_ v: UInt16) {
        append(UInt8(truncatingIfNeeded: v)); append(UInt8(truncatingIfNeeded: v >> 8))
    }

    @inline(__always) mutating func u32be(_ v: UInt32) {
        u16be(UInt16(truncatingIfNeeded: v >> 16)); u16be(UInt16(truncatingIfNeeded: v))
    }

    @inline(__always) mutating func u32le(_ v: UInt32) {
        u16le(UInt16(truncatingIfNeeded: v)); u16le(UInt16(truncatingIfNeeded: v >> 16))
    }

    /// Overwrites a big-endian 16-bit value at `at` (length fields filled in after the body).
    @inline(__always) mutating func set16be(_ v: UInt16, at i: Int) {
        self[i] = UInt8(truncatingIfNeeded: v >> 8); self[i &+ 1] = UInt8(truncatingIfNeeded: v)
    }

    @inline(__always) mutating func set32be(_ v: UInt32, at i: Int) {
        set16be(UInt16(truncatingIfNeeded: v >> 16), at: i); set16be(UInt16(truncatingIfNeeded: v), at: i &+ 2)
    }

    /// Packed BCD, first digit in the low nibble (Q.763, Q.713, T1.113, T1.112); an odd count gets
    /// a filler 0 in the last high nibble. Digits are ASCII '0'...'9'; anything else is an error in
    /// the caller's plan, so it traps.
    mutating func bcd(_ digits: String) {
        var low: UInt8? = nil
        for c in digits.utf8 {
            precondition(c >= 0x30 && c <= 0x39, "digit expected")
            let d = c &- 0x30
            if let l = low { append(l | d << 4); low = nil } else { low = d }
        }
        if let l = low { append(l) }
    }

    /// Pads with zero octets to a multiple of 4 (SCTP chunks, M3UA parameters).
    @inline(__always) mutating func pad4() {
        while count & 3 != 0 { append(0) }
    }
}

extension String {
    /// True when the digit count is odd (the odd/even indicator of Q.763 / T1.113 numbers).
    var isOddLength: Bool { utf8.count & 1 == 1 }
}
