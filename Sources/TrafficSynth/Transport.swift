// Below SS7: Ethernet II, IPv4 and SCTP (RFC 9260) for M3UA; the MTP2 signal units and libpcap's
// DLT 139 pseudo-header.

public enum SCTP {
    /// Payload protocol identifier of M3UA (RFC 4666 1.4.7).
    public static let m3uaPPID: UInt32 = 3

    /// A DATA chunk (RFC 9260 3.3.1): type 0, flags U=0 B=1 E=1, length (16 + payload, without
    /// padding), TSN, stream identifier, stream sequence number, PPID, payload, padding.
    public static func appendDataChunk(tsn: UInt32, stream: UInt16, ssn: UInt16, ppid: UInt32,
                                       payload: [UInt8], to out: inout [UInt8]) {
        out.u8(0); out.u8(0x03); out.u16be(UInt16(16 + payload.count))
        out.u32be(tsn); out.u16be(stream); out.u16be(ssn); out.u32be(ppid)
        out.append(contentsOf: payload)
        out.pad4()
    }

    /// A common header and the given chunks, with the CRC32c checksum filled in (RFC 9260
    /// Appendix B: computed with the field zero, the result stored least significant octet first,
    /// as the reference code does).
    public static func packet(srcPort: UInt16, dstPort: UInt16, verificationTag: UInt32, chunks: [UInt8],
                              to out: inout [UInt8]) {
        let start = out.count
        out.u16be(srcPort); out.u16be(dstPort); out.u32be(verificationTag); out.u32be(0)
        out.append(contentsOf: chunks)
        let crc = out.withUnsafeBufferPointer { CRC32c.checksum($0[start...]) }
        out[start + 8] = UInt8(truncatingIfNeeded: crc)
        out[start + 9] = UInt8(truncatingIfNeeded: crc >> 8)
        out[start + 10] = UInt8(truncatingIfNeeded: crc >> 16)
        out[start + 11] = UInt8(truncatingIfNeeded: crc >> 24)
    }
}

public enum IPv4 {
    /// Ethernet II (type 0x0800) and an IPv4 header (no options, DF, TTL 64) around `payload`.
    public static func ethernetFrame(srcMAC: UInt64, dstMAC: UInt64, src: UInt32, dst: UInt32, id: UInt16,
                                     proto: UInt8, payload: [UInt8], to out: inout [UInt8]) {
        for s in stride(from: 40, through: 0, by: -8) { out.u8(UInt8(truncatingIfNeeded: dstMAC >> UInt64(s))) }
        for s in stride(from: 40, through: 0, by: -8) { out.u8(UInt8(truncatingIfNeeded: srcMAC >> UInt64(s))) }
        out.u16be(0x0800)
        let ip = out.count
        out.u8(0x45); out.u8(0); out.u16be(UInt16(20 + payload.count)); out.u16be(id); out.u16be(0x4000)
        out.u8(64); out.u8(proto); out.u16be(0); out.u32be(src); out.u32be(dst)
        var sum: UInt32 = 0
        for i in stride(from: ip, to: ip + 20, by: 2) { sum &+= UInt32(out[i]) << 8 | UInt32(out[i + 1]) }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) &+ (sum >> 16) }
        out.set16be(~UInt16(sum), at: ip + 10)
        out.append(contentsOf: payload)
    }
}

/// MTP2 signal units (Q.703 2.2, T1.111.3): BIB|BSN, FIB|FSN, spare|LI, then the SIO and SIF
/// (MSU), a status field (LSSU), or nothing (FISU). No FCS: libpcap's MTP2 link types leave it out.
public enum MTP2 {
    /// LSSU status indications (Q.703 11.1.2).
    public enum Status: UInt8, Sendable { case sio = 0, sin = 1, sie = 2, sios = 3, sipo = 4, sib = 5 }

    /// libpcap DLT_MTP2_WITH_PHDR pseudo-header: sent (1 octet), annex A used (1 octet, 0 = no),
    /// link number (2 octets, network byte order).
    public static func appendPseudoHeader(sent: Bool, linkNumber: UInt16, to out: inout [UInt8]) {
        out.u8(sent ? 1 : 0); out.u8(0); out.u16be(linkNumber)
    }

    /// The three header octets; LI counts the octets after it, capped at 63 (Q.703 2.3.3).
    public static func appendHeader(bsn: UInt8, bib: Bool, fsn: UInt8, fib: Bool, li: Int, to out: inout [UInt8]) {
        out.u8((bib ? 0x80 : 0) | bsn & 0x7F)
        out.u8((fib ? 0x80 : 0) | fsn & 0x7F)
        out.u8(UInt8(min(li, 63)))
    }
}
