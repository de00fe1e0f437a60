import ByteParsing
import Testing

@testable import SS7Decoding

/// Bytes of hex digits; spaces ignored.
func sccpHex(_ s: String) -> [UInt8] {
    let digits = s.unicodeScalars.filter { !$0.properties.isWhitespace }.map { Character($0) }
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// A decoded message that can outlive the buffer: `data` copied out, with its offset.
struct DecodedSCCP {
    var message: SCCPMessage
    var data: [UInt8]?
    var dataOffset: Int?
}

/// Decodes with a reader labelled as MTP3, as the MTP3 layer would hand it over.
func decodeSCCP(_ bytes: [UInt8], _ variant: SS7Variant) throws(DecodeError) -> DecodedSCCP {
    try ByteReader.withReader(over: bytes, layer: .mtp3) { (r: inout ByteReader) throws(DecodeError) -> DecodedSCCP in
        var m = try SCCPDecoder.decode(r, variant: variant)
        let data = m.data.map { Array($0.unreadBytes) }
        let offset = m.data?.offset
        m.data = nil
        return DecodedSCCP(message: m, data: data, dataOffset: offset)
    }
}

func sccpError(_ bytes: [UInt8], _ variant: SS7Variant) -> DecodeError? {
    do throws(DecodeError) {
        _ = try decodeSCCP(bytes, variant)
        return nil
    } catch {
        return error
    }
}

/// Every proper prefix of a good message must throw an SCCP DecodeError (and never trap).
func expectEveryPrefixThrows(_ bytes: [UInt8], _ variant: SS7Variant, sourceLocation: SourceLocation = #_sourceLocation) {
    for n in 0..<bytes.count {
        let error = sccpError(Array(bytes[..<n]), variant)
        #expect(error?.layer == .sccp, "prefix \(n) of \(bytes.count)", sourceLocation: sourceLocation)
    }
}

@Suite struct SCCPTests {
    // MARK: ITU UDT with global titles

    /// wiresharkwiki__gsm_map_with_ussd_string.pcap frame 1, SCCP at frame offset 79, 137 bytes.
    /// tshark: UDT class 0; called RI GT, GTI 4, SSN 147, TT 0, NP 1, NAI 4, digits 278291600;
    /// calling RI GT, GTI 4, SSN 6, TT 0, NP 1, NAI 4, digits 27829106146; TCAP at +29, 108 bytes.
    static let ussd = sccpHex("0900030d180a129300110472281906000b12060011047228196041066c626a48042f3b46026b3a2838060700118605010101a02d602b80020780a109060704000001001302be1a2818060704000001010101a00da00b80099656051124006913f66c26a12402010102013b301c04010f040eaa180da682dd6c31192d36bbdd468007917267415827f2")

    @Test func ituUDTWithGlobalTitles() throws {
        let d = try decodeSCCP(Self.ussd, .itu)
        #expect(d.message.messageType == .udt)
        #expect(d.message.messageType.mnemonic == "UDT")
        #expect(d.message.protocolClass == 0)
        #expect(d.message.calledParty == SCCPAddress(
            routesOnSSN: false, globalTitleIndicator: 4, subsystemNumber: 147, translationType: 0,
            numberingPlan: 1, natureOfAddress: 4, digits: DigitString("278291600"), nationalIndicator: false))
        #expect(d.message.callingParty == SCCPAddress(
            routesOnSSN: false, globalTitleIndicator: 4, subsystemNumber: 6, translationType: 0,
            numberingPlan: 1, natureOfAddress: 4, digits: DigitString("27829106146"), nationalIndicator: false))
        #expect(d.dataOffset == 29)
        #expect(d.data?.count == 108)
        #expect(d.message.segmentation == nil && d.message.returnCause == nil)
        expectEveryPrefixThrows(Self.ussd, .itu)
    }

    /// wiresharkwiki__camel.pcap (-o camel.tcap.ssn:146,152,200), the 5 UDTs, SCCP at frame offset 79.
    /// tshark: class 1, both addresses route on SSN with no GT; (called SSN, called PC, calling SSN,
    /// calling PC, TCAP offset, TCAP length).
    static let camel: [(hex: String, calledSSN: UInt8, calledPC: UInt32?, callingSSN: UInt8, callingPC: UInt32?, at: Int, count: Int)] = [
        ("098103070b04436400c804430a00988a628187480206f76b1e281c060700118605010101a011600f80020780a1090607040000010032016c61a15f020101020100305780012a830884111487095040f79c01029f32061487572586f9bf34148107913366020000f0a3098007313233343536379f3605a12345678f9f3707913366020000f09f3807111487085040f79f39080230900211223370", 200, 100, 152, 10, 16, 138),
        ("090103070904430a00980242c8c16581be480213b8490206f76b2a2828060700118605010101a01d611b80020780a109060704000001003201a203020100a305a1030201006c8187a165020101020117305da05b300b800104810100a203800102300b800105810100a203800102300b800106810100a203800102300b800107810101a203800102300b800109810100a203800101300b800109810100a203800102300b80010a810101a203800101a116020102020123300e8007a0058003008ca0a203800101a10602010302011f", 152, 10, 200, nil, 14, 193),
        ("09810305090242c804430a00981e651c480206f7490213b86c12a1100201020201183008800107a403800101",
         200, nil, 152, 10, 14, 30),
        ("09810305090242c804430a00983c653a4802ec0f49020d7c6c30a117020103020124040fa00da003810101a10380011a820100a115020104020118300d800109a303810101a403800100", 200, nil, 152, 10, 14, 60),
        ("090103070904430a00980242c81464124902ec0f6c0ca10a02010402011604028490", 152, 10, 200, nil, 14, 20),
    ]

    @Test func ituUDTWithPointCodes() throws {
        for c in Self.camel {
            let bytes = sccpHex(c.hex)
            let d = try decodeSCCP(bytes, .itu)
            #expect(d.message.protocolClass == 1)
            #expect(d.message.calledParty?.subsystemNumber == c.calledSSN)
            #expect(d.message.calledParty?.pointCode?.value == c.calledPC)
            #expect(d.message.calledParty?.routesOnSSN == true)
            #expect(d.message.calledParty?.globalTitleIndicator == 0)
            #expect(d.message.callingParty?.subsystemNumber == c.callingSSN)
            #expect(d.message.callingParty?.pointCode?.value == c.callingPC)
            #expect(d.message.callingParty?.digits.count == 0)
            #expect(d.dataOffset == c.at && d.data?.count == c.count)
            expectEveryPrefixThrows(bytes, .itu)
        }
    }

    // MARK: ANSI UDT, with international-coded addresses

    /// wiresharkwiki__ansi_map_win.pcap with -o mtp3.standard:ANSI, the 9 UDTs (SCCP at frame offset
    /// 90 or 106). tshark: (called SSN, called PC, calling national indicator, calling SSN, calling PC,
    /// ANSI TCAP length at +18). The calling addresses with national indicator 0 are decoded with the
    /// ITU layout: tshark shows an ITU "PC: 2312" and SSN 0.
    static let ansiWin: [(hex: String, calledSSN: UInt8, calledPC: String, callingNational: Bool, callingSSN: UInt8, callingPC: UInt32, count: Int)] = [
        ("098003080d05c30606000005430809000059e257c70400000048e84fe94dcf0101d102090ff2448107000c020000120084060100210454819503000c029601139f50060200010302089f200509090000089f7b0207309f82170120bf82180c9f8215037070189f82190103", 6, "0-0-6", false, 0, 2312, 89),
        ("098003080d05c30e0101010543080900006be269c70400000049e861e95fcf0101d1020940f2568107000c020000120084060100210454819503000c029f7b0207309f82170126bf82180c9f8215037070189f821901039f50060200010302088904fe3a2e7e880517193254819601139f821302fe209f82350300158f", 14, "1-1-1", false, 0, 2312, 107),
        ("090003080d05c30809000005c30e01010116e414c70400000049e80cea0acf0101f2059f81000101",
         8, "0-0-9", true, 14, 0x010101, 22),
        ("098003080d05c30606000005430809000059e257c7040000004ae84fe94dcf0101d102090ff2448107000c020000120084060100210454819503000c029601139f50060200010302089f200509090000089f7b0207309f82170122bf82180c9f8215037070189f82190103", 6, "0-0-6", false, 0, 2312, 89),
        ("098003080d05c30e01010105430809000081e27fc7040000004be877e975cf0101d1020940f26c8107000c020000120084060100210454819503000c029f7b0207309f82170127bf82180c9f8215037070189f821901039f50060200010302089f57060600010421439f5801178904fe3a2e7e9f5d06000021045481880517193254819601139f821302fe209f823503001599",
         14, "1-1-1", false, 0, 2312, 129),
        ("090003080d05c30809000005c30e0101011fe41dc7040000004be815ea13cf0101f20e9f810001019f8231053940000006",
         8, "0-0-9", true, 14, 0x010101, 31),
        ("098003080d05c30e01010105430809000068e166c700e862e960cf0101d1020955f2578107000c02000012008904fe3a2e7e9503000c02880517193254819f821302fe209f8235030015c19f7b0207309f82170145bf82180c9f8215037070189f821901039f210200019f5d0600002104548182020001960113",
         14, "1-1-1", false, 0, 2312, 104),
        ("098003080d05c30e0101010543080900005ce25ac7040000004de852e950cf017ad1020956f2478107000c02000012008904fe3a2e7e9503000c02880517193254819f821302fe209f8235030015f39f821701469f210200019f5d060000210454819f8234010182020001960113", 14, "1-1-1", false, 0, 2312, 92),
        ("090003080d05c30809000005c30e0101011ae418c7040000004de810ea0ecf017af2099f8231053940000006",
         8, "0-0-9", true, 14, 0x010101, 26),
    ]

    @Test func ansiUDTWithInternationalCodedCallingAddresses() throws {
        var callingSSNs: [UInt8: Int] = [:]
        var calledSSNs: [UInt8: Int] = [:]
        for c in Self.ansiWin {
            let bytes = sccpHex(c.hex)
            let d = try decodeSCCP(bytes, .ansi)
            let called = try #require(d.message.calledParty)
            let calling = try #require(d.message.callingParty)
            #expect(called.nationalIndicator && called.routesOnSSN)
            #expect(called.subsystemNumber == c.calledSSN)
            #expect(called.pointCode?.formatted(.ansi) == c.calledPC)
            #expect(calling.nationalIndicator == c.callingNational)
            #expect(calling.routesOnSSN)
            #expect(calling.subsystemNumber == c.callingSSN)
            #expect(calling.pointCode?.value == c.callingPC)
            #expect(d.dataOffset == 18 && d.data?.count == c.count)
            calledSSNs[called.subsystemNumber!, default: 0] += 1
            callingSSNs[calling.subsystemNumber!, default: 0] += 1
            expectEveryPrefixThrows(bytes, .ansi)
        }
        // The brief's tshark counts for the file.
        #expect(callingSSNs == [0: 6, 14: 3])
        #expect(calledSSNs == [14: 4, 8: 3, 6: 2])
    }

    /// wiresharkwiki__SRI_Invalid_MSISDN11.pcap with -o mtp3.standard:ANSI: 7 UDTs in 2 frames (M2PA
    /// bundles). tshark: national addresses, GTI 2 (TT only, TT 10), SSN present, no PC; (class,
    /// called RI=SSN, called SSN, called digits, calling SSN, calling digits, TCAP length at +26).
    static let sri: [(hex: String, cls: UInt8, calledOnSSN: Bool, calledSSN: UInt8, calledDigits: String, callingSSN: UInt8, callingDigits: String, count: Int)] = [
        ("0980030c1509c9060a2176437823080989080a616426823009666264480482a3d1e66b1e281c060700118605010101a011600f80020780a1090607040000010005036c3ca13a0201010201163032800791217643782bf88301008607916164268230f98704150472bdab04030205c0b10f0a0101040a0a088413217643782908",
         0, true, 6, "126734873280", 8, "164662280390", 102),
        ("0980030c150989060a4150749280020989070a61642672400820651e48048321aaeb49043d1a45bc6c10a20e02011130090201073004860205c0", 0, false, 6, "140547290820", 7, "164662270480", 32),
        ("0981030c150989930a6164261224010989060a41507492800744644249044a6600036b262824060700118605010101a0196117a109060704000001001d03a203020100a305a1030201006c12a210020101300b02014730063004a1028100",
         1, false, 147, "164662214210", 6, "140547290870", 68),
        ("0981030c150989080a6164268230090989060a4150749280022f672d490482a3d1e66b252823060700118605010101a0186416800100be11280f060704000001010101a004a4028000", 1, false, 8, "164662280390", 6, "140547290820", 47),
        ("0981030c150989070a6164267220020989060a4150749280004265404804351911154904836166166c32a1300201120201073028a726a00d04012b30083006820110840104a015040121301030068301108401043006820110840104",
         1, false, 7, "164662270220", 6, "140547290800", 66),
        ("0981030c150989080a2160130320040989060a41507492800053645149041428fdd06b262824060700118605010101a0196117a109060704000001001403a203020100a305a1030201006c21a21f02018b301a02012d3015040813200684407182f3a0098107916164268220f0", 1, false, 8, "120631300240", 6, "140547290800", 83),
        ("0981030c150989080a4140540500080989060a41507492800153645149040f2822656b262824060700118605010101a0196117a109060704000001001403a203020100a305a1030201006c21a21f02016c301a02012d3015040813200634509080f9a0098107912160138350f2", 1, false, 8, "140445500080", 6, "140547290810", 83),
    ]

    @Test func ansiUDTWithTranslationTypeGlobalTitles() throws {
        for c in Self.sri {
            let bytes = sccpHex(c.hex)
            let d = try decodeSCCP(bytes, .ansi)
            #expect(d.message.protocolClass == c.cls)
            #expect(d.message.calledParty == SCCPAddress(
                routesOnSSN: c.calledOnSSN, globalTitleIndicator: 2, subsystemNumber: c.calledSSN,
                translationType: 10, digits: DigitString(c.calledDigits), nationalIndicator: true))
            #expect(d.message.callingParty == SCCPAddress(
                routesOnSSN: false, globalTitleIndicator: 2, subsystemNumber: c.callingSSN,
                translationType: 10, digits: DigitString(c.callingDigits), nationalIndicator: true))
            #expect(d.dataOffset == 26 && d.data?.count == c.count)
            expectEveryPrefixThrows(bytes, .ansi)
        }
    }

    /// Hand-built ANSI UDTs (MTP3 SIO 0x83, ANSI routing label, written with text2pcap -l 141) and the
    /// values tshark 4.0.17 -o mtp3.standard:ANSI shows for them. tshark reads an international-coded
    /// ANSI address with the ITU indicator bits and 14-bit PC, but its GT with the ANSI GT formats.
    /// 09 80 03 0b 13           UDT, class 0 return on error, pointers
    /// 08 12 06 00 12 04 21 43 65   called: AI 0x12 (intl, route on GT, GTI 4, SSN), SSN 6, GT
    /// 08 07 08 09 07 84 21 43 05   calling: AI 0x07 (intl, GTI 1, SSN, PC), PC 0x0908, SSN 7, GT
    /// 02 01 02                 data
    static let ansiInternational = sccpHex("09 80 03 0b 13 08 12 06 00 12 04 21 43 65 08 07 08 09 07 84 21 43 05 02 01 02")
    /// 09 80 03 0a 10           UDT, pointers
    /// 07 85 06 00 11 21 43 05  called: AI 0x85 (national, GTI 1, SSN), SSN 6, TT 0, NP 1/ES 1 (odd), 12345
    /// 06 8e 09 08 07 21 43     calling: AI 0x8e (national, GTI 3, PC), PC member 9 cluster 8 network 7, GT
    /// 01 01                    data
    static let ansiNational = sccpHex("09 80 03 0a 10 07 85 06 00 11 21 43 05 06 8e 09 08 07 21 43 01 01")

    @Test func ansiGlobalTitleFormatsAsTsharkReadsThem() throws {
        let i = try decodeSCCP(Self.ansiInternational, .ansi).message
        // tshark: GTI 4, SSN 6, no TT/NP/NAI, digits 002140123456
        #expect(i.calledParty == SCCPAddress(
            routesOnSSN: false, globalTitleIndicator: 4, subsystemNumber: 6,
            digits: DigitString("002140123456"), nationalIndicator: false))
        // tshark: GTI 1, PC 2312, SSN 7, TT 0x84, NP 2, ES 1, digits 345
        #expect(i.callingParty == SCCPAddress(
            routesOnSSN: false, globalTitleIndicator: 1, subsystemNumber: 7, pointCode: PointCode(2312),
            translationType: 0x84, numberingPlan: 2, digits: DigitString("345"), nationalIndicator: false))
        let n = try decodeSCCP(Self.ansiNational, .ansi).message
        // tshark: GTI 1, SSN 6, TT 0, NP 1, ES 1, digits 12345
        #expect(n.calledParty == SCCPAddress(
            routesOnSSN: false, globalTitleIndicator: 1, subsystemNumber: 6, translationType: 0,
            numberingPlan: 1, digits: DigitString("12345"), nationalIndicator: true))
        // tshark: GTI 3 "Unknown", PC 7-8-9, digits 1234
        #expect(n.callingParty == SCCPAddress(
            routesOnSSN: false, globalTitleIndicator: 3, pointCode: PointCode(0x070809),
            digits: DigitString("1234"), nationalIndicator: true))
        #expect(n.callingParty?.pointCode?.formatted(.ansi) == "7-8-9")
        expectEveryPrefixThrows(Self.ansiInternational, .ansi)
        expectEveryPrefixThrows(Self.ansiNational, .ansi)
    }

    /// Hand-built ITU UDTs (Q.713 3.4.2.3) and what tshark 4.0.17 shows for them (text2pcap -l 141):
    /// 09 00 03 09 0f               UDT, class 0, pointers
    /// 06 06 08 84 21 43 05         called: AI 0x06 (GTI 1, SSN), SSN 8, O/E odd + NAI 4, digits
    /// 06 0e 06 00 10 21 43         calling: AI 0x0e (GTI 3, SSN), SSN 6, TT 0, NP 1 / ES 0, digits
    /// 01 01                        data
    /// tshark: called 12345 (odd), NAI 4; calling NP 1, ES "Unknown (0)", digits 123 (read as odd).
    /// 09 00 03 08 0c               UDT
    /// 05 0a 08 05 21 43            called: AI 0x0a (GTI 2, SSN), SSN 8, TT 5, digits
    /// 04 16 06 21 43               calling: AI 0x16 (GTI 5, SSN), SSN 6, GT octets
    /// 01 01
    /// tshark: called TT 5, digits 1234; calling GTI "Unknown (0x5)", digits 1234.
    @Test func ituGlobalTitleFormats() throws {
        let m1 = try decodeSCCP(sccpHex("09 00 03 09 0f 06 06 08 84 21 43 05 06 0e 06 00 10 21 43 01 01"), .itu).message
        #expect(m1.calledParty == SCCPAddress(
            globalTitleIndicator: 1, subsystemNumber: 8, natureOfAddress: 4, digits: DigitString("12345")))
        #expect(m1.callingParty == SCCPAddress(
            globalTitleIndicator: 3, subsystemNumber: 6, translationType: 0, numberingPlan: 1,
            digits: DigitString("123")))
        let m2 = try decodeSCCP(sccpHex("09 00 03 08 0c 05 0a 08 05 21 43 04 16 06 21 43 01 01"), .itu).message
        #expect(m2.calledParty == SCCPAddress(
            globalTitleIndicator: 2, subsystemNumber: 8, translationType: 5, digits: DigitString("1234")))
        #expect(m2.callingParty == SCCPAddress(
            globalTitleIndicator: 5, subsystemNumber: 6, digits: DigitString("1234")))
    }

    // MARK: Connection-oriented

    /// wiresharkwiki__umts_Mobile-Originating-Call_AMR.pcap, SCCP at frame offset 86. tshark values
    /// in the comments; both addresses: reserved bit 1, route on SSN, PC 142.
    @Test func connectionOriented() throws {
        // frame 2, CR: SLR 0x200603, class 2, called SSN 32, calling SSN 16 (optional part),
        // RANAP in the optional Data at +22, 72 bytes, End of Optional.
        let cr = sccpHex("0103062002020705c38e0020000405c38e0010000f48001340440000060003400100000f40060062f1104001003a40080062f1104001819500104012110524010340100008193254760800000081004f40032006030056400562f110000100")
        let d = try decodeSCCP(cr, .itu)
        #expect(d.message.messageType == .cr)
        #expect(d.message.sourceLocalReference == 0x200603)
        #expect(d.message.protocolClass == 2)
        #expect(d.message.calledParty == SCCPAddress(
            routesOnSSN: true, subsystemNumber: 32, pointCode: PointCode(142), nationalIndicator: true))
        #expect(d.message.callingParty == SCCPAddress(
            routesOnSSN: true, subsystemNumber: 16, pointCode: PointCode(142), nationalIndicator: true))
        #expect(d.dataOffset == 22 && d.data?.count == 72)
        expectEveryPrefixThrows(cr, .itu)

        // frame 4, CC: DLR 0x200603, SLR 0x100603, class 2, called SSN 16 (optional), End of Optional.
        let cc = sccpHex("0203062003061002010305c38e00100000")
        let c = try decodeSCCP(cc, .itu)
        #expect(c.message.messageType == .cc)
        #expect(c.message.destinationLocalReference == 0x200603)
        #expect(c.message.sourceLocalReference == 0x100603)
        #expect(c.message.protocolClass == 2)
        #expect(c.message.calledParty?.subsystemNumber == 16)
        #expect(c.message.calledParty?.pointCode == PointCode(142))
        #expect(c.data == nil)
        expectEveryPrefixThrows(cc, .itu)

        // frame 6, DT1: DLR 0x200603, no more data, RANAP at +7, 20 bytes.
        let dt1 = sccpHex("06030620000114000f4010000001001740095021436587000000f0")
        let t = try decodeSCCP(dt1, .itu)
        #expect(t.message.messageType == .dt1)
        #expect(t.message.destinationLocalReference == 0x200603)
        #expect(t.dataOffset == 7 && t.data?.count == 20)
        #expect(t.data?.first == 0x00)
        expectEveryPrefixThrows(dt1, .itu)

        // frame 294, RLSD: DLR 0x200603, SLR 0x100603, cause 0, optional pointer 0.
        let rlsd = sccpHex("040306200306100000")
        let r = try decodeSCCP(rlsd, .itu)
        #expect(r.message.messageType == .rlsd)
        #expect(r.message.destinationLocalReference == 0x200603)
        #expect(r.message.sourceLocalReference == 0x100603)
        expectEveryPrefixThrows(rlsd, .itu)

        // frame 296, RLC: DLR 0x100603, SLR 0x200603.
        let rlc = sccpHex("05030610030620")
        let l = try decodeSCCP(rlc, .itu)
        #expect(l.message.messageType == .rlc)
        #expect(l.message.messageType.mnemonic == "RLC")
        #expect(l.message.destinationLocalReference == 0x100603)
        #expect(l.message.sourceLocalReference == 0x200603)
        expectEveryPrefixThrows(rlc, .itu)
    }

    /// Q.713 4.x fixed parts of the connection-oriented messages not in the captures.
    @Test func otherConnectionOrientedTypes() throws {
        // CREF: type, DLR 3, refusal cause, optional pointer 0
        let cref = try decodeSCCP(sccpHex("03 01 02 03 00 00"), .itu).message
        #expect(cref.messageType == .cref && cref.destinationLocalReference == 0x030201)
        // DT2: type, DLR, sequencing/segmenting 2, pointer 1, data length 1, data
        let dt2 = try decodeSCCP(sccpHex("07 01 02 03 00 00 01 01 AB"), .itu)
        #expect(dt2.message.messageType == .dt2 && dt2.data == [0xAB])
        // AK: type, DLR, RSN, credit
        #expect(try decodeSCCP(sccpHex("08 01 02 03 00 05"), .itu).message.destinationLocalReference == 0x030201)
        // ED: type, DLR, pointer 1, data length 2
        #expect(try decodeSCCP(sccpHex("0B 01 02 03 01 02 CA FE"), .itu).data == [0xCA, 0xFE])
        // EA: type, DLR
        #expect(try decodeSCCP(sccpHex("0C 01 02 03"), .itu).message.messageType == .ea)
        // RSR: type, DLR, SLR, reset cause; RSC: type, DLR, SLR
        #expect(try decodeSCCP(sccpHex("0D 01 02 03 04 05 06 00"), .itu).message.sourceLocalReference == 0x060504)
        #expect(try decodeSCCP(sccpHex("0E 01 02 03 04 05 06"), .itu).message.sourceLocalReference == 0x060504)
        // ERR: type, DLR, error cause
        #expect(try decodeSCCP(sccpHex("0F 01 02 03 00"), .itu).message.messageType == .err)
        // IT: type, DLR, SLR, class, sequencing/segmenting 2, credit
        let it = try decodeSCCP(sccpHex("10 01 02 03 04 05 06 02 00 00 00"), .itu).message
        #expect(it.protocolClass == 2 && it.sourceLocalReference == 0x060504)
        for short in ["03 01 02 03 00", "08 01 02 03 00", "0D 01 02 03 04 05 06", "10 01 02 03 04 05 06 02 00 00"] {
            #expect(sccpError(sccpHex(short), .itu) == DecodeError(.sccp, .truncated, at: 0))
        }
    }

    // MARK: SCCP management

    /// wiresharkwiki__centile_m3ua.cap frame 12, SCCP at frame offset 86. tshark: UDT class 1, called
    /// and calling SSN 1 (route on SSN), SCCPMG at +12, 5 bytes: SubSystem Allowed (0x01), SSN 146.
    @Test func scmgSubsystemAllowed() throws {
        let bytes = sccpHex("0981030507024201024201050192160801")
        let d = try decodeSCCP(bytes, .itu)
        #expect(d.message.protocolClass == 1)
        #expect(d.message.calledParty?.subsystemNumber == 1)
        #expect(d.message.callingParty?.subsystemNumber == 1)
        #expect(d.dataOffset == 12 && d.data?.count == 5)
        let type = try ByteReader.withReader(over: try #require(d.data), layer: .sccp) {
            (r: inout ByteReader) throws(DecodeError) in try SCCPDecoder.managementType(r)
        }
        #expect(type == .ssa)
        #expect(type.mnemonic == "SSA")
        #expect(SCCPManagementType(rawValue: 0xFD).mnemonic == "SBR")
        #expect(SCCPManagementType(rawValue: 0x07).mnemonic == nil)
        let empty = ByteReader.withReader(over: [], layer: .sccp) { (r: inout ByteReader) -> DecodeError? in
            do throws(DecodeError) { _ = try SCCPDecoder.managementType(r); return nil } catch { return error }
        }
        #expect(empty == DecodeError(.sccp, .truncated, at: 0))
        expectEveryPrefixThrows(bytes, .itu)
    }

    // MARK: XUDT, XUDTS, LUDT (hand-built; tshark 4.0.17 decodes them as commented)

    /// XUDT (Q.713 4.18) first of two segments:
    /// 11          message type XUDT
    /// 81          protocol class 1, return message on error
    /// 0F          hop counter
    /// 04 06 08 0B pointers: called at 3+4=7, calling at 4+6=10, data at 5+8=13, optional at 6+11=17
    /// 02 42 20    called: length 2, AI 0x42 (route on SSN, SSN present), SSN 32
    /// 02 42 10    calling: length 2, AI 0x42, SSN 16
    /// 03 AA BB CC data: length 3
    /// 10 04 C1 56 34 12  Segmentation (3.17): F=1, C=1, remaining 1; local reference 0x123456
    /// 00          end of optional parameters
    static let xudt1 = sccpHex("11 81 0F 04 06 08 0B 02 42 20 02 42 10 03 AA BB CC 10 04 C1 56 34 12 00")
    /// Second segment: data DD EE, optional at 6+10=16, Segmentation F=0, C=1, remaining 0.
    static let xudt2 = sccpHex("11 81 0F 04 06 08 0A 02 42 20 02 42 10 02 DD EE 10 04 40 56 34 12 00")

    @Test func xudtWithSegmentation() throws {
        let first = try decodeSCCP(Self.xudt1, .itu)
        #expect(first.message.messageType == .xudt)
        #expect(first.message.protocolClass == 1)
        #expect(first.message.calledParty?.subsystemNumber == 32)
        #expect(first.message.callingParty?.subsystemNumber == 16)
        #expect(first.data == [0xAA, 0xBB, 0xCC])
        #expect(first.message.segmentation == SCCPSegmentation(
            isFirst: true, inSequence: true, remainingSegments: 1, localReference: 0x123456))
        let second = try decodeSCCP(Self.xudt2, .itu)
        #expect(second.message.segmentation == SCCPSegmentation(
            isFirst: false, inSequence: true, remainingSegments: 0, localReference: 0x123456))
        #expect(second.data == [0xDD, 0xEE])
        expectEveryPrefixThrows(Self.xudt1, .itu)
        expectEveryPrefixThrows(Self.xudt2, .itu)
        // The same message decodes alike as ANSI (these addresses have the national bit 0).
        #expect(try decodeSCCP(Self.xudt1, .ansi).message.segmentation?.remainingSegments == 1)
    }

    /// tshark on the two segments above: "[2 Message fragments (5 bytes): #1(3), #2(2)]", Data aabbccddee.
    @Test func xudtReassembly() throws {
        var reassembler = SCCPReassembler()
        let opc = PointCode(1)
        let r1 = try ByteReader.withReader(over: Self.xudt1, layer: .sccp) { (r: inout ByteReader) throws(DecodeError) in
            reassembler.add(try SCCPDecoder.decode(r, variant: .itu), opc: opc)
        }
        #expect(r1.outcome == .pending)
        #expect(reassembler.pendingCount == 1)
        let r2 = try ByteReader.withReader(over: Self.xudt2, layer: .sccp) { (r: inout ByteReader) throws(DecodeError) in
            reassembler.add(try SCCPDecoder.decode(r, variant: .itu), opc: opc)
        }
        #expect(r2 == SCCPReassembler.Result(outcome: .complete([0xAA, 0xBB, 0xCC, 0xDD, 0xEE]), evicted: 0, abandoned: false))
        #expect(reassembler.pendingCount == 0)
    }

    /// XUDTS (Q.713 4.19): 12 type, 01 return cause (no translation for this specific address),
    /// 0F hop counter, pointers 04 06 08, optional pointer 00, called, calling, data AA BB.
    /// tshark: Return Cause 0x01, Pointer to Optional parameter: 0.
    @Test func xudts() throws {
        let bytes = sccpHex("12 01 0F 04 06 08 00 02 42 20 02 42 10 02 AA BB")
        let d = try decodeSCCP(bytes, .itu)
        #expect(d.message.messageType == .xudts)
        #expect(d.message.returnCause == 1)
        #expect(d.message.protocolClass == nil)
        #expect(d.message.calledParty?.subsystemNumber == 32)
        #expect(d.data == [0xAA, 0xBB])
        #expect(d.message.segmentation == nil)
        expectEveryPrefixThrows(bytes, .itu)
        // UDTS (4.11): type, return cause, 3 pointers.
        let udts = try decodeSCCP(sccpHex("0A 07 03 05 07 02 42 20 02 42 10 01 AA"), .itu)
        #expect(udts.message.messageType == .udts && udts.message.returnCause == 7 && udts.data == [0xAA])
    }

    /// LUDT (Q.713 4.20), 2-octet pointers and a 2-octet Long Data length, least significant first.
    /// tshark 4.0.17 resolves a 2-octet pointer from its second octet (target = pointer + value + 1):
    /// 13 00 0F       type LUDT, class 0, hop counter
    /// 07 00          called at 3+7+1 = 11
    /// 08 00          calling at 5+8+1 = 14
    /// 09 00          long data at 7+9+1 = 17
    /// 0C 00          optional part at 9+12+1 = 22
    /// 02 42 20 / 02 42 10   called SSN 32, calling SSN 16
    /// 03 00 AA BB CC        long data, length 3
    /// 10 04 80 01 00 00     Segmentation: F=1, C=0, remaining 0, local reference 1
    /// 00
    /// tshark: SSN 32 and 16, Segmentation First, Class 0, Remaining 0, SLR 0x000001, Data aabbcc.
    static let ludt = sccpHex("13 00 0F 07 00 08 00 09 00 0C 00 02 42 20 02 42 10 03 00 AA BB CC 10 04 80 01 00 00 00")

    @Test func ludtLongPointers() throws {
        let d = try decodeSCCP(Self.ludt, .itu)
        #expect(d.message.messageType == .ludt)
        #expect(d.message.messageType.mnemonic == "LUDT")
        #expect(d.message.calledParty?.subsystemNumber == 32)
        #expect(d.message.callingParty?.subsystemNumber == 16)
        #expect(d.data == [0xAA, 0xBB, 0xCC])
        #expect(d.dataOffset == 19)
        #expect(d.message.segmentation == SCCPSegmentation(
            isFirst: true, inSequence: false, remainingSegments: 0, localReference: 1))
        expectEveryPrefixThrows(Self.ludt, .itu)
        // LUDTS (4.21): type, return cause, hop counter, 4 two-octet pointers (optional 0).
        let ludts = try decodeSCCP(sccpHex("14 01 0F 07 00 08 00 09 00 00 00 02 42 20 02 42 10 02 00 AA BB"), .ansi)
        #expect(ludts.message.messageType == .ludts && ludts.message.returnCause == 1 && ludts.data == [0xAA, 0xBB])
    }

    // MARK: Malformed input

    @Test func badPointersAndLengths() {
        // UDT whose data pointer (octet 4) leads past the end: 4+0x20.
        var b = sccpHex("0981030507024201024201050192160801")
        b[4] = 0x20
        #expect(sccpError(b, .itu) == DecodeError(.sccp, .badPointer, at: 0))
        // A mandatory pointer of zero.
        b[4] = 0x00
        #expect(sccpError(b, .itu) == DecodeError(.sccp, .badPointer, at: 0))
        // Data length (octet 11) beyond the message.
        b = sccpHex("0981030507024201024201050192160801")
        b[11] = 0x06
        #expect(sccpError(b, .itu) == DecodeError(.sccp, .badLength, at: 0))
        // Called address length 1 but the AI announces an SSN.
        b = sccpHex("09 81 03 04 05 01 42 01 01 01 AA")
        #expect(sccpError(b, .itu) == DecodeError(.sccp, .badLength, at: 0))
        // Empty called address.
        #expect(sccpError(sccpHex("09 81 03 03 04 00 00 01 AA"), .itu) == DecodeError(.sccp, .badLength, at: 0))
        // ITU GTI 4 with no room for its NP/ES octet.
        #expect(sccpError(sccpHex("09 81 03 05 07 02 12 06 01 00 01 AA"), .itu) == DecodeError(.sccp, .badLength, at: 0))
        // Optional pointer past the end.
        var x = Self.xudt1
        x[6] = 0x40
        #expect(sccpError(x, .itu) == DecodeError(.sccp, .badPointer, at: 0))
        // Segmentation parameter with length 3.
        x = sccpHex("11 81 0F 04 06 08 0B 02 42 20 02 42 10 03 AA BB CC 10 03 C1 56 34 00")
        #expect(sccpError(x, .itu) == DecodeError(.sccp, .badLength, at: 0))
        // Optional parameter length beyond the message.
        x = sccpHex("11 81 0F 04 06 08 0B 02 42 20 02 42 10 03 AA BB CC 10 09 C1 56 34 12 00")
        #expect(sccpError(x, .itu) == DecodeError(.sccp, .badLength, at: 0))
        // LUDT long data pointer past the end.
        var l = Self.ludt
        l[7] = 0xFF
        l[8] = 0xFF
        #expect(sccpError(l, .itu) == DecodeError(.sccp, .badPointer, at: 0))
        // LUDT long data length 0x0300 (little endian 00 03).
        l = Self.ludt
        l[17] = 0x00
        l[18] = 0x03
        #expect(sccpError(l, .itu) == DecodeError(.sccp, .badLength, at: 0))
    }

    @Test func errorOffsetsPointIntoTheFrame() {
        // Behind a 5-octet prefix (as an MTP3 routing label would be): the SCCP decoder is given a
        // reader whose cursor is at octet 5; a zero data pointer is reported at its own octet.
        var frame: [UInt8] = [0x83, 0x01, 0x40, 0x00, 0x00] + sccpHex("0981030507024201024201050192160801")
        frame[5 + 4] = 0x00
        let error = ByteReader.withReader(over: frame, layer: .mtp3) { (r: inout ByteReader) -> DecodeError? in
            do throws(DecodeError) {
                try r.skip(5)
                _ = try SCCPDecoder.decode(r, variant: .itu)
                return nil
            } catch { return error }
        }
        #expect(error?.reason == .badPointer)
        #expect(error?.offset == 9)
    }

    @Test func unknownMessageTypeKeepsOnlyTheType() throws {
        let d = try decodeSCCP([0x15, 0x01, 0x02], .itu)
        #expect(d.message.messageType.rawValue == 0x15)
        #expect(d.message.messageType.mnemonic == nil)
        #expect(d.message.calledParty == nil && d.data == nil)
        #expect(sccpError([], .itu) == DecodeError(.sccp, .truncated, at: 0))
    }

    /// Q.713 Table 1 codes and the acronyms tshark prints.
    @Test func messageTypeMnemonics() {
        let table: [(UInt8, String)] = [
            (0x01, "CR"), (0x02, "CC"), (0x03, "CREF"), (0x04, "RLSD"), (0x05, "RLC"), (0x06, "DT1"),
            (0x07, "DT2"), (0x08, "AK"), (0x09, "UDT"), (0x0A, "UDTS"), (0x0B, "ED"), (0x0C, "EA"),
            (0x0D, "RSR"), (0x0E, "RSC"), (0x0F, "ERR"), (0x10, "IT"), (0x11, "XUDT"), (0x12, "XUDTS"),
            (0x13, "LUDT"), (0x14, "LUDTS"),
        ]
        for (code, name) in table { #expect(SCCPMessageType(rawValue: code).mnemonic == name) }
        #expect(SCCPMessageType(rawValue: 0x00).mnemonic == nil)
        #expect(SCCPMessageType(rawValue: 0xFF).mnemonic == nil)
    }
}
