import Foundation
import Testing
import TrafficSynth

// The generator's charges (`ExpectedSummary.charges`) are decided by construction (`Billable`). These
// tests apply ../shared/domain/CHARGING-RULES.md to what was actually put on the wire instead: the
// per-message ground truth (`GeneratedMessage` header and content, not its `billable`), and tshark's
// decoding of the bytes. The network facts below are this test's own, copied from captures/README.md
// ("What is in them"), not read from NetworkPlan.

func ansiPC(_ n: UInt32, _ c: UInt32, _ m: UInt32) -> UInt32 { n << 16 | c << 8 | m }

/// CHARGING-RULES.md applied to one seen message, for one of the two generated networks.
struct TariffOracle: Sendable {
    var stps: Set<UInt32>
    var endOffices: @Sendable (UInt32) -> Bool
    /// Company databases by translation type and by DPC+SSN. CNAM (TT 5) is foreign: absent.
    var byTT: [UInt8: String]
    var byPCSSN: [UInt64: String]
    /// MTP2 link number -> owning customer.
    var linkOwner: [Int: String]

    static let ansi = TariffOracle(
        stps: [ansiPC(244, 1, 0), ansiPC(244, 1, 1)],
        endOffices: { $0 >> 8 == ansiPC(0, 244, 10) },  // 244-10-*
        byTT: [11: "lnp", 254: "800db"],
        byPCSSN: [UInt64(ansiPC(244, 20, 3)) << 8 | 247: "lnp", UInt64(ansiPC(244, 20, 1)) << 8 | 254: "800db"],
        linkOwner: [1: "acme", 2: "acme", 3: "bravo"])
    static let itu = TariffOracle(
        stps: [2000, 2001],
        endOffices: { (2101...2108).contains($0) },
        byTT: [11: "lnp", 254: "800db"],
        byPCSSN: [UInt64(2203) << 8 | 247: "lnp", UInt64(2201) << 8 | 254: "800db"],
        linkOwner: [1: "acme", 2: "acme", 3: "bravo"])

    static func of(_ v: Variant) -> TariffOracle { v == .ansi ? ansi : itu }

    struct Seen {
        var link: Int
        var towardSTP: Bool
        var opc: UInt32, dpc: UInt32
        var isIAM = false
        /// ANSI QueryWithPermission/QueryWithoutPermission or ITU Begin, not inside a UDTS.
        var isOpeningQuery = false
        var calledRoutesOnSSN = false
        var calledTT: UInt8?
        var calledPC: UInt32?
        var calledSSN: UInt8?
    }

    /// Event names for one message; empty when it is neither a call set-up nor a data request.
    func events(_ s: Seen) -> [String] {
        if s.isIAM {
            var e = ["isup_signal_transport"]  // every IAM on a customer link
            if endOffices(s.opc) { e.append("isup_signal_formulation") }  // OPC a company signaling point
            // Switched at the STP: toward it with a DPC that is not a company STP, or from it with an
            // OPC that is not a company STP.
            if s.towardSTP ? !stps.contains(s.dpc) : !stps.contains(s.opc) { e.append("isup_signal_switching") }
            return e
        }
        guard s.isOpeningQuery else { return [] }
        // Destination: TT of a GT-routed address, then DPC+SSN of an SSN-routed one.
        var db: String?
        if !s.calledRoutesOnSSN, let tt = s.calledTT { db = byTT[tt] }
        if db == nil, s.calledRoutesOnSSN, let ssn = s.calledSSN {
            db = byPCSSN[UInt64(s.calledPC ?? s.dpc) << 8 | UInt64(ssn)]
        }
        if let db { return ["query_" + db] }  // in lieu of message charges
        var e = ["tcap_signal_transport"]
        if !(stps.contains(s.dpc) && s.calledRoutesOnSSN) { e.append("tcap_signal_switching") }
        return e
    }

    /// Billing totals in the expected summary's shape.
    struct Totals: Equatable {
        var calls = 0, queries = 0
        var charges: [String: [String: Int]] = [:]
    }

    func add(_ s: Seen, to t: inout Totals) {
        let e = events(s)
        if s.isIAM { t.calls += 1 } else if !e.isEmpty { t.queries += 1 }
        for name in e { t.charges[linkOwner[s.link] ?? "unattributed", default: [:]][name, default: 0] += 1 }
    }

    /// What the ground truth of one generated message says was on the wire.
    static func seen(_ m: GeneratedMessage) -> Seen {
        var s = Seen(link: Int(m.link), towardSTP: m.towardSTP, opc: m.header.opc.value, dpc: m.header.dpc.value)
        switch m.content {
        case .isup(let i):
            s.isIAM = i.type == .iam
        case .tcap(let sccp, let t):
            let opening = switch t.kind {
            case .ansi(let p): p == .queryWithPermission || p == .queryWithoutPermission
            case .itu(let i): i == .begin
            }
            s.isOpeningQuery = opening && sccp.type != .udts
            s.calledRoutesOnSSN = sccp.called.routeOnSSN
            s.calledTT = sccp.called.gt?.tt
            s.calledPC = sccp.called.pc?.value
            s.calledSSN = sccp.called.ssn
        case .management:
            break
        }
        return s
    }
}

/// Generates `o` in memory; returns the summary and the oracle's totals from the ground truth.
func generateWithOracle(_ o: GeneratorOptions) throws -> (ExpectedSummary, TariffOracle.Totals, [GeneratedMessage]) {
    let oracle = TariffOracle.of(o.variant)
    var totals = TariffOracle.Totals()
    var messages: [GeneratedMessage] = []
    let (summary, _) = try Generator.run(o, sink: MemorySink()) { m in
        oracle.add(TariffOracle.seen(m), to: &totals)
        messages.append(m)
    }
    return (summary, totals, messages)
}

@Suite struct ChargeTests {
    @Test(arguments: Variant.allCases)
    func chargesEqualTheRulesAppliedToTheMessages(_ v: Variant) throws {
        let o = GeneratorOptions(variant: v, link: .mtp2, seed: 7, size: ScenarioSize(calls: 40, queries: 60))
        let (summary, oracle, messages) = try generateWithOracle(o)
        #expect(summary.charges == oracle.charges)
        #expect(summary.callSetupRequests == oracle.calls)
        #expect(summary.dataRequests == oracle.queries)
        // Message by message: billable exactly where the rules find a call set-up or data request,
        // with the same events.
        let rules = TariffOracle.of(v)
        for m in messages {
            let expected = rules.events(TariffOracle.seen(m)).sorted()
            let made = (m.billable?.events ?? []).map { $0.name(o.plan) }.sorted()
            #expect(made == expected, "message \(m.index): \(m.content)")
        }
        // Not vacuous: every kind of dialogue and every event appears, for both customers.
        #expect(oracle.calls == 40)
        #expect(Set(oracle.charges.keys) == ["acme", "bravo"])
        #expect(Set(oracle.charges["acme"]!.keys) == [
            "isup_signal_formulation", "isup_signal_transport", "isup_signal_switching", "tcap_signal_transport",
            "tcap_signal_switching", "query_lnp", "query_800db",
        ])
        #expect(Set(oracle.charges["bravo"]!.keys) == ["isup_signal_formulation", "isup_signal_transport", "isup_signal_switching"])
        let bills = messages.compactMap(\.billable)
        #expect(bills.contains(.callFromCustomer) && bills.contains(.callToCustomer))
        #expect(bills.contains(.foreignDatabaseQueryViaSTP))
        // Queries not charged: unidirectional, and openings returned in a UDTS (still billed once).
        #expect(messages.contains { if case .tcap(let s, _) = $0.content { s.type == .udts } else { false } })
        #expect(oracle.queries < 60 && oracle.queries > 40)
        // Company-database queries routed both ways (GT on TT, and DPC+SSN).
        let companyOpenings = messages.filter { if case .companyDatabaseQuery = $0.billable { true } else { false } }
        let ssnRouted = companyOpenings.filter { if case .tcap(let s, _) = $0.content { s.called.routeOnSSN } else { false } }
        #expect(!ssnRouted.isEmpty && ssnRouted.count < companyOpenings.count)
    }

    /// The CHARGING-RULES.md worked example, row by row, against the table of `Billable.events`.
    @Test func workedExampleRows() {
        let plan = NetworkPlan.ansi
        func names(_ b: Billable) -> Set<String> { Set(b.events.map { $0.name(plan) }) }
        // IAM 244-10-3 -> 250-5-1, from the STP (originating call): formulation, transport, switching.
        #expect(names(.callToCustomer) == ["isup_signal_formulation", "isup_signal_transport", "isup_signal_switching"])
        // IAM 250-5-1 -> 244-10-3, toward the STP (terminating call): transport, switching.
        #expect(names(.callFromCustomer) == ["isup_signal_transport", "isup_signal_switching"])
        // QWP 250-5-1 -> 244-1-0, GT-routed, TT 11: query_lnp (database 0 of the plan is lnp).
        #expect(plan.databases[0].tt == 11)
        #expect(names(.companyDatabaseQuery(database: 0)) == ["query_lnp"])
        #expect(names(.companyDatabaseQuery(database: 1)) == ["query_800db"])
        // QWP 250-5-1 -> 244-1-0, GT-routed, TT 5 (foreign CNAM): tcap transport, tcap switching.
        #expect(names(.foreignDatabaseQueryViaSTP) == ["tcap_signal_transport", "tcap_signal_switching"])
    }

    /// The committed samples' JSON states the charges the rules give for the messages in them, and
    /// agrees with the message counts beside it (which tshark checks).
    @Test func committedSamplesStateTheirCharges() throws {
        for (name, options) in samples {
            let url = packageRoot.appendingPathComponent("captures/generated/\(name).expected.json")
            let top = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            let charges = try #require(top["charges"] as? [String: [String: Int]])
            let calls = try #require(top["call_setup_requests"] as? Int)
            let queries = try #require(top["data_requests"] as? Int)
            let (_, oracle, _) = try generateWithOracle(options)
            #expect(charges == oracle.charges, "\(name)")
            #expect(calls == oracle.calls && queries == oracle.queries, "\(name)")
            // Consistency with the counts: every IAM is one transport event; every data request is
            // one tcap transport or one query event; each UDTS returns one opening query.
            let isup = top["isup"] as? [String: Int] ?? [:], sccp = top["sccp"] as? [String: Int] ?? [:]
            let tcap = top["tcap"] as? [String: [String: Int]] ?? [:]
            let openings = options.variant == .ansi
                ? (tcap["ansi"]?["query_with_permission"] ?? 0) + (tcap["ansi"]?["query_without_permission"] ?? 0)
                : tcap["itu"]?["begin"] ?? 0
            #expect(calls == isup["IAM"])
            #expect(queries == openings - (sccp["UDTS"] ?? 0))
            func total(_ prefix: String) -> Int {
                charges.values.reduce(0) { $0 + $1.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +) }
            }
            #expect(total("isup_signal_transport") == calls)
            #expect(total("tcap_signal_transport") + total("query_") == queries)
            #expect(calls == 20 && queries > 10)
        }
    }

    /// tshark decodes the MTP2 captures; the rules applied to its fields (link number and direction
    /// from the pseudo-header) give the generator's charges.
    @Test(.enabled(if: !Tshark.skipped, "SS7METER_SKIP_TSHARK=1"), arguments: Variant.allCases)
    func tsharkDecodedMTP2GivesTheSameCharges(_ v: Variant) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("c.pcap").path
        let o = GeneratorOptions(variant: v, link: .mtp2, seed: 11, size: ScenarioSize(calls: 60, queries: 80))
        let summary = try generate(o, pcap: pcap, json: dir.appendingPathComponent("c.json").path)
        let fields = [
            "frame.link_nr", "frame.p2p_dir", "mtp3.opc", "mtp3.dpc", "isup.message_type", "sccp.message_type",
            "sccp.called.ri", "sccp.called.tt", "sccp.called.ssn", v == .ansi ? "sccp.called.ansi_pc" : "sccp.called.pc",
            "ansi_tcap.queryWithPerm_element", "ansi_tcap.queryWithoutPerm_element", "tcap.begin_element",
        ]
        guard let text = try Tshark.run(["-r", pcap] + Tshark.options(v) + ["-Y", "mtp3", "-T", "fields", "-E", "separator=/t",
                                                                            "-E", "occurrence=f"] + fields.flatMap { ["-e", $0] })
        else { Issue.record("tshark not found"); return }
        let rules = TariffOracle.of(v)
        var totals = TariffOracle.Totals()
        var msus = 0
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(f.count == fields.count, "\(line)")
            msus += 1
            func pc(_ t: String) -> UInt32? {
                let parts = t.split(separator: "-").compactMap { UInt32($0) }
                return parts.count == 3 ? ansiPC(parts[0], parts[1], parts[2]) : UInt32(t)
            }
            // The tap is at the STP: the pseudo-header's sent flag (tshark p2p_dir 0 "Sent") marks
            // what the STP sent; 1 "Received" is what the customer sent, toward the STP.
            var s = TariffOracle.Seen(link: Int(f[0]) ?? -1, towardSTP: f[1] == "1", opc: pc(f[2]) ?? 0, dpc: pc(f[3]) ?? 0)
            s.isIAM = f[4] == "1"
            s.isOpeningQuery = f[5] != "0x0a" && !(f[10] + f[11] + f[12]).isEmpty
            s.calledRoutesOnSSN = f[6] == "0x01"
            s.calledTT = f[7].isEmpty ? nil : UInt8(f[7].dropFirst(2), radix: 16)
            s.calledSSN = UInt8(f[8])
            s.calledPC = f[9].isEmpty ? nil : pc(f[9])
            rules.add(s, to: &totals)
        }
        #expect(msus == summary.messages)
        #expect(totals.charges == summary.charges)
        #expect(totals.calls == summary.callSetupRequests && totals.calls == 60)
        #expect(totals.queries == summary.dataRequests && totals.queries > 50)
    }
}
