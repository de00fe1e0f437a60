import SS7Decoding
import TariffPolicy
import Testing

@Suite struct PointCodeMaskTests {
    @Test func ansiExactAndWildcards() {
        // 244-10-* : network 244, cluster 10, any member.
        let cluster = mask("244-10-*")
        #expect(cluster.matches(ansi(244, 10, 0)) && cluster.matches(ansi(244, 10, 255)))
        #expect(!cluster.matches(ansi(244, 11, 3)) && !cluster.matches(ansi(245, 10, 3)))
        let network = mask("2-*-*")
        #expect(network.matches(ansi(2, 0, 0)) && network.matches(ansi(2, 255, 7)) && !network.matches(ansi(3, 0, 0)))
        let exact = mask("244-1-0")
        #expect(exact.matches(ansi(244, 1, 0)) && !exact.matches(ansi(244, 1, 1)))
        // 244-1-0 is 0xF40100 (T1.111.4: network, cluster, member octets).
        #expect(exact.matches(PointCode(0xF4_0100)))
        #expect(exact.description == "244-1-0" && cluster.description == "244-10-*")
    }

    @Test func ituNotations() {
        // Zone-area-point 2-100-5 = 2*2048 + 100*8 + 5 = 4901 (Q.708 3-8-3 bits).
        #expect(mask("2-100-5", .itu).matches(PointCode(4901)))
        #expect(mask("4901", .itu).matches(PointCode(4901)))
        #expect(!mask("4901", .itu).matches(PointCode(4900)))
        // 2-100-* covers 4896...4903.
        let area = mask("2-100-*", .itu)
        #expect(area.matches(PointCode(4896)) && area.matches(PointCode(4903)))
        #expect(!area.matches(PointCode(4895)) && !area.matches(PointCode(4904)))
        #expect(mask("4901", .itu).description == "4901" && area.description == "2-100-*")
    }

    @Test func highBitsOfA32BitFieldNeverMatch() {
        // M3UA carries 32-bit point code fields: 0x01F40100 is not 244-1-0.
        #expect(!mask("244-1-0").matches(PointCode(0x01F4_0100)))
        #expect(!mask("*-*-*").matches(PointCode(0x0100_0000)))
        #expect(!mask("0-0-*", .itu).matches(PointCode(0x4000)))
    }

    @Test(arguments: [
        ("256-1-1", SS7Variant.ansi), ("1-2", .ansi), ("1-2-3-4", .ansi), ("244", .ansi), ("a-b-c", .ansi),
        ("-1-2-3", .ansi), ("1--2", .ansi), ("", .ansi), ("+1-2-3", .ansi), (" 1-2-3", .ansi), ("*", .ansi),
        ("8-0-0", .itu), ("0-256-0", .itu), ("0-0-8", .itu), ("16384", .itu), ("244-1-0", .itu), ("*", .itu),
        ("-1", .itu), ("1.5", .itu),
    ])
    func rejects(_ text: String, _ variant: SS7Variant) {
        #expect(PointCodeMask(text, variant: variant) == nil)
    }
}

/// An event's counter index is its position in the plan's event names (the ledger's order).
@Suite struct ChargeEventIndexTests {
    @Test func indexMatchesEventNames() {
        let plan = NetworkPlan(
            variant: .ansi, companySTPs: [], companySignalingPoints: [],
            databases: [
                .init(name: "lnp", translationTypes: [11], pointCodes: [], ssns: [], gtPrefixes: []),
                .init(name: "800db", translationTypes: [254], pointCodes: [], ssns: [], gtPrefixes: []),
            ],
            customers: [], links: [])
        let events = ChargeEvent.fixed + [.query(database: 0), .query(database: 1)]
        #expect(events.map { plan.eventNames[$0.index] } == events.map { plan.name(of: $0) })
        #expect(plan.eventNames == [
            "isup_signal_formulation", "isup_signal_transport", "isup_signal_switching", "tcap_signal_transport",
            "tcap_signal_switching", "query_lnp", "query_800db",
        ])
    }
}
