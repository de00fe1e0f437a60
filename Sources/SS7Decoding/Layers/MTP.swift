import ByteParsing

/// MTP level 2 (Q.703) signal units and the MTP3 (Q.704 / T1.111) message header.
enum MTP2 {
    /// Splits an MTP2 signal unit. Basic format: BSN/BIB, FSN/FIB, LI (6 bits) then SIO+SIF;
    /// Annex A (extended sequence numbers): BSN/BIB 2 octets, FSN/FIB 2 octets, LI 2 octets (9 bits).
    /// LI 0 is a FISU, 1-2 an LSSU, 3 or more an MSU (LI 63 stands for "63 or more" in basic format).
    static func parse(_ reader: ByteReader, annexA: Bool, hasFCS: Bool) throws(DecodeError)
        -> (unit: MTP2SignalUnit?, fsn: UInt32, msu: ByteReader?)
    {
        var r = reader
        r.layer = .mtp2
        if hasFCS {
            guard r.remaining >= 2 else { throw r.error(.truncated) }
            r = try r.sub(from: 0, count: r.remaining - 2)
        }
        let fsn: UInt32
        let li: Int
        if annexA {
            _ = try r.readUInt16LE()
            fsn = UInt32(try r.readUInt16LE() & 0x0FFF)
            li = Int(try r.readUInt16LE() & 0x01FF)
        } else {
            _ = try r.readUInt8()
            fsn = UInt32(try r.readUInt8() & 0x7F)
            li = Int(try r.readUInt8() & 0x3F)
        }
        switch li {
        case 0:
            return (.fisu, fsn, nil)
        case 1, 2:
            return (.lssu, fsn, nil)
        default:
            // LI counts the octets after it; 63 (basic) means "63 or more", so only shorter MSUs can be checked.
            let maxLI = annexA ? 511 : 63
            if li < maxLI, li != r.remaining { throw r.error(.badLength) }
            guard r.remaining >= 3 else { throw r.error(.truncated) }
            return (nil, fsn, r.readRest())
        }
    }
}

enum MTP3 {
    /// Reads the SIO and routing label of an MTP3 message and returns the normalised transfer and the
    /// user part that follows. ITU (Q.704 2.2): 32 bits little-endian, DPC 14 | OPC 14 | SLS 4.
    /// ANSI (T1.111.4): DPC 3 octets, OPC 3 octets (member, cluster, network), SLS 1 octet.
    static func parse(_ reader: ByteReader, variant: SS7Variant, ansiSLSBits: Int)
        throws(DecodeError) -> (MTPTransfer, userPart: ByteReader)
    {
        var r = reader
        r.layer = .mtp3
        let sio = try r.readUInt8()
        let si = sio & 0x0F
        let ni = sio >> 6
        let transfer: MTPTransfer
        switch variant {
        case .itu:
            let label = try r.readUInt32LE()
            transfer = MTPTransfer(
                opc: PointCode((label >> 14) & 0x3FFF), dpc: PointCode(label & 0x3FFF), si: si, ni: ni,
                priority: 0, sls: UInt8(label >> 28))
        case .ansi:
            let dpc = try r.readUInt24LE()
            let opc = try r.readUInt24LE()
            let sls = try r.readUInt8()
            transfer = MTPTransfer(
                opc: PointCode(opc), dpc: PointCode(dpc), si: si, ni: ni, priority: (sio >> 4) & 0x3,
                sls: ansiSLSBits == 5 ? sls & 0x1F : sls)
        }
        return (transfer, r.readRest())
    }
}
