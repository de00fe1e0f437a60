import ByteParsing
import Testing
@testable import SS7Decoding

/// Parses hex text ("0f 00 01"), ignoring spaces.
private func bytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// What a sink sees of a decoded message, taken while the bytes are alive (the IAM's parameters are
/// decoded from them on demand).
private struct Decoded {
    var cic: UInt16
    var messageType: ISUPMessageType
    var initialAddress: ISUPInitialAddress?
}

private func decode(_ message: [UInt8], _ variant: SS7Variant) throws(DecodeError) -> Decoded {
    try ByteReader.withReader(over: message, layer: .mtp3) { (r: inout ByteReader) throws(DecodeError) in
        let m = try ISUPDecoder.decode(r, variant: variant)
        return Decoded(cic: m.cic, messageType: m.messageType, initialAddress: m.initialAddress)
    }
}

private func decode(_ hex: String, _ variant: SS7Variant) throws(DecodeError) -> Decoded {
    try decode(bytes(hex), variant)
}

/// The error decoding throws, or nil when it succeeds.
private func failure(_ message: [UInt8], _ variant: SS7Variant) -> DecodeError? {
    do { _ = try decode(message, variant); return nil } catch { return error }
}

/// One ISUP message (from the CIC on) with what tshark 4.0.17 decodes from it.
struct ISUPVector: Sendable, CustomTestStringConvertible {
    let source: String
    let hex: String
    let cic: UInt16
    let type: UInt8
    let mnemonic: String
    var called: String? = nil
    var calling: String? = nil
    /// The message has octets after its structure (the capture keeps a 2-octet check sequence).
    var trailing = 0
    var testDescription: String { "\(source) \(mnemonic)" }
}

// Bytes: `tshark -T json -x` field isup_raw; values: `tshark -T fields -e isup.cic -e isup.message_type
// -e isup.called -e isup.calling` on the same frames.
let ituVectors: [ISUPVector] = [
    // kancom-xdr_tester__isup.pcap, -o sctp.tsn_analysis:FALSE, frames 1-6 (each ends with 2 extra octets)
    ISUPVector(
        source: "kancom#1", hex: "0f0001112000e400020a08839009480210210f0a0703139469183091006100",
        cic: 15, type: 1, mnemonic: "IAM", called: "9084200112F", calling: "4996810319", trailing: 2),
    ISUPVector(source: "kancom#2", hex: "0f0006023400e8ab", cic: 15, type: 6, mnemonic: "ACM", trailing: 2),
    ISUPVector(source: "kancom#3", hex: "0f002c01011102163400a127", cic: 15, type: 44, mnemonic: "CPG", trailing: 2),
    ISUPVector(source: "kancom#4", hex: "0f000900145a", cic: 15, type: 9, mnemonic: "ANM", trailing: 2),
    ISUPVector(source: "kancom#5", hex: "0f000c020002849097ca", cic: 15, type: 12, mnemonic: "REL", trailing: 2),
    ISUPVector(source: "kancom#6", hex: "0f001000693a", cic: 15, type: 16, mnemonic: "RLC", trailing: 2),
    // tcpdump__tests__isup.pcap, -o "m3ua.version:Internet Draft version 6", frames 1-6
    ISUPVector(
        source: "tcpdump#1",
        hex: "d5000100a0010a02020705819084190f0a070317933393798008018003057c038890a61d038890a631020064"
            + "3f06039300060010f4056476c328813902f49000",
        cic: 213, type: 1, mnemonic: "IAM", called: "4891F", calling: "3933399708"),
    ISUPVector(source: "tcpdump#2", hex: "d5002f02000384e3f4", cic: 213, type: 47, mnemonic: "CFN"),
    ISUPVector(source: "tcpdump#3", hex: "d50006042400", cic: 213, type: 6, mnemonic: "ACM"),
    ISUPVector(source: "tcpdump#4", hex: "d5000900", cic: 213, type: 9, mnemonic: "ANM"),
    ISUPVector(source: "tcpdump#5", hex: "d5000c0200028090", cic: 213, type: 12, mnemonic: "REL"),
    ISUPVector(source: "tcpdump#6", hex: "d5001000", cic: 213, type: 16, mnemonic: "RLC"),
    // wiresharkwiki__isup_load_generator.pcap, -o mtp2.capture_contains_frame_check_sequence:TRUE
    ISUPVector(
        source: "loadgen#1", hex: "0e00011100000a03020907039040380982990a0603131773450800",
        cic: 14, type: 1, mnemonic: "IAM", called: "0483902899", calling: "71375480"),
    ISUPVector(source: "loadgen#2", hex: "0c000900", cic: 12, type: 9, mnemonic: "ANM"),
    ISUPVector(source: "loadgen#3", hex: "06000c0200028093", cic: 6, type: 12, mnemonic: "REL"),
    ISUPVector(source: "loadgen#4", hex: "06001000", cic: 6, type: 16, mnemonic: "RLC"),
    ISUPVector(
        source: "loadgen#7", hex: "3700011100000a030208060390118609270a070313407573034600",
        cic: 55, type: 1, mnemonic: "IAM", called: "11689072", calling: "0457373064"),
    ISUPVector(source: "loadgen#8", hex: "370006000400", cic: 55, type: 6, mnemonic: "ACM"),
]

// Hand-built ANSI messages (T1.113 layouts, octets commented in `ansiIAM` below), written into a
// DLT 141 pcap with ANSI routing label and decoded by `tshark -o mtp3.standard:ANSI -V`; the values
// beside them are tshark's.
let ansiIAMHex =
    "3412 01 00 2001 0a 03 06 0d 03 8090a2 07 0310 0251551032"
    + " 0a07 0311 0958552121 eb07 0310 0958552121 ea01 00 c503 22 2088 2304 22 2088 10 c403 025155 00"
let ansiVectors: [ISUPVector] = [
    ISUPVector(source: "ansi", hex: ansiIAMHex, cic: 4660, type: 1, mnemonic: "IAM",
               called: "2015550123", calling: "9085551212"),
    // CIC | ACM | backward call indicators 16 14 | no optional part; tshark: BCI 0x1614
    ISUPVector(source: "ansi", hex: "3412 06 1614 00", cic: 4660, type: 6, mnemonic: "ACM"),
    // CIC | EXM | optional part pointer 1 | outgoing trunk group number (E7) "123" IA5 | end.
    // tshark 4.0.17 names 237 "Exit" but does not walk it.
    ISUPVector(source: "ansi", hex: "3412 ed 01 e703313233 00", cic: 4660, type: 0xED, mnemonic: "EXM"),
    // CIC | CRM | nature of connection indicators 01; tshark: NCI 0x1
    ISUPVector(source: "ansi", hex: "3412 ea 01", cic: 4660, type: 0xEA, mnemonic: "CRM"),
    // CIC | REL | pointer 2 | no optional part | cause length 2: 80 90; tshark: normal call clearing (16)
    ISUPVector(source: "ansi", hex: "3412 0c 02 00 02 8090", cic: 4660, type: 12, mnemonic: "REL"),
    // ANSI RLC has no optional part pointer (packet-isup.c dissect_ansi_isup_message)
    ISUPVector(source: "ansi", hex: "3412 10", cic: 4660, type: 16, mnemonic: "RLC"),
]

@Suite struct ISUPTests {
    @Test(arguments: ituVectors)
    func ituCaptureMessages(_ v: ISUPVector) throws {
        let m = try decode(v.hex, .itu)
        #expect(m.cic == v.cic)
        #expect(m.messageType.rawValue == v.type)
        #expect(m.messageType.mnemonic(.itu) == v.mnemonic)
        #expect(m.initialAddress?.calledParty.digits.description == v.called)
        #expect(m.initialAddress?.callingParty?.digits.description == v.calling)
        #expect((m.initialAddress != nil) == (v.type == 1))
    }

    @Test(arguments: ansiVectors)
    func ansiHandBuiltMessages(_ v: ISUPVector) throws {
        let m = try decode(v.hex, .ansi)
        #expect(m.cic == v.cic)
        #expect(m.messageType.rawValue == v.type)
        #expect(m.messageType.mnemonic(.ansi) == v.mnemonic)
        #expect(m.initialAddress?.calledParty.digits.description == v.called)
        #expect(m.initialAddress?.callingParty?.digits.description == v.calling)
    }

    /// Every proper prefix of a message (without the capture's trailing octets) is a DecodeError of
    /// layer isup, never a trap and never a message.
    @Test(arguments: ituVectors.map { ($0, SS7Variant.itu) } + ansiVectors.map { ($0, SS7Variant.ansi) })
    func everyPrefixFails(_ v: ISUPVector, _ variant: SS7Variant) {
        let whole = bytes(v.hex).dropLast(v.trailing)
        for n in 0..<whole.count {
            let error = failure(Array(whole.prefix(n)), variant)
            #expect(error?.layer == .isup, "prefix \(n) of \(whole.count)")
        }
        #expect(failure(Array(whole), variant) == nil)
    }

    /// The decoder checks an IAM without decoding its digits (`checkInitialAddress`) and decodes them on
    /// demand (`initialAddress`): both must accept and refuse the same octets with the same error. Each
    /// IAM (ITU and ANSI, read as either variant) with every single octet replaced by 0x00, 0x01, 0xFF
    /// and a random value, and with every truncation.
    @Test func checkingAnIAMThrowsWhatDecodingItThrows() throws {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let iams = (ituVectors + ansiVectors).filter { $0.type == 1 }.map { bytes($0.hex) }
        for original in iams {
            var cases: [[UInt8]] = (0..<original.count).map { Array(original.prefix($0)) }
            for i in 3..<original.count {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                for value in [0x00, 0x01, 0xFF, UInt8(truncatingIfNeeded: seed >> 40)] {
                    var edited = original
                    edited[i] = value
                    cases.append(edited)
                }
            }
            for octets in cases {
                for variant in [SS7Variant.itu, .ansi] {
                    guard let layout = ISUPMessageLayout.table(variant)[1] else { continue }
                    ByteReader.withReader(over: octets, layer: .isup) { (r: inout ByteReader) in
                        guard (try? r.skip(3)) != nil else { return }
                        var checked: DecodeError?
                        var decoded: DecodeError?
                        do throws(DecodeError) { try ISUPDecoder.checkInitialAddress(r, layout: layout, variant: variant) }
                        catch { checked = error }
                        do throws(DecodeError) { _ = try ISUPDecoder.initialAddress(r, layout: layout, variant: variant) }
                        catch { decoded = error }
                        #expect(checked == decoded, "\(octets.map { String($0, radix: 16) }) \(variant)")
                    }
                }
            }
        }
    }

    /// tcpdump#1 field by field, as tshark -V shows it.
    @Test func ituIAMFields() throws {
        let iam = try #require(try decode(ituVectors[6].hex, .itu).initialAddress)
        #expect(iam.natureOfConnection == 0x00)
        #expect(iam.forwardCallIndicators == 0xA001)
        #expect(iam.callingPartyCategory == 0x0A)          // ordinary calling subscriber
        #expect(iam.transmissionMediumRequirement == 2)    // 64 kbit/s unrestricted
        #expect(iam.calledParty.natureOfAddress == 1)      // subscriber number
        #expect(iam.calledParty.numberingPlan == 1)        // E.164
        let calling = try #require(iam.callingParty)
        #expect(calling.natureOfAddress == 3)              // national (significant) number
        #expect(calling.numberingPlan == 1)
        #expect(calling.presentation == 1)                 // presentation restricted
        #expect(calling.screening == 3)                    // network provided
        // 0xEA, 0xEB, 0xC4, 0xC5 are ANSI parameters; this IAM's 0xF4 must not be read as one.
        #expect(iam.chargeNumber == nil && iam.originatingLineInformation == nil)
        #expect(iam.jurisdiction == nil && iam.carrierIdentification == nil)
    }

    /// The hand-built ANSI IAM. Octets (T1.113 IAM):
    ///   34 12        CIC 0x1234 = 4660 (low octet first; 14 bits)
    ///   01           message type IAM
    ///   00           nature of connection indicators
    ///   20 01        forward call indicators (tshark: 0x2001, ISUP used all the way)
    ///   0a           calling party's category: ordinary subscriber
    ///   03 06 0d     pointers: user service information (+3), called party number (+6), optional part (+13)
    ///   03 8090a2    USI: speech, circuit mode 64 kbit/s, G.711 u-law
    ///   07 03 10 0251551032   called party number: even, NAI 3 national, NPI 1, digits 2015550123
    ///   0a 07 03 11 0958552121   calling party number: NAI 3, NPI 1, APRI 0, screening 1, 9085551212
    ///   eb 07 03 10 0958552121   charge number: NAI 3 (ANI of the calling party; national), NPI 1
    ///   ea 01 00                 originating line information 0
    ///   c5 03 22 2088            carrier identification: TNI 2 national, NIP 2 (4 digits), 0288
    ///   23 04 22 2088 10         transit network selection: TNI 2, NIP 2, 0288, circuit code 1
    ///   c4 03 025155             jurisdiction information 201555
    ///   00                       end of optional parameters
    @Test func ansiIAMFields() throws {
        let iam = try #require(try decode(ansiIAMHex, .ansi).initialAddress)
        #expect(iam.natureOfConnection == 0)
        #expect(iam.forwardCallIndicators == 0x2001)
        #expect(iam.callingPartyCategory == 0x0A)
        #expect(iam.transmissionMediumRequirement == nil)
        #expect(iam.calledParty == ISUPPartyNumber(natureOfAddress: 3, numberingPlan: 1, digits: DigitString("2015550123")))
        #expect(iam.callingParty == ISUPPartyNumber(
            natureOfAddress: 3, numberingPlan: 1, digits: DigitString("9085551212"), presentation: 0, screening: 1))
        // tshark: "Charge number: 9085551212", NAI 3, NPI 1
        #expect(iam.chargeNumber == ISUPPartyNumber(natureOfAddress: 3, numberingPlan: 1, digits: DigitString("9085551212")))
        #expect(iam.originatingLineInformation == 0)        // tshark: Originating line info: 0
        #expect(iam.carrierIdentification == DigitString("0288"))  // tshark: Network id: 0288
        #expect(iam.transitNetworkSelection == ISUPTransitNetworkSelection(
            typeOfNetworkIdentification: 2, networkIdentificationPlan: 2,
            networkIdentification: DigitString("0288"), circuitCode: 1))  // tshark: 0288, circuit code 1
        #expect(iam.jurisdiction == DigitString("201555"))  // tshark: Jurisdiction: 201555
    }

    /// The same octets read as ITU: the CIC keeps 12 bits, octet 8 (0x03) is the TMR, and the ANSI-only
    /// parameters are not decoded.
    @Test func variantIsAParameter() throws {
        #expect(try decode("ff ff 10 00", .itu).cic == 0x0FFF)
        #expect(try decode("ff ff 10", .ansi).cic == 0x3FFF)
        let asITU = try decode(ansiIAMHex, .itu)
        #expect(asITU.cic == 0x234)
        #expect(asITU.initialAddress?.transmissionMediumRequirement == 3)
        #expect(asITU.initialAddress?.chargeNumber == nil)
        #expect(asITU.initialAddress?.jurisdiction == nil)
    }

    @Test func mnemonicsFollowTheStandards() {
        // Q.762 table 1 / T1.113 acronyms for codes named differently by tshark
        #expect(ISUPMessageType(rawValue: 0x16).mnemonic(.itu) == "UBA")
        #expect(ISUPMessageType(rawValue: 0x2D).mnemonic(.itu) == "USR")
        #expect(ISUPMessageType(rawValue: 0x37).mnemonic(.itu) == "IRS")
        #expect(ISUPMessageType.exm.mnemonic(.ansi) == "EXM")
        for (code, name) in [(0xE9, "CRA"), (0xEA, "CRM"), (0xEB, "CVR"), (0xEC, "CVT"), (0xED, "EXM")] {
            #expect(ISUPMessageType(rawValue: UInt8(code)).mnemonic(.ansi) == name)
            #expect(ISUPMessageType(rawValue: UInt8(code)).mnemonic(.itu) == nil)
        }
        #expect(ISUPMessageType(rawValue: 0x2A).mnemonic(.ansi) == "CQM")
        #expect(ISUPMessageType(rawValue: 0x2B).mnemonic(.ansi) == "CQR")
        #expect(ISUPMessageType(rawValue: 0x2E).mnemonic(.ansi) == "UCIC")
        #expect(ISUPMessageType(rawValue: 0x0A).mnemonic(.itu) == nil)  // reserved (1984 version)
        #expect(ISUPMessageType(rawValue: 0xE9).description == "0xE9")
        #expect(ISUPMessageType.iam.description == "IAM")
    }

    /// An unknown type is returned with its code whatever follows it.
    @Test func unknownMessageTypeIsNotAnError() throws {
        let m = try decode("0500 e9 ff ff", .itu)
        #expect(m.cic == 5)
        #expect(m.messageType == ISUPMessageType(rawValue: 0xE9))
        #expect(m.messageType.mnemonic(.itu) == nil)
        #expect(m.initialAddress == nil)
        #expect(try decode("0500 fe", .ansi).messageType.rawValue == 0xFE)
    }

    /// Malformed structure, each built from loadgen#1 (ITU IAM:
    /// CIC 0e00 | 01 | NCI 11 | FCI 0000 | CPC 0a | TMR 03 | ptr 02 | opt ptr 09 |
    /// called 07 03 90 4038098299 | calling 0a 06 03 13 17734508 | 00).
    @Test(arguments: [
        ("called party pointer 0", "0e00011100000a03 00 09 07039040380982990a0603131773450800", DecodeError.Reason.badPointer),
        ("called party pointer into the pointers", "0e00011100000a03 01 09 07039040380982990a0603131773450800", .badPointer),
        ("called party pointer past the end", "0e00011100000a03 40 09 07039040380982990a0603131773450800", .badPointer),
        ("called party length past the end", "0e00011100000a03 02 09 40039040380982990a0603131773450800", .badLength),
        ("called party length 1", "0e00011100000a03 02 03 0103 00", .badLength),
        ("optional pointer past the end", "0e00011100000a03 02 40 07039040380982990a0603131773450800", .badPointer),
        ("optional pointer 255 (no overflow)", "0e00011100000a03 02 ff 07039040380982990a0603131773450800", .badPointer),
        ("no end of optional parameters", "0e00011100000a03 02 09 07039040380982990a060313177345 08", .truncated),
        ("optional length past the end", "0e00011100000a03 02 09 07039040380982990a0903131773450800", .badLength),
        ("calling party length 1", "0e00011100000a03 02 09 07039040380982990a010300", .badLength),
        ("REL cause pointer past the end", "06000c 0a 00 028093", .badPointer),
        ("CGB without range and status", "0600 18 00", .truncated),
        ("PAM inside PAM", "0600 28 28 10 00", .tooDeep),
        ("PAM carrying a REL with a bad pointer", "0600 28 0c 09 00 028090", .badPointer),
    ])
    func malformedStructureIsADecodeError(_ name: String, _ hex: String, _ reason: DecodeError.Reason) {
        let error = failure(bytes(hex), .itu)
        #expect(error?.layer == .isup, "\(name)")
        #expect(error?.reason == reason, "\(name)")
    }

    @Test func passAlongCarriesAMessage() throws {
        // CIC | PAM | REL | ptr 2 | opt ptr 0 | cause 02 8090
        #expect(try decode("0600 28 0c 02 00 028090", .itu).messageType == .pam)
    }

    /// ANSI IAM with the USI pointer broken: the called party number is still found by its own pointer.
    @Test func ansiIAMPointers() {
        var broken = bytes(ansiIAMHex)
        broken[7] = 0  // USI pointer
        #expect(failure(broken, .ansi)?.reason == .badPointer)
        broken = bytes(ansiIAMHex)
        broken[8] = 1  // called party pointer now points at the optional part pointer
        #expect(failure(broken, .ansi)?.reason == .badPointer)
    }
}
