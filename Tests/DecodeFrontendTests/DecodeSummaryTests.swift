import DecodeFrontend
import SS7Decoding
import Testing

@Suite struct DecodeSummaryTests {
    /// SIGTRAN counts: defined (class, type) pairs go to the flat table, others (class >= 16 or
    /// type >= 32) to the overflow table; both come out per layer. Names per RFC 4666 3.1.3
    /// (class 1 Transfer, type 1 DATA; class 3 ASPSM, type 3 BEAT) and M2PA class 11 (RFC 4165).
    @Test func sigtranCountsFlatAndOverflow() {
        var s = DecodeSummary(variant: .itu)
        func add(_ layer: SigtranMessage.Layer, _ c: UInt8, _ t: UInt8, times: Int = 1) {
            for _ in 0..<times {
                s.sigtran(SigtranMessage(protocolName: layer, messageClass: c, messageType: t, link: .unknown))
            }
        }
        add(.m3ua, 1, 1, times: 3)
        add(.m3ua, 3, 3)
        add(.m3ua, 3, 200, times: 2)
        add(.m3ua, 200, 7)
        add(.m2pa, 11, 1)
        #expect(s.m3ua == ["TRANSFER/DATA": 3, "ASPSM/BEAT": 1, "ASPSM/TYPE_200": 2, "CLASS_200/TYPE_7": 1])
        #expect(s.m2pa == ["M2PA/USER_DATA": 1])
        #expect(s.m2ua.isEmpty)
    }
}
