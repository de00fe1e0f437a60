/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) as SCTP uses it (RFC 9260 Appendix B).
public enum CRC32c {
    static let table: [UInt32] = (0..<256).map { i in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
        return c
    }

    /// The CRC-32C of `bytes` (initial value all ones, final complement).
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { checksum($0[...]) }
    }

    /// The CRC-32C of a slice of a buffer.
    public static func checksum(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for b in bytes { crc = t[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        }
        return ~crc
    }
}
