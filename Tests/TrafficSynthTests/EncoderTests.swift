import Testing
@testable import TrafficSynth

// Every expected byte below is written out by hand from the cited standard's octet layout; none
// is produced by the code under test.

@Suite struct EncoderTests {
    @Test func crc32cKnownAnswers() {
        // RFC 3720 Appendix B.4 (CRC32c test vectors, value shown as the 32-bit result).
        #expect(CRC32c.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32c.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32c.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32c.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
        // The catalogue check value of CRC-32C over ASCII "123456789".
        #expect(CRC32c.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func sctpChecksumStoredLeastSignificantFirst() {
        // RFC 9260 Appendix B: the CRC is computed with the checksum field zero and its least
        // significant octet is the first octet of the field. Ports 2905/2905, tag 1, no chunks.
        var out: [UInt8] = []
        SCTP.packet(srcPort: 2905, dstPort: 2905, verificationTag: 1, chunks: [], to: &out)
        let header: [UInt8] = [0x0B, 0x59, 0x0B, 0x59, 0, 0, 0, 1, 0, 0, 0, 0]
        let crc = CRC32c.checksum(header)
        #expect(Array(out[0..<8]) == Array(header[0..<8]))
        #expect(Array(out[8..<12]) == [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)])
    }

    @Test func ituRoutingLabel() {
        // Q.704 2.2: DPC (14 bits) | OPC (14 bits) | SLS (4 bits), least significant bit first.
        // DPC 2000 = 0x7D0, OPC 3001 = 0xBB9, SLS 5: 0x7D0 | 0xBB9 << 14 | 5 << 28 = 0x52EE47D0.
        let h = MTPHeader(si: 5, ni: 2, opc: PC(3001), dpc: PC(2000), sls: 5)
        var out: [UInt8] = []
        MTP3.appendMSU(h, .itu, userPart: [], to: &out)
        // SIO: NI 10, spare 00, SI 0101 = 0x85.
        #expect(out == [0x85, 0xD0, 0x47, 0xEE, 0x52])
    }

    @Test func ansiRoutingLabel() {
        // T1.111.4: DPC member, cluster, network; OPC member, cluster, network; SLS octet.
        // DPC 244-10-3, OPC 250-5-1, SLS 7; SIO NI 10, priority 01, SI 0011 = 0x93.
        let h = MTPHeader(si: 3, ni: 2, priority: 1, opc: .ansi(250, 5, 1), dpc: .ansi(244, 10, 3), sls: 7)
        var out: [UInt8] = []
        MTP3.appendMSU(h, .ansi, userPart: [], to: &out)
        #expect(out == [0x93, 0x03, 0x0A, 0xF4, 0x01, 0x05, 0xFA, 0x07])
    }

    @Test func ansiIAM() {
        var m = ISUPMessage(.iam, cic: 4001)
        m.called = "2125551234"
        m.calling = "9145550000"
        m.chargeNumber = "9145550000"
        m.carrier = "288"
        m.jurisdiction = "914555"
        m.oli = 0
        var out: [UInt8] = []
        ISUP.encode(m, .ansi, to: &out)
        // T1.113: CIC 4001 = 0x0FA1 (14 bits, low octet first), type IAM 0x01,
        // NCI 0x00, FCI 0x20 0x01, CPC 0x0A (ordinary),
        // pointers: USI +3, called party +6, optional part +13;
        // USI length 3: 0x80 (ITU coding, speech) 0x90 (circuit, 64 kbit/s) 0xA2 (G.711 mu-law);
        // called party length 7: even, NAI 3 national; NP ISDN 0x10; BCD 21 25 55 12 34;
        // optional: calling party 0x0A len 7 (NP ISDN, presentation allowed, network provided 0x13),
        // charge number 0xEB len 7 (ANI of calling party, national 0x03; NP ISDN 0x10),
        // carrier identification 0xC5 len 3 (TNI national 010, NIP 3-digit 0001 = 0x21; 2 88),
        // transit network selection 0x23 len 4 (the same plus circuit code octet 0x00),
        // JIP 0xC4 len 3 (914555), OLI 0xEA len 1 (0x00), end of optional parameters 0x00.
        let expected: [UInt8] = [
            0xA1, 0x0F, 0x01,
            0x00, 0x20, 0x01, 0x0A,
            0x03, 0x06, 0x0D,
            0x03, 0x80, 0x90, 0xA2,
            0x07, 0x03, 0x10, 0x12, 0x52, 0x55, 0x21, 0x43,
            0x0A, 0x07, 0x03, 0x13, 0x19, 0x54, 0x55, 0x00, 0x00,
            0xEB, 0x07, 0x03, 0x10, 0x19, 0x54, 0x55, 0x00, 0x00,
            0xC5, 0x03, 0x21, 0x82, 0x08,
            0x23, 0x04, 0x21, 0x82, 0x08, 0x00,
            0xC4, 0x03, 0x19, 0x54, 0x55,
            0xEA, 0x01, 0x00,
            0x00,
        ]
        #expect(out == expected)
    }

    @Test func ituIAMAndREL() {
        var iam = ISUPMessage(.iam, cic: 0x123)
        iam.called = "44207"
        var out: [UInt8] = []
        ISUP.encode(iam, .itu, to: &out)
        // Q.763: CIC 0x123 (12 bits), IAM, NCI 00, FCI 20 01, CPC 0A, TMR 00 (speech),
        // pointer to called party +2, pointer to optional part 0 (none);
        // called party length 5: odd, NAI 3; INN 0 NPI ISDN 0x10; BCD 44 20 7(filler 0).
        #expect(out == [0x23, 0x01, 0x01, 0x00, 0x20, 0x01, 0x0A, 0x00, 0x02, 0x00,
                        0x05, 0x83, 0x10, 0x44, 0x02, 0x07])
        var rel = ISUPMessage(.rel, cic: 7)
        rel.cause = 16
        out.removeAll()
        ISUP.encode(rel, .itu, to: &out)
        // REL: cause indicators pointer +2, optional pointer 0; cause length 2: ext, ITU coding,
        // location 0010 (public network, local user) = 0x82; ext, cause 16 = 0x90.
        #expect(out == [0x07, 0x00, 0x0C, 0x02, 0x00, 0x02, 0x82, 0x90])
    }

    @Test func circuitGroupMessages() {
        var grs = ISUPMessage(.grs, cic: 1)
        grs.range = 23
        var out: [UInt8] = []
        ISUP.encode(grs, .itu, to: &out)
        // Q.763 GRS: no optional part; pointer +1 to range and status (range only): 23 circuits + 1.
        #expect(out == [0x01, 0x00, 0x17, 0x01, 0x01, 0x17])
        var cgb = ISUPMessage(.cgb, cic: 1)
        cgb.range = 9
        out.removeAll()
        ISUP.encode(cgb, .itu, to: &out)
        // CGB: supervision type 0x00 (maintenance), pointer +1, range 9 and status for 10 circuits
        // (all blocked): 0xFF 0x03.
        #expect(out == [0x01, 0x00, 0x18, 0x00, 0x01, 0x03, 0x09, 0xFF, 0x03])
    }

    @Test func sccpAddresses() {
        var out: [UInt8] = []
        // ANSI (T1.112 3.4): national 1, route on GT 0, GTI 0010, PC absent, SSN present = 0x89;
        // SSN 247, TT 11, BCD digits.
        SCCPAddress(routeOnSSN: false, ssn: 247, gt: GlobalTitle(gti: 2, tt: 11, digits: "2125551234")).encode(.ansi, to: &out)
        #expect(out == [0x89, 0xF7, 0x0B, 0x12, 0x52, 0x55, 0x21, 0x43])
        out.removeAll()
        // ANSI: route on SSN, PC and SSN present = 0xC3; SSN then PC member, cluster, network.
        SCCPAddress(routeOnSSN: true, ssn: 250, pc: .ansi(250, 5, 1)).encode(.ansi, to: &out)
        #expect(out == [0xC3, 0xFA, 0x01, 0x05, 0xFA])
        out.removeAll()
        // ITU (Q.713 3.4): route on GT, GTI 0100, SSN present = 0x12; SSN 6; TT 0, NP E.164 with
        // ES BCD even = 0x12, NAI international 0x04, digits.
        SCCPAddress(routeOnSSN: false, ssn: 6, gt: GlobalTitle(gti: 4, tt: 0, digits: "441234567890")).encode(.itu, to: &out)
        #expect(out == [0x12, 0x06, 0x00, 0x12, 0x04, 0x44, 0x21, 0x43, 0x65, 0x87, 0x09])
        out.removeAll()
        // ITU: route on SSN, SSN and PC present = 0x43; PC 3001 (0x0BB9) low octet first; SSN 8.
        SCCPAddress(routeOnSSN: true, ssn: 8, pc: PC(3001)).encode(.itu, to: &out)
        #expect(out == [0x43, 0xB9, 0x0B, 0x08])
    }

    @Test func sccpUDTAndXUDT() {
        let cd = SCCPAddress(routeOnSSN: true, ssn: 6), cg = SCCPAddress(routeOnSSN: true, ssn: 8)
        var out: [UInt8] = []
        SCCP.encode(SCCPMessage(.udt, called: cd, calling: cg), data: [0xAA, 0xBB], .itu, to: &out)
        // Q.713 UDT: type 0x09, class 0 with return option 0x80, pointers +3 +5 +7 (each from its
        // own octet to the parameter's length octet), called (2: 0x42 06), calling (2: 0x42 08), data.
        #expect(out == [0x09, 0x80, 0x03, 0x05, 0x07, 0x02, 0x42, 0x06, 0x02, 0x42, 0x08, 0x02, 0xAA, 0xBB])
        out.removeAll()
        SCCP.encode(SCCPMessage(.xudt, called: cd, calling: cg), data: [0xAA], .itu, to: &out)
        // XUDT: type 0x11, class, hop counter 15, four pointers (optional part 0 = none).
        #expect(out == [0x11, 0x80, 0x0F, 0x04, 0x06, 0x08, 0x00, 0x02, 0x42, 0x06, 0x02, 0x42, 0x08, 0x01, 0xAA])
    }

    @Test func ansiTCAPQuery() {
        let m = TCAPMessage(.ansi(.queryWithPermission), otid: 0x0102_0304,
                            components: [.invoke(id: 1, opcode: 0x8301, parameter: nil)])
        // T1.114: QWP 0xE2 len 17 { TID 0xC7 len 4; component sequence 0xE8 len 9 { InvokeLast
        // 0xE9 len 7 { component ID 0xCF len 1 = 1; national opcode 0xD0 len 2: family 3 with
        // reply required (0x83), specifier 1 } } }.
        #expect(TCAP.encode(m) == [0xE2, 0x11, 0xC7, 0x04, 0x01, 0x02, 0x03, 0x04, 0xE8, 0x09,
                                   0xE9, 0x07, 0xCF, 0x01, 0x01, 0xD0, 0x02, 0x83, 0x01])
        let abort = TCAPMessage(.ansi(.abort), dtid: 0x0102_0304)
        // Abort 0xF6 { TID; P-Abort cause 0xD7 len 1 = 1 }.
        #expect(TCAP.encode(abort) == [0xF6, 0x09, 0xC7, 0x04, 0x01, 0x02, 0x03, 0x04, 0xD7, 0x01, 0x01])
    }

    @Test func ituTCAPBeginAndLongForm() {
        let m = TCAPMessage(.itu(.begin), otid: 0x0A0B_0C0D, components: [.invoke(id: 1, opcode: 10, parameter: nil)])
        // Q.773: Begin 0x62 len 16 { OTID 0x48 len 4; components 0x6C len 8 { Invoke 0xA1 len 6
        // { invokeID 02 01 01; local opcode 02 01 0A } } }.
        #expect(TCAP.encode(m) == [0x62, 0x10, 0x48, 0x04, 0x0A, 0x0B, 0x0C, 0x0D, 0x6C, 0x08,
                                   0xA1, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x0A])
        // X.690 8.1.3: lengths 128-255 take 0x81 n, 256-65535 take 0x82 n n.
        #expect(Array(BER.tlv(0x04, [UInt8](repeating: 0, count: 130)).prefix(3)) == [0x04, 0x81, 0x82])
        #expect(Array(BER.tlv(0x04, [UInt8](repeating: 0, count: 300)).prefix(4)) == [0x04, 0x82, 0x01, 0x2C])
        #expect(Array(BER.tlv(0x04, [UInt8](repeating: 0, count: 127)).prefix(2)) == [0x04, 0x7F])
    }

    @Test func m3uaData() {
        let h = MTPHeader(si: 5, ni: 2, opc: PC(2), dpc: PC(1), sls: 3)
        var out: [UInt8] = []
        M3UA.encode(.data(routingContext: 1, h), userPart: [1, 2, 3], to: &out)
        // RFC 4666 3.3.1: version 1, reserved, class 1 (transfer), type 1 (DATA), length 36;
        // Routing Context 0x0006 len 8 = 1; Protocol Data 0x0210 len 19: OPC 2, DPC 1, SI 5,
        // NI 2, MP 0, SLS 3, user data, one padding octet.
        #expect(out == [0x01, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x24,
                        0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01,
                        0x02, 0x10, 0x00, 0x13, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
                        0x05, 0x02, 0x00, 0x03, 0x01, 0x02, 0x03, 0x00])
        out.removeAll()
        M3UA.encode(.beat(7), to: &out)
        // BEAT: class 3 (ASPSM) type 3, Heartbeat Data 0x0009 len 8.
        #expect(out == [0x01, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x10, 0x00, 0x09, 0x00, 0x08, 0x00, 0x00, 0x00, 0x07])
    }

    @Test func sctpDataChunk() {
        var out: [UInt8] = []
        SCTP.appendDataChunk(tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: [0xAA, 0xBB, 0xCC], to: &out)
        // RFC 9260 3.3.1: type 0, flags B|E = 0x03, length 19, TSN, stream 1, SSN 0, PPID 3,
        // payload, one padding octet.
        #expect(out == [0x00, 0x03, 0x00, 0x13, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 3, 0xAA, 0xBB, 0xCC, 0x00])
    }

    @Test func mtp2HeaderAndPseudoHeader() {
        var out: [UInt8] = []
        MTP2.appendPseudoHeader(sent: true, linkNumber: 0x0102, to: &out)
        MTP2.appendHeader(bsn: 5, bib: true, fsn: 6, fib: false, li: 70, to: &out)
        // libpcap DLT_MTP2_WITH_PHDR: sent 1, annex A 0, link number big-endian; Q.703: BIB|BSN,
        // FIB|FSN, LI capped at 63.
        #expect(out == [0x01, 0x00, 0x01, 0x02, 0x85, 0x06, 0x3F])
    }

    @Test func networkManagement() {
        var out: [UInt8] = []
        NetworkManagement.tfp(PC(2203)).encode(.itu, to: &out)
        // Q.704 15.8: H1 1 H0 4 = 0x14, destination 2203 = 0x089B in 14 bits.
        #expect(out == [0x14, 0x9B, 0x08])
        out.removeAll()
        NetworkManagement.tfa(.ansi(244, 20, 3)).encode(.ansi, to: &out)
        // T1.111.4: TFA H1 5 H0 4 = 0x54, destination member, cluster, network.
        #expect(out == [0x54, 0x03, 0x14, 0xF4])
        out.removeAll()
        NetworkManagement.sltm(slc: 2, pattern: [0xA0, 0xA1]).encode(.ansi, to: &out)
        // T1.111.7: SLTM 0x11, length 2 in bits 8-5 and SLC 2 in bits 4-1, pattern.
        #expect(out == [0x11, 0x22, 0xA0, 0xA1])
        #expect(NetworkManagement.sltm(slc: 2, pattern: []).si(.ansi) == 2)
        #expect(NetworkManagement.sltm(slc: 2, pattern: []).si(.itu) == 1)
    }

    @Test func splitMix64ReferenceOutput() {
        // Reference SplitMix64 (Vigna's splitmix64.c) with state 0 yields these first outputs.
        var r = SplitMix64(seed: 0)
        #expect(r.next() == 0xE220_A839_7B1D_CDAF)
        #expect(r.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func pcapGlobalHeader() throws {
        var w = PcapWriter(sink: MemorySink(), linkType: .mtp2WithPHDR)
        try w.append([0xAB], at: Timestamp(seconds: 1, micros: 2))
        try w.flush()
        // Classic pcap: magic A1B2C3D4 (little-endian), 2.4, zone 0, sigfigs 0, snaplen 65535,
        // link type 139; record: 1 s, 2 us, lengths 1 and 1.
        #expect(w.sink.bytes == [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 139, 0, 0, 0,
                                 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0xAB])
    }
}
