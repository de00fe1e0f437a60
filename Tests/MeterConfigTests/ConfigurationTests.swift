import ByteParsing
import Foundation
import MeterConfig
import SS7Decoding
import TariffPolicy
import Testing

/// A small valid file; line numbers are fixed (tests replace lines and expect errors on them).
let base = """
    [meter]
    site = "s"
    ledger_dir = "/tmp/ledger"

    [network]
    variant = "ansi"
    company_stps = ["244-1-0", "244-1-1"]

    [[customer]]
    name = "acme"
    point_codes = ["250-5-1"]

    [[customer]]
    name = "beta"

    [[link]]
    id = "mtp2:1"
    name = "acme-a"
    customer = "acme"

    [[link]]
    id = "mtp2:2"
    name = "beta-a"
    customer = "beta"

    """

/// `base` with one exact line replaced (the test fails if the line is not there).
func edited(_ old: String, _ new: String, in text: String = base) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let i = lines.firstIndex(of: old) else {
        Issue.record("no line \(old)")
        return text
    }
    lines[i] = new
    return lines.joined(separator: "\n")
}

func problems(_ text: String) -> [String] { checkConfiguration(text: text).map(\.description) }

@Suite struct ExampleFileTests {
    static let examplePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/ss7meter.example.toml").path

    @Test func baseIsValid() {
        #expect(problems(base) == [])
    }

    @Test func exampleLoads() throws {
        let c = try loadConfiguration(path: Self.examplePath)
        // Values as written in config/ss7meter.example.toml.
        #expect(c.meter == MeterConfiguration.Meter(
            site: "boise-stp-1", intervalSeconds: 15 * 60, rotateSeconds: 3600, rotateSizeBytes: 64 * 1024 * 1024,
            ledgerDirectory: "/var/lib/ss7meter/ledger"))
        #expect(c.network.variant == .ansi)
        #expect(c.network.companySTPs == [mask("244-1-0"), mask("244-1-1")])
        #expect(c.network.companySignalingPoints == [mask("244-10-*")])
        #expect(c.databases == [
            NetworkPlan.Database(name: "lnp", translationTypes: [11], pointCodes: [mask("244-20-3")], ssns: [247]),
            NetworkPlan.Database(name: "800db", translationTypes: [254], gtPrefixes: [DigitString("1800"), DigitString("1888")]),
        ])
        #expect(c.customers.map(\.name) == ["acme", "beta"])
        // sctp:10.1.0.1:2906-10.0.0.1:2905 -> 10.1.0.1 = 0x0A010001, 10.0.0.1 = 0x0A000001.
        let m3ua = SCTPEndpoints(
            source: IPAddress(ipv4: 0x0A01_0001), destination: IPAddress(ipv4: 0x0A00_0001), sourcePort: 2906,
            destinationPort: 2905)
        #expect(c.links == [
            NetworkPlan.Link(name: "acme-a", key: .mtp2(link: 1), customer: 0, variant: .ansi, mtp2Sent: .fromSTP),
            NetworkPlan.Link(name: "beta-m3ua", key: .sctp(towardSTP: m3ua), customer: 1, variant: .ansi),
        ])
        #expect(c.links.map(\.key.description) == ["mtp2:1", "sctp:10.1.0.1:2906-10.0.0.1:2905"])
        #expect(c.rules.dataRequests == .defaultDataRequests)
        #expect(c.rules.databaseMatchOrder == [.translationType, .pointCodeSSN, .gtPrefix])
        // 0.0012 USD = 1 200 000 nano-dollars, exactly.
        #expect(c.rates?.currency == "USD")
        #expect(c.rates?.perEvent["isup_signal_formulation"] == Money(nanos: 1_200_000))
        #expect(c.rates?.perEvent["query_800db"] == Money(nanos: 4_000_000))
        #expect(c.rates?.perEvent.count == 7)
        #expect(c.sources == [
            MeterConfiguration.Source(
                name: "tap0", input: .interface("eth1"), variant: .ansi, filter: "sctp or not ip",
                bufferBytes: 64 << 20, snaplen: 65535),
        ])
        #expect(c.metrics == MeterConfiguration.Metrics(host: "127.0.0.1", port: 9464))
        #expect(c.eventNames == [
            "isup_signal_formulation", "isup_signal_transport", "isup_signal_switching", "tcap_signal_transport",
            "tcap_signal_switching", "query_lnp", "query_800db",
        ])
    }

    @Test func examplePlanClassifiesTheWorkedExample() throws {
        var classifier = Classifier(plan: NetworkPlan(try loadConfiguration(path: Self.examplePath)))
        // IAM 244-10-3 -> 250-5-1 on mtp2:1 with sent set (= from the STP, as configured):
        // formulation (244-10-* formulates), transport, switching (OPC not a company STP).
        let iam = SS7Message(
            transport: .mtp2, link: .mtp2(link: 1, sent: true),
            mtp: MTPTransfer(opc: ansi(244, 10, 3), dpc: ansi(250, 5, 1), si: 5, ni: 2, priority: 0, sls: 0),
            octets: 0, forwardSequenceNumber: nil, userPart: .isup(ISUPMessage(cic: 1, messageType: .iam)))
        let r = classifier.classify(iam, interface: nil)
        #expect(r.link == 0 && r.customer == 0 && r.direction == .fromSTP)
        #expect(Array(r.events) == [.isupSignalFormulation, .isupSignalTransport, .isupSignalSwitching])
        // A QWP to TT 254 from beta over its M3UA association: query_800db (database 1).
        var sccp = SCCPMessage(messageType: .udt)
        sccp.calledParty = SCCPAddress(routesOnSSN: false, globalTitleIndicator: 2, translationType: 254, digits: DigitString("18005550100"))
        let toward = SCTPEndpoints(
            source: IPAddress(ipv4: 0x0A01_0001), destination: IPAddress(ipv4: 0x0A00_0001), sourcePort: 2906,
            destinationPort: 2905)
        let qwp = SS7Message(
            transport: .m3ua, link: .sctp(toward),
            mtp: MTPTransfer(opc: ansi(251, 1, 1), dpc: ansi(244, 1, 0), si: 3, ni: 2, priority: 0, sls: 0),
            octets: 0, forwardSequenceNumber: nil,
            userPart: .sccp(sccp, tcap: TCAPMessage(packageType: .ansiQueryWithPermission)))
        let q = classifier.classify(qwp, interface: nil)
        #expect(q.link == 1 && q.customer == 1 && q.direction == .towardSTP && q.isDataRequest)
        #expect(Array(q.events) == [.query(database: 1)])
    }

    @Test func unreadableFile() {
        do {
            _ = try loadConfiguration(path: "/nonexistent/x.toml")
            Issue.record("loaded a file that does not exist")
        } catch {
            #expect(error.line == nil && error.description.hasPrefix("cannot read /nonexistent/x.toml: "))
        }
    }
}

@Suite struct ConfigErrorTests {
    @Test func unknownKey() {
        #expect(problems(edited(#"site = "s""#, #"sit = "s""#)) == [
            "line 1: meter.site: required key is missing",
            "line 2: meter.sit: unknown key (meter keys: site, interval, rotate, rotate_size, ledger_dir)",
        ])
        #expect(problems(base + "[metrix]\nlisten = \"127.0.0.1:9464\"\n") == [
            "line 25: metrix: unknown key (top-level tables: meter, network, database, customer, link, rules, rates, source, metrics)",
        ])
    }

    @Test func tooManyDatabases() {
        // The meter keeps a message's database in 16 bits: one table more than it holds is an error, on
        // the table after the last one allowed (each table here is 3 lines, after base's 24).
        let one = (0..<NetworkPlan.maxDatabases).map { "[[database]]\nname = \"d\($0)\"\ntranslation_types = [1]\n" }
        #expect(problems(base + one.joined()) == [])
        let extra = "[[database]]\nname = \"extra\"\ntranslation_types = [1]\n"
        #expect(problems(base + one.joined() + extra) == [
            "line \(25 + 3 * NetworkPlan.maxDatabases): database[\(NetworkPlan.maxDatabases)]: at most \(NetworkPlan.maxDatabases) [[database]] tables",
        ])
    }

    @Test func unknownCustomer() {
        #expect(problems(edited(#"customer = "beta""#, #"customer = "acm""#)) == [
            #"line 24: link[1].customer: no customer named "acm" (customers: acme, beta)"#,
        ])
    }

    @Test func badPointCode() {
        #expect(problems(edited(#"company_stps = ["244-1-0", "244-1-1"]"#, #"company_stps = ["244-1-0", "244-1-256"]"#)) == [
            #"line 7: network.company_stps[1]: "244-1-256" is not an ANSI point code or mask (network-cluster-member, each 0-255 or *)"#,
        ])
    }

    @Test func maskOfTheWrongVariant() {
        // ITU network: 250-5-1 is no zone-area-point (area 5 fits, zone 250 does not) and 244-1-0 neither.
        let itu = edited(#"variant = "ansi""#, #"variant = "itu""#)
        #expect(problems(itu) == [
            #"line 7: network.company_stps[0]: "244-1-0" is not an ITU point code or mask (zone-area-point, 0-7, 0-255, 0-7 or *; or decimal 0-16383)"#,
            #"line 7: network.company_stps[1]: "244-1-1" is not an ITU point code or mask (zone-area-point, 0-7, 0-255, 0-7 or *; or decimal 0-16383)"#,
            #"line 11: customer[0].point_codes[0]: "250-5-1" is not an ITU point code or mask (zone-area-point, 0-7, 0-255, 0-7 or *; or decimal 0-16383)"#,
        ])
        let fixed = edited(#"company_stps = ["244-1-0", "244-1-1"]"#, #"company_stps = ["2-100-0", "4897"]"#, in: itu)
        #expect(problems(edited(#"point_codes = ["250-5-1"]"#, #"point_codes = ["3-50-*"]"#, in: fixed)) == [])
    }

    @Test func duplicateLinks() {
        #expect(problems(edited(#"id = "mtp2:2""#, #"id = "mtp2:1""#)) == [
            #"line 22: link[1].id: link "mtp2:1" is already configured by link[0] (acme-a)"#,
        ])
        // The same SCTP association written from the other end is the same link.
        var text = edited(#"id = "mtp2:1""#, #"id = "sctp:10.1.0.1:2906-10.0.0.1:2905""#)
        text = edited(#"id = "mtp2:2""#, #"id = "sctp:10.0.0.1:2905-10.1.0.1:2906""#, in: text)
        #expect(problems(text) == [
            #"line 22: link[1].id: link "sctp:10.0.0.1:2905-10.1.0.1:2906" is already configured by link[0] (acme-a)"#,
        ])
        #expect(problems(edited(#"name = "beta-a""#, #"name = "acme-a""#)) == [
            #"line 23: link[1].name: duplicate link name "acme-a" (also link[0])"#,
        ])
    }

    /// The meter names an unconfigured link's records by its id, the links past its limit
    /// discovered:other and frames without a link unknown: a configured link may not take a name that
    /// another link's records could have.
    @Test func linkNamesOtherRecordsCouldHave() {
        #expect(problems(edited(#"name = "beta-a""#, #"name = "mtp2:3""#)) == [
            #"line 23: link[1].name: "mtp2:3" is another link's id, which names that link's records when it is not configured"#,
        ])
        #expect(problems(edited(#"name = "acme-a""#, #"name = "discovered:other""#)) == [
            #"line 18: link[0].name: "discovered:other" is reserved for traffic on links the configuration does not list"#,
        ])
        #expect(problems(edited(#"name = "acme-a""#, #"name = "unknown""#)) == [
            #"line 18: link[0].name: "unknown" is reserved for traffic on links the configuration does not list"#,
        ])
        // A link may be named by its own id, an SCTP association from either end.
        #expect(problems(edited(#"name = "beta-a""#, #"name = "mtp2:2""#)).isEmpty)
        var text = edited(#"id = "mtp2:2""#, #"id = "sctp:10.1.0.1:2906-10.0.0.1:2905""#)
        text = edited(#"name = "beta-a""#, #"name = "sctp:10.0.0.1:2905-10.1.0.1:2906""#, in: text)
        #expect(problems(text).isEmpty)
    }

    @Test func badLinkIds() {
        for id in ["mtp3:1", "mtp2:", "mtp2:65536", "mtp2:-1", "sctp:10.1.0.1:2906", "sctp:10.1.0.1-10.0.0.1:2905",
                   "sctp:10.1.0.256:2906-10.0.0.1:2905", "sctp:10.1.0.1:0-10.0.0.1:2905", "iface:", "iface:eth 1",
                   "sctp:[::1]:2906-10.0.0.1:2905"] {
            #expect(problems(edited(#"id = "mtp2:2""#, "id = \"\(id)\"")) == [
                "line 22: link[1].id: \"\(id)\" is not a link id (mtp2:N, sctp:ADDR:PORT-ADDR:PORT with the customer's endpoint first, iface:NAME)",
            ], "\(id)")
        }
        #expect(problems(edited(#"id = "mtp2:2""#, #"id = "sctp:[2001:db8::1]:2906-[2001:db8::2]:2905""#)) == [])
        #expect(problems(edited(#"id = "mtp2:2""#, #"id = "iface:eth1""#)) == [])
    }

    @Test func mtp2SentOnlyOnMTP2Links() {
        var text = edited(#"id = "mtp2:2""#, #"id = "iface:eth1""#)
        text = edited(#"name = "beta-a""#, "name = \"beta-a\"\nmtp2_sent = \"from_stp\"", in: text)
        #expect(problems(text) == ["line 24: link[1].mtp2_sent: only an mtp2: link has an MTP2 sent flag"])
        #expect(problems(edited(#"name = "acme-a""#, "name = \"acme-a\"\nmtp2_sent = \"sent\"")) == [
            #"line 19: link[0].mtp2_sent: "sent" is not from_stp or toward_stp"#,
        ])
    }

    @Test func namesAndCrossReferences() {
        #expect(problems(edited(#"name = "beta""#, #"name = "acme""#)) == [
            #"line 14: customer[1].name: duplicate customer name "acme" (also customer[0])"#,
            // The link naming beta now finds no such customer.
            #"line 24: link[1].customer: no customer named "beta" (customers: acme)"#,
        ])
        #expect(problems(edited(#"name = "beta""#, #"name = "unattributed""#)).first
            == #"line 14: customer[1].name: "unattributed" is reserved for traffic no customer owns"#)
        let db = base + """
            [[database]]
            name = "800 db"
            translation_types = [11, 256]

            [[database]]
            name = "lidb"
            ssns = [0]

            """
        #expect(problems(db) == [
            #"line 26: database[0].name: "800 db" is not an identifier (letters, digits and _): it names the event query_<name>"#,
            "line 27: database[0].translation_types[1]: 256 is not in 0-255",
            "line 29: database[1]: matches nothing: give translation_types, point_codes (with ssns) or gt_prefixes",
            "line 31: database[1].ssns[0]: 0 is not in 1-255",
            "line 31: database[1].ssns: ssns need point_codes (a database is matched on DPC+SSN)",
        ])
    }

    @Test func durationsAndSizes() {
        let meter = { (extra: String) in edited(#"site = "s""#, "site = \"s\"\n" + extra) }
        #expect(problems(meter(#"interval = "15x""#)) == [
            #"line 3: meter.interval: "15x" is not a duration (a positive whole number of s, m or h, e.g. "15m")"#,
        ])
        #expect(problems(meter(#"interval = "0m""#)).count == 1)
        #expect(problems(meter("interval = 15")) == ["line 3: meter.interval: expected a string, found an integer"])
        #expect(problems(meter("interval = \"15m\"\nrotate = \"50m\"")) == [
            "line 4: meter.rotate: rotate (50m) is not a whole number of intervals (15m)",
        ])
        #expect(problems(meter(#"interval = "7m""#)) == [
            "line 3: meter.interval: rotate (1h) is not a whole number of intervals (7m)",
        ])
        #expect(problems(meter("interval = \"30s\"\nrotate = \"2h\"\nrotate_size = \"512KiB\"")) == [])
        #expect(problems(meter(#"rotate_size = "64MB""#)) == [
            #"line 3: meter.rotate_size: "64MB" is not a size (a positive whole number of KiB, MiB or GiB, e.g. "64MiB")"#,
        ])
    }

    @Test func rules() {
        let rules = base + """
            [rules]
            data_requests = ["begin", "unidirectional", "beginn"]
            database_match_order = ["gt_prefix", "gt_prefix", "tt"]

            """
        #expect(problems(rules) == [
            #"line 26: rules.data_requests[2]: "beginn" is not a TCAP package (abort, begin, continue, conversation_with_permission, conversation_without_permission, end, query_with_permission, query_without_permission, response, unidirectional)"#,
            #"line 27: rules.database_match_order[1]: "gt_prefix" is listed twice"#,
            #"line 27: rules.database_match_order[2]: "tt" is not a way to match a database (translation_type, point_code_ssn, gt_prefix)"#,
        ])
        let ok = base + """
            [rules]
            data_requests = ["begin", "unidirectional"]
            database_match_order = ["gt_prefix"]

            """
        let c = try? parseConfiguration(text: ok)
        // "unidirectional" names both the ANSI (0xE1) and the ITU (0x61) package.
        #expect(c?.rules.dataRequests == TCAPPackageSet([.ituBegin, .ituUnidirectional, .ansiUnidirectional]))
        #expect(c?.rules.databaseMatchOrder == [.gtPrefix])
    }

    @Test func rates() {
        let rates = base + """
            [rates]
            currency = "usd"
            isup_signal_transport = "1e3"
            isup_signal_switching = 0.0012
            tcap_signal_transport = "-"
            tcap_signal_switching = "0.0000000001"
            query_lnp = "0.01"

            """
        #expect(problems(rates) == [
            #"line 26: rates.currency: "usd" is not an ISO 4217 code (three capital letters, e.g. USD)"#,
            #"line 27: rates.isup_signal_transport: "1e3" is not a decimal amount (digits, optionally . and 1-9 decimals, e.g. "0.0012")"#,
            #"line 28: rates.isup_signal_switching: write amounts as strings, e.g. "0.0012" (a floating-point number is not exact decimal money)"#,
            #"line 29: rates.tcap_signal_transport: "-" is not a decimal amount (digits, optionally . and 1-9 decimals, e.g. "0.0012")"#,
            #"line 30: rates.tcap_signal_switching: "0.0000000001" is not a decimal amount (digits, optionally . and 1-9 decimals, e.g. "0.0012")"#,
            // No database is configured, so there is no query_lnp event.
            "line 31: rates.query_lnp: no such event (events: isup_signal_formulation, isup_signal_transport, isup_signal_switching, tcap_signal_transport, tcap_signal_switching)",
        ])
    }

    @Test func sourcesAndMetrics() {
        let text = base + """
            [[source]]
            name = "tap0"
            interface = "eth1"
            spool = "/var/spool"
            snaplen = 0

            [[source]]
            name = "tap0"
            spool = "/var/spool/ss7meter"
            buffer = "1GiB"

            [metrics]
            listen = "localhost"

            """
        #expect(problems(text) == [
            "line 28: source[0].spool: give interface or spool, not both",
            "line 29: source[0].snaplen: 0 is not in 1-262144",
            #"line 32: source[1].name: duplicate source name "tap0" (also source[0])"#,
            #"line 37: metrics.listen: "localhost" is not ADDRESS:PORT (e.g. 127.0.0.1:9464 or [::1]:9464)"#,
        ])
        let v6 = base + "[metrics]\nlisten = \"[::1]:9464\"\n"
        #expect((try? parseConfiguration(text: v6))?.metrics == MeterConfiguration.Metrics(host: "::1", port: 9464))
    }

    @Test func immediateMode() throws {
        let live = base + "[[source]]\nname = \"tap0\"\ninterface = \"eth1\"\nimmediate = true\n"
        #expect(try parseConfiguration(text: live).sources.first?.immediate == true)
        let unset = base + "[[source]]\nname = \"tap0\"\ninterface = \"eth1\"\n"
        #expect(try parseConfiguration(text: unset).sources.first?.immediate == nil)
        let wrong = base + "[[source]]\nname = \"tap0\"\ninterface = \"eth1\"\nimmediate = \"yes\"\n"
        #expect(problems(wrong).count == 1)
        #expect(problems(wrong).first?.hasPrefix("line 28: source[0].immediate: expected true or false") == true)
        let spool = base + "[[source]]\nname = \"s\"\nspool = \"/var/spool\"\nimmediate = true\n"
        #expect(problems(spool) == ["line 28: source[0].immediate: only a live interface has an immediate mode"])
    }

    @Test func spoolKeys() throws {
        let spool = base + "[[source]]\nname = \"s\"\nspool = \"/var/spool/ss7\"\n"
        let unset = try #require(try parseConfiguration(text: spool).sources.first)
        #expect(unset.spoolSuffixes == nil && unset.spoolSettleSeconds == nil && unset.spoolNewestOpen == nil)
        let set = try #require(try parseConfiguration(
            text: spool + "suffixes = [\".pcap\", \".cap.gz\"]\nsettle = \"2m\"\nnewest_open = true\n").sources.first)
        #expect(set.spoolSuffixes == [".pcap", ".cap.gz"])
        #expect(set.spoolSettleSeconds == 120)
        #expect(set.spoolNewestOpen == true)
        #expect(try parseConfiguration(text: spool + "settle = \"0s\"\n").sources.first?.spoolSettleSeconds == 0)
        // [[source]] follows `base` at line 25: name, spool, then the keys under test from line 28.
        #expect(problems(spool + "settle = \"2\"\nsuffixes = []\nnewest_open = 1\n") == [
            #"line 28: source[0].settle: "2" is not a duration (a positive whole number of s, m or h, e.g. "15m")"#,
            "line 29: source[0].suffixes: give at least one file name ending, e.g. [\".pcap\"]",
            "line 30: source[0].newest_open: expected true or false, found an integer",
        ])
        #expect(problems(spool + "suffixes = [\"\", \"a/b\", 3]\n").sorted() == [
            "line 28: source[0].suffixes[0]: \"\" is not a file name ending (e.g. \".pcap\")",
            "line 28: source[0].suffixes[1]: \"a/b\" is not a file name ending (e.g. \".pcap\")",
            "line 28: source[0].suffixes[2]: expected a string, found an integer",
        ].sorted())
        let live = base + "[[source]]\nname = \"tap0\"\ninterface = \"eth1\"\nsettle = \"1s\"\nnewest_open = false\n"
        #expect(problems(live) == [
            "line 28: source[0].settle: only a spool source has settle",
            "line 29: source[0].newest_open: only a spool source has newest_open",
        ])
    }

    @Test func missingTablesAndSyntax() {
        #expect(problems("[network]\nvariant = \"ansi\"\n") == ["meter: required table [meter] is missing"])
        #expect(problems(edited(#"variant = "ansi""#, #"variant = "japan""#)) == [
            #"line 6: network.variant: "japan" is not a variant (ansi, itu)"#,
        ])
        // TOML syntax errors carry the parser's line (here the unterminated string on line 2).
        let syntax = checkConfiguration(text: "[meter]\nsite = \"s\n")
        #expect(syntax.count == 1 && syntax.first?.line == 2 && syntax.first?.keyPath == "")
    }

    @Test func allProblemsInLineOrder() {
        var text = edited(#"company_stps = ["244-1-0", "244-1-1"]"#, #"company_stps = ["244-1-0", "x"]"#)
        text = edited(#"customer = "beta""#, #"customer = "nobody""#, in: text)
        text = edited(#"site = "s""#, #"site = """#, in: text)
        let errors = checkConfiguration(text: text)
        #expect(errors.map(\.line) == [2, 7, 24])
        #expect(errors.map(\.keyPath) == ["meter.site", "network.company_stps[1]", "link[1].customer"])
        #expect(throws: errors[0]) { try parseConfiguration(text: text) }
    }
}

@Suite struct MoneyTests {
    @Test func exact() {
        #expect(Money("0.0012")?.nanos == 1_200_000)
        #expect(Money("12")?.nanos == 12_000_000_000)
        #expect(Money("0.000000001")?.nanos == 1)
        #expect(Money("1.123456789")?.nanos == 1_123_456_789)
        #expect(Money("-0.5")?.nanos == -500_000_000)
        #expect(Money("9223372036")?.nanos == 9_223_372_036_000_000_000)
        #expect(Money("0.0012")?.description == "0.0012")
        #expect(Money("12.50")?.description == "12.5")
        #expect(Money("-0.000000001")?.description == "-0.000000001")
        // 0.1 + 0.2 is exactly 0.3 here (it is not in binary floating point).
        #expect((Money("0.1")?.nanos ?? 0) + (Money("0.2")?.nanos ?? 0) == Money("0.3")?.nanos)
    }

    @Test(arguments: ["1e3", "-", "", ".5", "5.", "+1", "1,000", " 1", "1 ", "0.0000000001", "9223372037", "0x10", "1.2.3", "--1", "١"])
    func rejects(_ text: String) {
        #expect(Money(text) == nil)
    }
}

func ansi(_ n: UInt32, _ c: UInt32, _ m: UInt32) -> PointCode { PointCode(n << 16 | c << 8 | m) }

func mask(_ text: String) -> PointCodeMask {
    guard let m = PointCodeMask(text, variant: .ansi) else { fatalError("bad mask \(text) in a test") }
    return m
}
