import Testing
import ByteParsing
@testable import SS7Decoding

/// A transaction ID written as tshark prints it ("06f7", "0000636a").
func tcapTID(_ hex: String) -> TCAPTransactionID {
    TCAPTransactionID(value: UInt32(hex, radix: 16)!, length: hex.count / 2)!
}

/// Decodes `bytes` handed over as SCCP hands them (a reader of another layer).
func decodeTCAP(_ bytes: [UInt8]) throws(DecodeError) -> TCAPMessage {
    try ByteReader.withReader(over: bytes, layer: .sccp) { (r: inout ByteReader) throws(DecodeError) in
        try TCAPDecoder.decode(r).materialized()  // its portions are read while the bytes are alive
    }
}

/// One TCAP message from a public capture: bytes of the `tcap`/`ansi_tcap` proto as tshark 4.0.17
/// located them (`-T pdml` pos/size), and tshark's decode of them.
// @unchecked: `expected` is a constructed TCAPMessage (values held, no view of a frame), safe to share.
struct RealTCAP: @unchecked Sendable, CustomTestStringConvertible {
    let source: String
    let bytes: [UInt8]
    let expected: TCAPMessage
    init(_ source: String, _ hex: String, _ expected: TCAPMessage) {
        self.source = source
        self.bytes = tcapHexBytes(hex)
        self.expected = expected
    }
    var testDescription: String { source }
}

/// Files under /work/shared/captures/public; options as in its INDEX.md.
let realTCAPMessages: [RealTCAP] = [
        // wiresharkwiki__camel.pcap frame 1 (-o camel.tcap.ssn:146,152,200)
        // tshark: begin, otid 06f7, dialogueRequest, components: 1 item, invoke opcode local initialDP (0)
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 1",
            "62 81 87 48 02 06 f7 6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 02 " +
            "07 80 a1 09 06 07 04 00 00 01 00 32 01 6c 61 a1 5f 02 01 01 02 01 00 30 57 80 " +
            "01 2a 83 08 84 11 14 87 09 50 40 f7 9c 01 02 9f 32 06 14 87 57 25 86 f9 bf 34 " +
            "14 81 07 91 33 66 02 00 00 f0 a3 09 80 07 31 32 33 34 35 36 37 9f 36 05 a1 23 " +
            "45 67 8f 9f 37 07 91 33 66 02 00 00 f0 9f 38 07 11 14 87 08 50 40 f7 9f 39 08 " +
            "02 30 90 02 11 22 33 70",
            TCAPMessage(
                packageType: .ituBegin, originatingTransactionID: tcapTID("06f7"), componentCount: 1,
                firstOperation: .local(0), hasDialoguePortion: true)),
        // wiresharkwiki__camel.pcap frame 2: long-form length 81 be
        // tshark: continue, otid 13b8, dtid 06f7, dialogueResponse, components: 3 items, first invoke requestReportBCSMEvent (23)
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 2",
            "65 81 be 48 02 13 b8 49 02 06 f7 6b 2a 28 28 06 07 00 11 86 05 01 01 01 a0 1d " +
            "61 1b 80 02 07 80 a1 09 06 07 04 00 00 01 00 32 01 a2 03 02 01 00 a3 05 a1 03 " +
            "02 01 00 6c 81 87 a1 65 02 01 01 02 01 17 30 5d a0 5b 30 0b 80 01 04 81 01 00 " +
            "a2 03 80 01 02 30 0b 80 01 05 81 01 00 a2 03 80 01 02 30 0b 80 01 06 81 01 00 " +
            "a2 03 80 01 02 30 0b 80 01 07 81 01 01 a2 03 80 01 02 30 0b 80 01 09 81 01 00 " +
            "a2 03 80 01 01 30 0b 80 01 09 81 01 00 a2 03 80 01 02 30 0b 80 01 0a 81 01 01 " +
            "a2 03 80 01 01 a1 16 02 01 02 02 01 23 30 0e 80 07 a0 05 80 03 00 8c a0 a2 03 " +
            "80 01 01 a1 06 02 01 03 02 01 1f",
            TCAPMessage(
                packageType: .ituContinue, originatingTransactionID: tcapTID("13b8"),
                destinationTransactionID: tcapTID("06f7"), componentCount: 3, firstOperation: .local(23),
                hasDialoguePortion: true)),
        // wiresharkwiki__camel.pcap frame 3
        // tshark: continue, otid 06f7, dtid 13b8, components: 1 item, invoke eventReportBCSM (24)
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 3",
            "65 1c 48 02 06 f7 49 02 13 b8 6c 12 a1 10 02 01 02 02 01 18 30 08 80 01 07 a4 " +
            "03 80 01 01",
            TCAPMessage(
                packageType: .ituContinue, originatingTransactionID: tcapTID("06f7"),
                destinationTransactionID: tcapTID("13b8"), componentCount: 1, firstOperation: .local(24))),
        // wiresharkwiki__camel.pcap frame 4
        // tshark: continue, otid ec0f, dtid 0d7c, components: 2 items, first invoke applyChargingReport (36)
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 4",
            "65 3a 48 02 ec 0f 49 02 0d 7c 6c 30 a1 17 02 01 03 02 01 24 04 0f a0 0d a0 03 " +
            "81 01 01 a1 03 80 01 1a 82 01 00 a1 15 02 01 04 02 01 18 30 0d 80 01 09 a3 03 " +
            "81 01 01 a4 03 80 01 00",
            TCAPMessage(
                packageType: .ituContinue, originatingTransactionID: tcapTID("ec0f"),
                destinationTransactionID: tcapTID("0d7c"), componentCount: 2, firstOperation: .local(36))),
        // wiresharkwiki__camel.pcap frame 5
        // tshark: end, dtid ec0f, components: 1 item, invoke releaseCall (22)
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 5",
            "64 12 49 02 ec 0f 6c 0c a1 0a 02 01 04 02 01 16 04 02 84 90",
            TCAPMessage(
                packageType: .ituEnd, destinationTransactionID: tcapTID("ec0f"), componentCount: 1,
                firstOperation: .local(22))),
        // timkam-ss7-firewall-rule-mining__test_pcap__test_long_length_in_dialogue.pcap frame 1: indefinite lengths in the dialogue and component portions
        // tshark: end, dtid 00000663, dialogueResponse, components: 1 item (returnResultLast, invokeID 0)
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_long_length_in_dialogue.pcap frame 1",
            "64 4b 49 04 00 00 06 63 6b 80 28 80 06 07 00 11 86 05 01 01 01 a0 80 61 80 80 " +
            "02 07 80 a1 80 06 07 04 00 00 01 00 02 03 00 00 a2 80 02 01 00 00 00 a3 80 a1 " +
            "80 02 01 00 00 00 00 00 00 00 00 00 00 00 00 00 6c 07 a2 80 02 01 00 00 00",
            TCAPMessage(
                packageType: .ituEnd, destinationTransactionID: tcapTID("00000663"), componentCount: 1,
                hasDialoguePortion: true)),
        // timkam-ss7-firewall-rule-mining__test_pcap__test_unknown_tcap_tag.pcap frame 1: long-form length 81 98, invokeID d7 (-41)
        // tshark: continue, otid 00006385, dtid 03f805fe, dialogueResponse, components: 1 item (returnResultLast)
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_unknown_tcap_tag.pcap frame 1",
            "65 81 98 48 04 00 00 63 85 49 04 03 f8 05 fe 6b 26 28 24 06 07 00 11 86 05 01 " +
            "01 01 a0 19 61 17 a1 09 06 07 04 00 00 01 00 0e 03 a2 03 02 01 00 a3 05 a1 03 " +
            "02 01 00 6c 62 a2 60 02 01 d7 30 5b 02 01 38 a3 56 a1 54 30 52 04 10 cf 21 40 " +
            "5a bc a4 41 d9 b4 07 08 5d 4a 7c 32 5d 04 08 c5 da f8 8b 62 76 7d c8 04 10 e0 " +
            "d0 fa 8a 32 a4 8a cf 6c a8 a7 93 6f 02 19 ef 04 10 9d 0d f7 e2 10 e4 cf 97 fc " +
            "3f 70 b6 e3 59 c4 48 04 10 84 c4 eb c9 ed b4 80 00 76 77 ad 3b 6e d6 a2 27",
            TCAPMessage(
                packageType: .ituContinue, originatingTransactionID: tcapTID("00006385"),
                destinationTransactionID: tcapTID("03f805fe"), componentCount: 1, hasDialoguePortion: true)),
        // timkam-ss7-firewall-rule-mining__test_pcap__test_continue.pcap frame 1
        // tshark: continue, otid e1140b71, dtid 00006365, components: 1 item, invoke sendAuthenticationInfo (56)
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_continue.pcap frame 1",
            "65 16 48 04 e1 14 0b 71 49 04 00 00 63 65 6c 08 a1 06 02 01 03 02 01 38",
            TCAPMessage(
                packageType: .ituContinue, originatingTransactionID: tcapTID("e1140b71"),
                destinationTransactionID: tcapTID("00006365"), componentCount: 1, firstOperation: .local(56))),
        // timkam-ss7-firewall-rule-mining__invokeUpdate.pcap frame 1: a 3-octet OTID
        // tshark: begin, otid 25c60f, dialogueRequest, components: 1 item, invoke updateLocation (2)
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__invokeUpdate.pcap frame 1",
            "62 5d 48 03 25 c6 0f 6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 02 " +
            "07 80 a1 09 06 07 04 00 00 01 00 01 03 6c 36 a1 34 02 01 01 02 01 02 30 2c 04 " +
            "08 54 04 60 01 07 31 04 f5 81 06 91 68 31 52 14 93 04 06 91 68 31 52 14 93 8a " +
            "04 05 3b 46 00 a6 0a 80 02 06 c0 84 00 85 02 06 c0",
            TCAPMessage(
                packageType: .ituBegin, originatingTransactionID: tcapTID("25c60f"), componentCount: 1,
                firstOperation: .local(2), hasDialoguePortion: true)),
        // wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 1, first message (-o mtp3.standard:ANSI)
        // tshark: begin, otid 82a3d1e6, dialogueRequest, components: 1 item, invoke sendRoutingInfo (22)
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 1, first message",
            "62 64 48 04 82 a3 d1 e6 6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 " +
            "02 07 80 a1 09 06 07 04 00 00 01 00 05 03 6c 3c a1 3a 02 01 01 02 01 16 30 32 " +
            "80 07 91 21 76 43 78 2b f8 83 01 00 86 07 91 61 64 26 82 30 f9 87 04 15 04 72 " +
            "bd ab 04 03 02 05 c0 b1 0f 0a 01 01 04 0a 0a 08 84 13 21 76 43 78 29 08",
            TCAPMessage(
                packageType: .ituBegin, originatingTransactionID: tcapTID("82a3d1e6"), componentCount: 1,
                firstOperation: .local(22), hasDialoguePortion: true)),
        // wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 1, second message
        // tshark: continue, otid 8321aaeb, dtid 3d1a45bc, components: 1 item (returnResultLast)
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 1, second message",
            "65 1e 48 04 83 21 aa eb 49 04 3d 1a 45 bc 6c 10 a2 0e 02 01 11 30 09 02 01 07 " +
            "30 04 86 02 05 c0",
            TCAPMessage(
                packageType: .ituContinue, originatingTransactionID: tcapTID("8321aaeb"),
                destinationTransactionID: tcapTID("3d1a45bc"), componentCount: 1)),
        // wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 2, second message
        // tshark: abort, dtid 82a3d1e6, reason: u-abortCause (dialogue portion with dialogueAbort)
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 2, second message",
            "67 2d 49 04 82 a3 d1 e6 6b 25 28 23 06 07 00 11 86 05 01 01 01 a0 18 64 16 80 " +
            "01 00 be 11 28 0f 06 07 04 00 00 01 01 01 01 a0 04 a4 02 80 00",
            TCAPMessage(packageType: .ituAbort, destinationTransactionID: tcapTID("82a3d1e6"), hasDialoguePortion: true)),
        // wiresharkwiki__packlog-example.cap frame 3 (-d udp.port==7890,syslog; the Encapsulated MSU)
        // tshark: abort, dtid 00905956, reason: u-abortCause (dialogueResponse)
        RealTCAP(
            "wiresharkwiki__packlog-example.cap frame 3",
            "67 2e 49 04 00 90 59 56 6b 26 28 24 06 07 00 11 86 05 01 01 01 a0 19 61 17 a1 " +
            "09 06 07 04 00 00 01 00 19 02 a2 03 02 01 01 a3 05 a1 03 02 01 02",
            TCAPMessage(packageType: .ituAbort, destinationTransactionID: tcapTID("00905956"), hasDialoguePortion: true)),
        // wiresharkwiki__packlog-example.cap frame 4
        // tshark: begin, otid 005d6add, dialogueRequest, no component portion
        RealTCAP(
            "wiresharkwiki__packlog-example.cap frame 4",
            "62 26 48 04 00 5d 6a dd 6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 " +
            "02 07 80 a1 09 06 07 04 00 00 01 00 19 02",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("005d6add"), hasDialoguePortion: true)),
        // wiresharkwiki__packlog-example.cap frame 5
        // tshark: end, dtid 00305924, components: 1 item (returnError systemFailure)
        RealTCAP(
            "wiresharkwiki__packlog-example.cap frame 5",
            "64 10 49 04 00 30 59 24 6c 08 a3 06 02 01 01 02 01 22",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("00305924"), componentCount: 1)),
        // wiresharkwiki__ansi_map_win.pcap frame 1 (-o mtp3.standard:ANSI)
        // tshark: queryWithPerm, identifier 00000048, componentPortion: 1 item, invokeLast, private: 2319 Location Request
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 1",
            "e2 57 c7 04 00 00 00 48 e8 4f e9 4d cf 01 01 d1 02 09 0f f2 44 81 07 00 0c 02 " +
            "00 00 12 00 84 06 01 00 21 04 54 81 95 03 00 0c 02 96 01 13 9f 50 06 02 00 01 " +
            "03 02 08 9f 20 05 09 09 00 00 08 9f 7b 02 07 30 9f 82 17 01 20 bf 82 18 0c 9f " +
            "82 15 03 70 70 18 9f 82 19 01 03",
            TCAPMessage(
                packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("00000048"), componentCount: 1,
                firstOperation: .ansiPrivate(2319))),
        // wiresharkwiki__ansi_map_win.pcap frame 3
        // tshark: response, identifier 00000049, componentPortion: 1 item, returnResultLast
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 3",
            "e4 14 c7 04 00 00 00 49 e8 0c ea 0a cf 01 01 f2 05 9f 81 00 01 01",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("00000049"), componentCount: 1)),
        // wiresharkwiki__ansi_map_win.pcap frame 7: empty transaction ID (c7 00)
        // tshark: unidirectional, identifier <MISSING>, componentPortion: 1 item, invokeLast, private: 2389 T Answer
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 7",
            "e1 66 c7 00 e8 62 e9 60 cf 01 01 d1 02 09 55 f2 57 81 07 00 0c 02 00 00 12 00 " +
            "89 04 fe 3a 2e 7e 95 03 00 0c 02 88 05 17 19 32 54 81 9f 82 13 02 fe 20 9f 82 " +
            "35 03 00 15 c1 9f 7b 02 07 30 9f 82 17 01 45 bf 82 18 0c 9f 82 15 03 70 70 18 " +
            "9f 82 19 01 03 9f 21 02 00 01 9f 5d 06 00 00 21 04 54 81 82 02 00 01 96 01 13",
            TCAPMessage(packageType: .ansiUnidirectional, componentCount: 1, firstOperation: .ansiPrivate(2389))),
        // wiresharkwiki__ansi_map_win.pcap frame 8
        // tshark: queryWithPerm, identifier 0000004d, componentIDs 7a, invokeLast, private: 2390 T Disconnect
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 8",
            "e2 5a c7 04 00 00 00 4d e8 52 e9 50 cf 01 7a d1 02 09 56 f2 47 81 07 00 0c 02 " +
            "00 00 12 00 89 04 fe 3a 2e 7e 95 03 00 0c 02 88 05 17 19 32 54 81 9f 82 13 02 " +
            "fe 20 9f 82 35 03 00 15 f3 9f 82 17 01 46 9f 21 02 00 01 9f 5d 06 00 00 21 04 " +
            "54 81 9f 82 34 01 01 82 02 00 01 96 01 13",
            TCAPMessage(
                packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("0000004d"), componentCount: 1,
                firstOperation: .ansiPrivate(2390))),
        // wiresharkwiki__ansi_tcap_over_itu_sccp_over_mtp3_over_mtp2.pcap frame 1
        // tshark: queryWithPerm, identifier 61060390, componentPortion: 1 item, invokeLast, private: 2351 Origination Request
        RealTCAP(
            "wiresharkwiki__ansi_tcap_over_itu_sccp_over_mtp3_over_mtp2.pcap frame 1",
            "e2 7c c7 04 61 06 03 90 e8 74 e9 72 cf 01 01 d1 02 09 2f f2 69 95 03 39 40 01 " +
            "88 05 01 18 90 00 27 89 04 8d 2a d4 fe 81 07 39 40 01 01 1c 30 00 9f 62 04 00 " +
            "00 00 00 9f 7b 02 0c 71 9f 21 02 10 04 84 0a 01 00 21 0b 40 34 80 00 01 02 82 " +
            "02 01 04 9f 5d 09 00 00 21 0a 33 13 50 09 27 9f 50 09 02 00 21 0a 33 13 50 09 " +
            "27 9f 82 17 01 24 bf 82 18 0c 9f 82 15 03 7d 7b 1f 9f 82 19 01 0f",
            TCAPMessage(
                packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("61060390"), componentCount: 1,
                firstOperation: .ansiPrivate(2351))),
        // wiresharkwiki__ansi_map_ota.pcap frame 14
        // tshark: queryWithPerm, identifier 14000000, componentPortion: 1 item, invokeLast, private: 2317 Registration Notification
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 14",
            "e2 4b c7 04 14 00 00 00 e8 43 e9 41 cf 01 01 d1 02 09 0d f2 38 89 04 fe 3a 2f " +
            "e5 88 05 16 19 32 54 10 95 03 00 0c 06 91 01 03 96 01 13 9f 21 02 00 01 9f 20 " +
            "05 01 0a 00 00 07 9f 68 07 00 31 d3 0a 00 00 08 9f 22 01 03 9f 7b 02 03 a0",
            TCAPMessage(
                packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("14000000"), componentCount: 1,
                firstOperation: .ansiPrivate(2317))),
        // wiresharkwiki__ansi_map_ota.pcap frame 4
        // tshark: response, identifier 01000000, componentPortion: 1 item, returnResultLast
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 4",
            "e4 0f c7 04 01 00 00 00 e8 07 ea 05 cf 01 01 f2 00",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("01000000"), componentCount: 1)),]

@Suite struct TCAPTests {
    @Test(arguments: realTCAPMessages)
    func decodesRealMessages(_ m: RealTCAP) throws {
        #expect(try decodeTCAP(m.bytes) == m.expected)
    }

    /// Every proper prefix of a real message throws a TCAP DecodeError (never traps, never
    /// returns a package from a cut-off TLV).
    @Test(arguments: realTCAPMessages)
    func everyPrefixThrows(_ m: RealTCAP) {
        for count in 0..<m.bytes.count {
            do {
                _ = try decodeTCAP(Array(m.bytes.prefix(count)))
                Issue.record("prefix \(count) decoded")
            } catch {
                #expect(error.layer == .tcap)
                #expect(error.reason == .truncated || error.reason == .badLength, "prefix \(count): \(error)")
            }
        }
    }

    /// Each byte of each real message replaced by several values: decoding must return or throw,
    /// never trap or hang; when it returns, the package type is the one the first octet names.
    @Test func corruptedBytesNeverTrap() {
        for m in realTCAPMessages {
            for i in m.bytes.indices {
                for v: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0x81, 0x84, 0x85, 0x9F, 0xFF, m.bytes[i] ^ 0x20] {
                    var bytes = m.bytes
                    bytes[i] = v
                    if let message = try? decodeTCAP(bytes) {
                        #expect(message.packageType.identifier == bytes[0])
                    }
                }
            }
        }
    }

    // MARK: Hand-built messages (layouts from Q.773 section 4 and T1.114 section 3)

    /// Q.773 Begin with indefinite lengths throughout:
    /// 62 80                 Begin [APPLICATION 2], indefinite
    ///   48 01 07            OTID [APPLICATION 8], 1 octet
    ///   6C 80               Component portion [APPLICATION 12], indefinite
    ///     A1 80             Invoke [1], indefinite
    ///       02 01 01        invokeID 1
    ///       02 01 2D        opcode local 45
    ///     00 00
    ///   00 00
    /// 00 00
    @Test func ituIndefiniteLengths() throws {
        let bytes = tcapHexBytes("62 80 48 01 07 6C 80 A1 80 02 01 01 02 01 2D 00 00 00 00 00 00")
        #expect(try decodeTCAP(bytes) == TCAPMessage(
            packageType: .ituBegin, originatingTransactionID: tcapTID("07"), componentCount: 1,
            firstOperation: .local(45)))
    }

    /// Invoke with linkedID [0] (80) before the opcode, negative and multi-octet local codes, and
    /// a global (OID) code; components with a high-tag-number form are counted.
    /// 65 len | 48 01 01 | 49 01 02 | 6C len | A1 09: 02 01 05, 80 01 04, 02 01 FF (-1)
    /// | A1 08: 02 01 06, 06 03 04 00 00 (OID) | BF 81 00 00 (constructed [CONTEXT 128], empty)
    @Test func ituInvokeVariants() throws {
        let bytes = tcapHexBytes(
            "65 21 48 01 01 49 01 02 6C 19 A1 09 02 01 05 80 01 04 02 01 FF" +
            " A1 08 02 01 06 06 03 04 00 00 BF 81 00 00")
        #expect(try decodeTCAP(bytes) == TCAPMessage(
            packageType: .ituContinue, originatingTransactionID: tcapTID("01"),
            destinationTransactionID: tcapTID("02"), componentCount: 3, firstOperation: .local(-1)))
        // Opcode 02 02 01 00 = 256; 02 04 80 00 00 00 = Int32.min; OID 06 01 00 -> global.
        let local256 = tcapHexBytes("64 0E 49 01 01 6C 09 A1 07 02 01 01 02 02 01 00")
        #expect(try decodeTCAP(local256).firstOperation == .local(256))
        let localMin = tcapHexBytes("64 10 49 01 01 6C 0B A1 09 02 01 01 02 04 80 00 00 00")
        #expect(try decodeTCAP(localMin).firstOperation == .local(Int32.min))
        let global = tcapHexBytes("64 0D 49 01 01 6C 08 A1 06 02 01 01 06 01 00")
        #expect(try decodeTCAP(global).firstOperation == .global)
    }

    /// The first Invoke counts, even after other components; a malformed Invoke (5-octet opcode,
    /// no opcode) gives no operation but the components are still counted.
    @Test func firstInvokeOnly() throws {
        // 64 len | 49 01 01 | 6C len | A2 03 02 01 01 (ReturnResultLast) | A1 06 02 01 02 02 01 07
        // | A1 06 02 01 03 02 01 08
        let later = tcapHexBytes("64 1A 49 01 01 6C 15 A2 03 02 01 01 A1 06 02 01 02 02 01 07 A1 06 02 01 03 02 01 08")
        #expect(try decodeTCAP(later) == TCAPMessage(
            packageType: .ituEnd, destinationTransactionID: tcapTID("01"), componentCount: 3,
            firstOperation: .local(7)))
        // A1 0A 02 01 01 02 05 00 00 00 00 01 (opcode of 5 octets) | A1 06 02 01 02 02 01 07
        let tooLong = tcapHexBytes("64 19 49 01 01 6C 14 A1 0A 02 01 01 02 05 00 00 00 00 01 A1 06 02 01 02 02 01 07")
        #expect(try decodeTCAP(tooLong) == TCAPMessage(
            packageType: .ituEnd, destinationTransactionID: tcapTID("01"), componentCount: 2))
        // A1 03 02 01 01 (invokeID only)
        let noOpcode = tcapHexBytes("64 0A 49 01 01 6C 05 A1 03 02 01 01")
        #expect(try decodeTCAP(noOpcode) == TCAPMessage(
            packageType: .ituEnd, destinationTransactionID: tcapTID("01"), componentCount: 1))
    }

    /// A malformed component portion keeps the package and the components read before the fault.
    /// 65 len | 48 01 01 | 49 01 02 | 6C 0C | A1 06 02 01 01 02 01 2D | A1 09 (claims 9, 2 left) 02 01
    @Test func malformedComponentPortionKeepsPackage() throws {
        let bytes = tcapHexBytes("65 14 48 01 01 49 01 02 6C 0C A1 06 02 01 01 02 01 2D A1 09 02 01")
        #expect(try decodeTCAP(bytes) == TCAPMessage(
            packageType: .ituContinue, originatingTransactionID: tcapTID("01"),
            destinationTransactionID: tcapTID("02"), componentCount: 1, firstOperation: .local(45)))
        // Component portion longer than the package: no components, package kept.
        let portionTooLong = tcapHexBytes("62 07 48 01 01 6C 09 A1 00")
        #expect(try decodeTCAP(portionTooLong) == TCAPMessage(
            packageType: .ituBegin, originatingTransactionID: tcapTID("01")))
        // Nesting bomb in an indefinite package: the package itself cannot be delimited.
        let bomb = [0x62, 0x80, 0x48, 0x01, 0x01, 0x6B, 0x80]
            + Array([[UInt8]](repeating: [0x30, 0x80], count: 40).joined())
        #expect(throws: DecodeError(.tcap, .tooDeep, at: 0)) { try decodeTCAP(bomb) }
        // The same bomb as a component of a definite package: package kept, no components.
        let definiteBomb: [UInt8] = [0x62, 0x49, 0x48, 0x01, 0x01, 0x6C, 0x44]
            + Array([[UInt8]](repeating: [0x30, 0x80], count: 34).joined())
        #expect(try decodeTCAP(definiteBomb) == TCAPMessage(
            packageType: .ituBegin, originatingTransactionID: tcapTID("01")))
    }

    /// Q.773: Unidirectional has no transaction IDs; P-abort cause [APPLICATION 10] (4A) in Abort.
    @Test func ituUnidirectionalAndPAbort() throws {
        // 61 len | 6C 08 | A1 06 02 01 01 02 01 3B
        let uni = tcapHexBytes("61 0A 6C 08 A1 06 02 01 01 02 01 3B")
        #expect(try decodeTCAP(uni) == TCAPMessage(
            packageType: .ituUnidirectional, componentCount: 1, firstOperation: .local(59)))
        // 67 len | 49 04 01 02 03 04 | 4A 01 01 (unrecognizedTransactionID... p-abort cause 1)
        let abort = tcapHexBytes("67 09 49 04 01 02 03 04 4A 01 01")
        #expect(try decodeTCAP(abort) == TCAPMessage(
            packageType: .ituAbort, destinationTransactionID: tcapTID("01020304")))
        // Begin without its OTID: still a begin (the package type is what is counted).
        let noOTID = tcapHexBytes("62 0A 6C 08 A1 06 02 01 01 02 01 3B")
        #expect(try decodeTCAP(noOTID) == TCAPMessage(
            packageType: .ituBegin, componentCount: 1, firstOperation: .local(59)))
        // Empty Begin.
        #expect(try decodeTCAP([0x62, 0x00]) == TCAPMessage(packageType: .ituBegin))
    }

    /// Q.773: OTID/DTID are 1...4 octets; anything else makes the transaction portion unreadable.
    @Test func ituTransactionIDLength() {
        #expect(throws: DecodeError(.tcap, .badLength, at: 0)) {
            try decodeTCAP(tcapHexBytes("62 07 48 05 01 02 03 04 05"))
        }
        #expect(throws: DecodeError(.tcap, .badLength, at: 0)) { try decodeTCAP(tcapHexBytes("62 02 48 00")) }
        #expect(throws: DecodeError(.tcap, .badLength, at: 0)) {
            try decodeTCAP(tcapHexBytes("65 05 48 01 01 49 00"))
        }
        // DTID claiming more than the package holds.
        #expect(throws: DecodeError(.tcap, .badLength, at: 0)) {
            try decodeTCAP(tcapHexBytes("64 04 49 04 01 02"))
        }
    }

    /// T1.114 Conversation packages carry originating then responding ID (8 octets in C7), and
    /// components in E8: ReturnResultLast EA, then InvokeNotLast ED with national opcode D0.
    /// E5 len | C7 08 00 00 00 11 00 00 00 22 | E8 0E | EA 03 CF 01 01 | ED 07 CF 01 02 D0 02 83 04
    @Test func ansiConversation() throws {
        let bytes = tcapHexBytes("E5 1A C7 08 00 00 00 11 00 00 00 22 E8 0E EA 03 CF 01 01 ED 07 CF 01 02 D0 02 83 04")
        #expect(try decodeTCAP(bytes) == TCAPMessage(
            packageType: .ansiConversationWithPermission, originatingTransactionID: tcapTID("00000011"),
            destinationTransactionID: tcapTID("00000022"), componentCount: 2, firstOperation: .ansiNational(0x8304)))
        var without = bytes
        without[0] = 0xE6
        #expect(try decodeTCAP(without).packageType == .ansiConversationWithoutPermission)
    }

    /// T1.114 Abort [PRIVATE 22] (F6) with the responding ID and a P-Abort cause [PRIVATE 23]
    /// (D7); Query without permission (E3) with a dialogue portion (F9) and no components.
    @Test func ansiAbortAndQueryWithoutPermission() throws {
        // F6 09 | C7 04 00 00 00 33 | D7 01 01
        let abort = tcapHexBytes("F6 09 C7 04 00 00 00 33 D7 01 01")
        #expect(try decodeTCAP(abort) == TCAPMessage(
            packageType: .ansiAbort, destinationTransactionID: tcapTID("00000033")))
        // E3 0C | C7 04 00 00 00 44 | F9 04 DA 02 00 01 (dialogue portion: protocol version)
        let query = tcapHexBytes("E3 0C C7 04 00 00 00 44 F9 04 DA 02 00 01")
        #expect(try decodeTCAP(query) == TCAPMessage(
            packageType: .ansiQueryWithoutPermission, originatingTransactionID: tcapTID("00000044"),
            hasDialoguePortion: true))
    }

    /// T1.114: the Transaction ID holds 0, 4 or 8 octets.
    @Test func ansiTransactionIDLength() {
        #expect(throws: DecodeError(.tcap, .badLength, at: 0)) { try decodeTCAP(tcapHexBytes("E2 04 C7 02 01 02")) }
        #expect(throws: DecodeError(.tcap, .badLength, at: 0)) {
            try decodeTCAP(tcapHexBytes("E5 07 C7 05 01 02 03 04 05"))
        }
    }

    /// First tags that are not a package: other APPLICATION/PRIVATE numbers, other classes,
    /// primitive forms. Empty input is truncated.
    @Test func unknownFirstTag() {
        for first: UInt8 in [0x63, 0x66, 0x68, 0x42, 0x30, 0xA1, 0xE7, 0xE8, 0xF7, 0xC2, 0x7F, 0xFF, 0x00] {
            #expect(throws: DecodeError(.tcap, .unknownType, at: 0)) { try decodeTCAP([first, 0x00]) }
        }
        #expect(throws: DecodeError(.tcap, .truncated, at: 0)) { try decodeTCAP([]) }
    }

    /// Bytes after the package TLV are ignored (tshark ignores them).
    @Test func trailingBytesTolerated() throws {
        let bytes = tcapHexBytes("64 04 49 02 0A 0B FF FF 00")
        #expect(try decodeTCAP(bytes) == TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("0a0b")))
    }

    /// Errors name the TCAP layer, whatever the layer of the reader handed in, and point into the
    /// original buffer: here the package length octet, at offset 3 after 2 bytes of a lower layer.
    @Test func errorsNameTCAPAndAbsoluteOffset() {
        ByteReader.withReader(over: [0xAA, 0xBB, 0x62, 0x05, 0x48], layer: .sccp) { (r: inout ByteReader) in
            try? r.skip(2)
            do throws(DecodeError) {
                _ = try TCAPDecoder.decode(r)
                Issue.record("expected an error")
            } catch {
                #expect(error.layer == .tcap && error.reason == .badLength && error.offset == 3)
            }
        }
    }

    @Test func packageTypeNames() {
        let keys = TCAPPackageType.allCases.map { "\($0.identifier): \($0.summaryKey)" }
        #expect(keys == [
            "97: unidirectional", "98: begin", "100: end", "101: continue", "103: abort",
            "225: unidirectional", "226: query_with_permission", "227: query_without_permission",
            "228: response", "229: conversation_with_permission", "230: conversation_without_permission",
            "246: abort",
        ])
        #expect(TCAPPackageType.allCases.filter(\.isANSI).count == 7)
        for type in TCAPPackageType.allCases { #expect(TCAPPackageType(identifier: type.identifier) == type) }
    }

    @Test func transactionIDPrintsAsTshark() {
        #expect(tcapTID("0000636a").description == "0000636a")
        #expect(tcapTID("06f7").description == "06f7")
        #expect(TCAPTransactionID(value: 0x1_00, length: 1) == nil)
        #expect(TCAPTransactionID(value: 1, length: 5) == nil)
        #expect(tcapTID("0001") != tcapTID("01"))
    }
}
