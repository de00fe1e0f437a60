import ByteParsing
import Foundation
import SS7Decoding
import TOMLKit
import TariffPolicy

/// Reads and checks a configuration file; throws its first problem (in line order).
public func loadConfiguration(path: String) throws(ConfigError) -> MeterConfiguration {
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw ConfigError(line: nil, keyPath: "", message: "cannot read \(path): \(error.localizedDescription)")
    }
    return try parseConfiguration(text: text)
}

/// Checks configuration text; throws its first problem (in line order).
public func parseConfiguration(text: String) throws(ConfigError) -> MeterConfiguration {
    let (configuration, errors) = ConfigChecker.check(text)
    guard let configuration, errors.isEmpty else {
        throw errors.first ?? ConfigError(line: nil, keyPath: "", message: "invalid configuration")
    }
    return configuration
}

/// A link id in the configuration's syntax (`mtp2:N`, `sctp:A:pa-B:pb` with IPv6 in brackets,
/// `iface:NAME`), as `[[link]]` ids and the ledger's `link_id` write it; nil if it is not one.
public func parseLinkID(_ id: String) -> NetworkPlan.LinkKey? { ConfigChecker.linkKey(id) }

/// Every problem in configuration text, in line order; empty when it is valid. A syntax error
/// stops the check (nothing else can be read), so it is reported alone.
public func checkConfiguration(text: String) -> [ConfigError] {
    ConfigChecker.check(text).errors
}

/// Where a value sits: a table (`meter`), an element of an array of tables (`link`, 1), or the root.
struct Place {
    var table: String
    var occurrence: Int?
    static let root = Place(table: "", occurrence: nil)
    var path: String { occurrence.map { "\(table)[\($0)]" } ?? table }
}

/// Walks the parsed TOML, collecting every problem with its line and key path and building the
/// typed configuration (which is discarded if there was any problem).
final class ConfigChecker {
    let locator: LineLocator
    var errors: [ConfigError] = []

    init(locator: LineLocator) { self.locator = locator }

    static func check(_ text: String) -> (configuration: MeterConfiguration?, errors: [ConfigError]) {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            return (nil, [ConfigError(line: e.source.begin.line, keyPath: "", message: e.description)])
        } catch {
            return (nil, [ConfigError(line: nil, keyPath: "", message: "\(error)")])
        }
        let checker = ConfigChecker(locator: LineLocator(text: text))
        let configuration = checker.configuration(root)
        // Stable sort by line; errors without a line first.
        let errors = checker.errors.enumerated().sorted {
            ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
        }.map(\.element)
        return (errors.isEmpty ? configuration : nil, errors)
    }

    func report(_ place: Place, _ key: String?, index: Int? = nil, _ message: String) {
        let line = locator.line(table: place.table, occurrence: place.occurrence, key: key)
        var path = place.path
        if let key { path += path.isEmpty ? key : "." + key }
        if let index { path += "[\(index)]" }
        errors.append(ConfigError(line: line, keyPath: path, message: message))
    }

    // MARK: The file

    private static let topKeys = ["meter", "network", "database", "customer", "link", "rules", "rates", "source", "metrics"]

    func configuration(_ root: TOMLTable) -> MeterConfiguration {
        let top = Section(root, .root, self, allowed: Self.topKeys)
        let network = network(top.table("network", required: true))
        let variant = network.variant
        let meter = meter(top.table("meter", required: true))
        let databaseSections = top.tables("database")
        let databases = databaseSections.map { database($0, variant) }
        unique(databases.map(\.name), "database", databaseSections)
        if databaseSections.count > NetworkPlan.maxDatabases {
            databaseSections[NetworkPlan.maxDatabases].fail(nil, "at most \(NetworkPlan.maxDatabases) [[database]] tables")
        }
        let customers = customers(top.tables("customer"), variant)
        let links = links(top.tables("link"), customers: customers, network: network.variant ?? .ansi)
        let rules = top.table("rules").map(rules) ?? MeterConfiguration.Rules()
        let configuration = MeterConfiguration(
            meter: meter,
            network: MeterConfiguration.Network(
                variant: network.variant ?? .ansi, companySTPs: network.stps, companySignalingPoints: network.sps),
            databases: databases, customers: customers, links: links, rules: rules, rates: nil,
            sources: sources(top.tables("source"), network: network.variant ?? .ansi),
            metrics: top.table("metrics").map(metrics))
        var result = configuration
        result.rates = top.table("rates").map { rates($0, events: configuration.eventNames) }
        return result
    }

    private func unique(_ names: [String], _ what: String, _ sections: [Section]) {
        var first: [String: Int] = [:]
        for (i, name) in names.enumerated() where !name.isEmpty {
            if let j = first[name] {
                sections[i].fail("name", "duplicate \(what) name \"\(name)\" (also \(what)[\(j)])")
            } else {
                first[name] = i
            }
        }
    }

    // MARK: Tables

    private func meter(_ s: Section?) -> MeterConfiguration.Meter {
        let fallback = MeterConfiguration.Meter(
            site: "", intervalSeconds: 900, rotateSeconds: 3600, rotateSizeBytes: nil, ledgerDirectory: "")
        guard let s = s?.allowing(["site", "interval", "rotate", "rotate_size", "ledger_dir"]) else { return fallback }
        let site = s.nonEmptyString("site") ?? ""
        let interval = s.has("interval") ? s.duration("interval") : 900
        let rotate = s.has("rotate") ? s.duration("rotate") : 3600
        if let interval, let rotate, rotate % interval != 0 {
            s.fail(
                s.has("rotate") ? "rotate" : "interval",
                "rotate (\(Self.duration(rotate))) is not a whole number of intervals (\(Self.duration(interval)))")
        }
        let size = s.has("rotate_size") ? s.size("rotate_size") : nil
        let dir = s.nonEmptyString("ledger_dir") ?? ""
        return MeterConfiguration.Meter(
            site: site, intervalSeconds: interval ?? 900, rotateSeconds: rotate ?? 3600, rotateSizeBytes: size,
            ledgerDirectory: dir)
    }

    private func network(_ s: Section?) -> (variant: SS7Variant?, stps: [PointCodeMask], sps: [PointCodeMask]) {
        guard let s = s?.allowing(["variant", "company_stps", "company_signaling_points"]) else { return (nil, [], []) }
        let variant = s.variant("variant", required: true)
        return (variant, s.masks("company_stps", variant), s.masks("company_signaling_points", variant))
    }

    private func database(_ s: Section, _ variant: SS7Variant?) -> NetworkPlan.Database {
        _ = s.allowing(["name", "translation_types", "point_codes", "ssns", "gt_prefixes"])
        var name = s.nonEmptyString("name") ?? ""
        if !name.isEmpty, !name.utf8.allSatisfy(Self.isIdentifierByte) {
            s.fail("name", "\"\(name)\" is not an identifier (letters, digits and _): it names the event query_<name>")
            name = ""
        }
        let tts = s.ints("translation_types", 0...255).map { UInt8($0) }
        let pcs = s.masks("point_codes", variant)
        let ssns = s.ints("ssns", 1...255).map { UInt8($0) }
        var prefixes: [DigitString] = []
        for (i, text) in s.strings("gt_prefixes") {
            if (1...DigitString.capacity).contains(text.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                prefixes.append(DigitString(text))
            } else {
                s.fail("gt_prefixes", index: i, "\"\(text)\" is not a digit prefix (1-32 digits 0-9)")
            }
        }
        if s.has("ssns"), !s.has("point_codes") {
            s.fail("ssns", "ssns need point_codes (a database is matched on DPC+SSN)")
        }
        if !s.has("translation_types"), !s.has("point_codes"), !s.has("gt_prefixes") {
            s.fail(nil, "matches nothing: give translation_types, point_codes (with ssns) or gt_prefixes")
        }
        return NetworkPlan.Database(name: name, translationTypes: tts, pointCodes: pcs, ssns: ssns, gtPrefixes: prefixes)
    }

    private func customers(_ sections: [Section], _ variant: SS7Variant?) -> [NetworkPlan.Customer] {
        let customers = sections.map { s -> NetworkPlan.Customer in
            _ = s.allowing(["name", "point_codes"])
            var name = s.nonEmptyString("name") ?? ""
            if name == "unattributed" {
                s.fail("name", "\"unattributed\" is reserved for traffic no customer owns")
                name = ""
            } else if !name.isEmpty, !name.utf8.allSatisfy({ Self.isIdentifierByte($0) || $0 == 0x2D || $0 == 0x2E }) {
                s.fail("name", "\"\(name)\" is not a name (letters, digits, _, - and .)")
                name = ""
            }
            return NetworkPlan.Customer(name: name, pointCodes: s.masks("point_codes", variant))
        }
        unique(customers.map(\.name), "customer", sections)
        return customers
    }

    private func links(_ sections: [Section], customers: [NetworkPlan.Customer], network: SS7Variant)
        -> [NetworkPlan.Link]
    {
        var seen: [NetworkPlan.LinkKey: Int] = [:]
        var links: [NetworkPlan.Link] = []
        for (i, s) in sections.enumerated() {
            _ = s.allowing(["id", "name", "customer", "variant", "mtp2_sent"])
            var key = NetworkPlan.LinkKey.interface("")
            var idIsValid = false
            if let id = s.nonEmptyString("id") {
                if let k = Self.linkKey(id) {
                    key = k
                    idIsValid = true
                    // An SCTP association is the same link in either direction.
                    var other = k
                    if case let .sctp(e) = k { other = .sctp(towardSTP: Self.reversed(e)) }
                    if let j = seen[k] ?? seen[other] {
                        s.fail("id", "link \"\(id)\" is already configured by link[\(j)] (\(links[j].name))")
                    } else {
                        seen[k] = i
                    }
                } else {
                    s.fail("id", "\"\(id)\" is not a link id (mtp2:N, sctp:ADDR:PORT-ADDR:PORT with the customer's endpoint first, iface:NAME)")
                }
            }
            let name = s.nonEmptyString("name") ?? ""
            // The meter records a link the configuration does not list under its id (or, past its limit
            // on them, as discovered:other), and frames that name no link as unknown: a link named like
            // one of those would share its record name with another link's.
            if name == NetworkPlan.otherLinksID || name == NetworkPlan.unknownLinkID {
                s.fail("name", "\"\(name)\" is reserved for traffic on links the configuration does not list")
            } else if idIsValid, let named = Self.linkKey(name), !Self.sameLink(named, key) {
                s.fail("name", "\"\(name)\" is another link's id, which names that link's records when it is not configured")
            }
            var owner = 0
            if let c = s.nonEmptyString("customer") {
                if let k = customers.firstIndex(where: { $0.name == c }) {
                    owner = k
                } else {
                    var names: [String] = []
                    for n in customers.map(\.name) where !n.isEmpty && !names.contains(n) { names.append(n) }
                    s.fail(
                        "customer",
                        "no customer named \"\(c)\" "
                            + (names.isEmpty ? "(no [[customer]] is configured)" : "(customers: \(names.joined(separator: ", ")))"))
                }
            }
            let variant = s.has("variant") ? s.variant("variant") ?? network : network
            var sent: Direction?
            if let text = s.string("mtp2_sent") {
                switch text {
                case "from_stp": sent = .fromSTP
                case "toward_stp": sent = .towardSTP
                default: s.fail("mtp2_sent", "\"\(text)\" is not from_stp or toward_stp")
                }
                if case .mtp2 = key {} else if s.has("id") {
                    s.fail("mtp2_sent", "only an mtp2: link has an MTP2 sent flag")
                }
            }
            links.append(NetworkPlan.Link(name: name, key: key, customer: owner, variant: variant, mtp2Sent: sent))
        }
        unique(links.map(\.name), "link", sections)
        return links
    }

    private func rules(_ s: Section) -> MeterConfiguration.Rules {
        _ = s.allowing(["data_requests", "database_match_order"])
        var rules = MeterConfiguration.Rules()
        if s.has("data_requests") {
            var set = TCAPPackageSet()
            let names = Set(TCAPPackageType.allCases.map(\.summaryKey)).sorted()
            for (i, text) in s.strings("data_requests") {
                let types = TCAPPackageType.allCases.filter { $0.summaryKey == text }
                if types.isEmpty {
                    s.fail("data_requests", index: i, "\"\(text)\" is not a TCAP package (\(names.joined(separator: ", ")))")
                }
                for t in types { set.insert(t) }
            }
            rules.dataRequests = set
        }
        if s.has("database_match_order") {
            var order: [DatabaseMatch] = []
            let all = DatabaseMatch.allCases.map(\.rawValue).joined(separator: ", ")
            let texts = s.strings("database_match_order")
            for (i, text) in texts {
                if let m = DatabaseMatch(rawValue: text) {
                    if order.contains(m) {
                        s.fail("database_match_order", index: i, "\"\(text)\" is listed twice")
                    } else {
                        order.append(m)
                    }
                } else {
                    s.fail("database_match_order", index: i, "\"\(text)\" is not a way to match a database (\(all))")
                }
            }
            if texts.isEmpty, s.value("database_match_order")?.array != nil {
                s.fail("database_match_order", "must name at least one of \(all)")
            }
            rules.databaseMatchOrder = order
        }
        return rules
    }

    private func rates(_ s: Section, events: [String]) -> MeterConfiguration.Rates {
        var currency = ""
        if let c = s.string("currency", required: true) {
            if c.count == 3, c.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) {
                currency = c
            } else {
                s.fail("currency", "\"\(c)\" is not an ISO 4217 code (three capital letters, e.g. USD)")
            }
        }
        var perEvent: [String: Money] = [:]
        for key in s.keys where key != "currency" {
            guard events.contains(key) else {
                s.fail(key, "no such event (events: \(events.joined(separator: ", ")))")
                continue
            }
            guard let value = s.value(key) else { continue }
            guard let text = value.string else {
                s.fail(key, "write amounts as strings, e.g. \"0.0012\" (\(described(value.type)) is not exact decimal money)")
                continue
            }
            guard let money = Money(text) else {
                s.fail(key, "\"\(text)\" is not a decimal amount (digits, optionally . and 1-9 decimals, e.g. \"0.0012\")")
                continue
            }
            guard money.nanos >= 0 else {
                s.fail(key, "\"\(text)\" is negative")
                continue
            }
            perEvent[key] = money
        }
        return MeterConfiguration.Rates(currency: currency, perEvent: perEvent)
    }

    private func sources(_ sections: [Section], network: SS7Variant) -> [MeterConfiguration.Source] {
        let sources = sections.map { s -> MeterConfiguration.Source in
            _ = s.allowing([
                "name", "interface", "spool", "variant", "filter", "buffer", "snaplen", "immediate", "suffixes",
                "settle", "newest_open",
            ])
            let name = s.nonEmptyString("name") ?? ""
            var input = MeterConfiguration.Source.Input.interface("")
            switch (s.has("interface"), s.has("spool")) {
            case (true, false): input = .interface(s.nonEmptyString("interface") ?? "")
            case (false, true): input = .spool(directory: s.nonEmptyString("spool") ?? "")
            case (true, true): s.fail("spool", "give interface or spool, not both")
            case (false, false): s.fail(nil, "give interface (live capture) or spool (a directory of capture files)")
            }
            let variant = s.has("variant") ? s.variant("variant") ?? network : network
            let buffer = s.has("buffer") ? s.size("buffer") : nil
            var snaplen: Int?
            if s.has("snaplen") { snaplen = s.int("snaplen", 1...262_144) }
            let immediate = s.bool("immediate")
            if immediate != nil, case .spool = input { s.fail("immediate", "only a live interface has an immediate mode") }
            var source = MeterConfiguration.Source(
                name: name, input: input, variant: variant, filter: s.string("filter"), bufferBytes: buffer,
                snaplen: snaplen)
            source.immediate = immediate
            spoolKeys(s, input, into: &source)
            return source
        }
        unique(sources.map(\.name), "source", sections)
        return sources
    }

    /// `suffixes`, `settle` and `newest_open`: how a spool directory is watched. Keys of spool sources
    /// only, so that a live source's table cannot carry settings that would silently do nothing.
    private func spoolKeys(
        _ s: Section, _ input: MeterConfiguration.Source.Input, into source: inout MeterConfiguration.Source
    ) {
        if case .interface = input {
            for key in ["suffixes", "settle", "newest_open"] where s.has(key) { s.fail(key, "only a spool source has \(key)") }
            return
        }
        if s.has("suffixes") {
            let suffixes = s.strings("suffixes")
            for (i, suffix) in suffixes where suffix.isEmpty || suffix.contains("/") {
                s.fail("suffixes", index: i, "\"\(suffix)\" is not a file name ending (e.g. \".pcap\")")
            }
            if suffixes.isEmpty { s.fail("suffixes", "give at least one file name ending, e.g. [\".pcap\"]") }
            source.spoolSuffixes = suffixes.map(\.1)
        }
        // "0s" too: a spool that only ever receives whole files (moved in by rename) need not wait.
        if let text = s.string("settle") { source.spoolSettleSeconds = text == "0s" ? 0 : s.duration("settle") }
        source.spoolNewestOpen = s.bool("newest_open")
    }

    private func metrics(_ s: Section) -> MeterConfiguration.Metrics {
        _ = s.allowing(["listen"])
        guard let text = s.nonEmptyString("listen") else { return MeterConfiguration.Metrics(host: "", port: 0) }
        if let (host, port) = Self.hostPort(text) { return MeterConfiguration.Metrics(host: host, port: port) }
        s.fail("listen", "\"\(text)\" is not ADDRESS:PORT (e.g. 127.0.0.1:9464 or [::1]:9464)")
        return MeterConfiguration.Metrics(host: "", port: 0)
    }

    // MARK: Value syntax

    static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    /// "15m" -> 900: a positive whole number of s, m or h.
    static func parseDuration(_ text: String) -> Int? {
        guard let unit = text.last, let multiplier = ["s": 1, "m": 60, "h": 3600][unit] else { return nil }
        let digits = text.dropLast()
        guard (1...9).contains(digits.count), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let n = Int(digits), n > 0
        else { return nil }
        return n * multiplier
    }

    static func duration(_ seconds: Int) -> String {
        seconds % 3600 == 0 ? "\(seconds / 3600)h" : seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds)s"
    }

    /// "64MiB" -> 67108864: a positive whole number of KiB, MiB or GiB.
    static func parseSize(_ text: String) -> Int? {
        let units = ["KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30]
        guard text.count > 3, let multiplier = units[String(text.suffix(3))] else { return nil }
        let digits = text.dropLast(3)
        guard digits.count <= 9, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(digits), n > 0
        else { return nil }
        return n * multiplier
    }

    /// `mtp2:N`, `sctp:A:pa-B:pb` (IPv6 in brackets), `iface:NAME`.
    static func linkKey(_ id: String) -> NetworkPlan.LinkKey? {
        if id.hasPrefix("mtp2:") {
            let n = id.dropFirst(5)
            guard (1...5).contains(n.count), n.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let v = UInt16(n)
            else { return nil }
            return .mtp2(link: v)
        }
        if id.hasPrefix("iface:") {
            let name = id.dropFirst(6)
            guard !name.isEmpty, !name.contains(where: \.isWhitespace) else { return nil }
            return .interface(String(name))
        }
        if id.hasPrefix("sctp:") {
            // The separator is the "-" after the first endpoint's port: addresses contain no "-".
            let parts = id.dropFirst(5).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let (a, pa) = endpoint(parts[0]), let (b, pb) = endpoint(parts[1]),
                a.isIPv6 == b.isIPv6
            else { return nil }
            return .sctp(towardSTP: SCTPEndpoints(source: a, destination: b, sourcePort: pa, destinationPort: pb))
        }
        return nil
    }

    /// Whether two link ids name one link (an SCTP association may be written from either end).
    static func sameLink(_ a: NetworkPlan.LinkKey, _ b: NetworkPlan.LinkKey) -> Bool {
        if a == b { return true }
        if case let .sctp(e) = a { return .sctp(towardSTP: reversed(e)) == b }
        return false
    }

    static func reversed(_ e: SCTPEndpoints) -> SCTPEndpoints {
        SCTPEndpoints(source: e.destination, destination: e.source, sourcePort: e.destinationPort, destinationPort: e.sourcePort)
    }

    /// `10.1.0.1:2906` or `[2001:db8::1]:2906`.
    private static func endpoint(_ text: Substring) -> (IPAddress, UInt16)? {
        guard let (host, port) = hostPort(String(text)) else { return nil }
        if let v4 = ipv4(host) { return (IPAddress(ipv4: v4), port) }
        if text.hasPrefix("["), let v6 = ipv6(host) { return (v6, port) }
        return nil
    }

    /// Splits `HOST:PORT` or `[V6]:PORT`; the port is 1-65535.
    static func hostPort(_ text: String) -> (String, UInt16)? {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
            guard ipv6(String(host)) != nil else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
            guard !host.isEmpty, !host.contains(":"),
                host.utf8.allSatisfy({ isIdentifierByte($0) || $0 == 0x2D || $0 == 0x2E })
            else { return nil }
        }
        guard (1...5).contains(port.count), port.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let p = UInt16(port), p > 0
        else { return nil }
        return (String(host), p)
    }

    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard (1...3).contains(p.count), p.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let o = UInt8(p) else {
                return nil
            }
            v = v << 8 | UInt32(o)
        }
        return v
    }

    static func ipv6(_ text: String) -> IPAddress? {
        var bytes = [UInt8](repeating: 0, count: 16)
        let ok = bytes.withUnsafeMutableBytes { inet_pton(AF_INET6, text, $0.baseAddress) }
        guard ok == 1 else { return nil }
        let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return IPAddress(ipv6High: high, low: low)
    }
}

/// "an integer", "a string", ...: for messages.
func described(_ type: TOMLType) -> String {
    switch type {
    case .int: "an integer"
    case .array: "an array"
    case .bool: "a boolean"
    default: "a \(type)"
    }
}

/// One TOML table being read: typed getters that report what is wrong with the key path and line.
struct Section {
    let table: TOMLTable
    let place: Place
    let checker: ConfigChecker

    init(_ table: TOMLTable, _ place: Place, _ checker: ConfigChecker, allowed: [String]? = nil) {
        self.table = table
        self.place = place
        self.checker = checker
        if let allowed { _ = allowing(allowed) }
    }

    /// Reports every key not in `allowed` (typos must not pass silently).
    @discardableResult
    func allowing(_ allowed: [String]) -> Section {
        for key in keys where !allowed.contains(key) {
            let what = place.table.isEmpty ? "top-level tables" : "\(place.table) keys"
            fail(key, "unknown key (\(what): \(allowed.joined(separator: ", ")))")
        }
        return self
    }

    var keys: [String] { table.keys }

    func fail(_ key: String?, index: Int? = nil, _ message: String) {
        checker.report(place, key, index: index, message)
    }

    func has(_ key: String) -> Bool { table[key] != nil }

    func value(_ key: String) -> (any TOMLValueConvertible)? { table[key] }

    func table(_ key: String, required: Bool = false) -> Section? {
        guard let v = table[key] else {
            if required { checker.errors.append(ConfigError(line: nil, keyPath: key, message: "required table [\(key)] is missing")) }
            return nil
        }
        guard let t = v.table else {
            fail(key, "expected a table [\(key)], found \(described(v.type))")
            return nil
        }
        return Section(t, Place(table: key, occurrence: nil), checker)
    }

    /// The elements of an array of tables `[[key]]`.
    func tables(_ key: String) -> [Section] {
        guard let v = table[key] else { return [] }
        guard let array = v.array, array.allSatisfy({ $0.type == .table }) else {
            fail(key, "expected an array of tables [[\(key)]], found \(described(v.type))")
            return []
        }
        return array.enumerated().compactMap { i, e in
            e.table.map { Section($0, Place(table: key, occurrence: i), checker) }
        }
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let v = table[key] else {
            if required { fail(key, "required key is missing") }
            return nil
        }
        guard let s = v.string else {
            fail(key, "expected a string, found \(described(v.type))")
            return nil
        }
        return s
    }

    /// A required, non-empty string.
    func nonEmptyString(_ key: String) -> String? {
        guard let s = string(key, required: true) else { return nil }
        if s.isEmpty { fail(key, "must not be empty") }
        return s.isEmpty ? nil : s
    }

    func bool(_ key: String) -> Bool? {
        guard let v = table[key] else { return nil }
        guard let b = v.bool else {
            fail(key, "expected true or false, found \(described(v.type))")
            return nil
        }
        return b
    }

    func int(_ key: String, _ range: ClosedRange<Int>) -> Int? {
        guard let v = table[key] else { return nil }
        guard let n = v.int else {
            fail(key, "expected an integer, found \(described(v.type))")
            return nil
        }
        guard range.contains(n) else {
            fail(key, "\(n) is not in \(range.lowerBound)-\(range.upperBound)")
            return nil
        }
        return n
    }

    private func array(_ key: String) -> TOMLArray? {
        guard let v = table[key] else { return nil }
        guard let a = v.array else {
            fail(key, "expected an array, found \(described(v.type))")
            return nil
        }
        return a
    }

    /// The string elements with their indices (others are reported).
    func strings(_ key: String) -> [(Int, String)] {
        guard let a = array(key) else { return [] }
        var result: [(Int, String)] = []
        for (i, e) in a.enumerated() {
            if let s = e.string { result.append((i, s)) } else { fail(key, index: i, "expected a string, found \(described(e.type))") }
        }
        return result
    }

    /// The integer elements within `range` (others are reported).
    func ints(_ key: String, _ range: ClosedRange<Int>) -> [Int] {
        guard let a = array(key) else { return [] }
        var result: [Int] = []
        for (i, e) in a.enumerated() {
            guard let n = e.int else {
                fail(key, index: i, "expected an integer, found \(described(e.type))")
                continue
            }
            if range.contains(n) {
                result.append(n)
            } else {
                fail(key, index: i, "\(n) is not in \(range.lowerBound)-\(range.upperBound)")
            }
        }
        return result
    }

    func variant(_ key: String, required: Bool = false) -> SS7Variant? {
        guard let s = string(key, required: required) else { return nil }
        guard let v = SS7Variant(rawValue: s) else {
            fail(key, "\"\(s)\" is not a variant (ansi, itu)")
            return nil
        }
        return v
    }

    /// Point codes or masks in `variant`'s notation; unchecked when the variant is unknown (its own
    /// error is reported).
    func masks(_ key: String, _ variant: SS7Variant?) -> [PointCodeMask] {
        let texts = strings(key)
        guard let variant else { return [] }
        var result: [PointCodeMask] = []
        for (i, text) in texts {
            if let m = PointCodeMask(text, variant: variant) {
                result.append(m)
            } else {
                let notation =
                    variant == .ansi
                    ? "an ANSI point code or mask (network-cluster-member, each 0-255 or *)"
                    : "an ITU point code or mask (zone-area-point, 0-7, 0-255, 0-7 or *; or decimal 0-16383)"
                fail(key, index: i, "\"\(text)\" is not \(notation)")
            }
        }
        return result
    }

    func duration(_ key: String) -> Int? {
        guard let s = string(key) else { return nil }
        guard let d = ConfigChecker.parseDuration(s) else {
            fail(key, "\"\(s)\" is not a duration (a positive whole number of s, m or h, e.g. \"15m\")")
            return nil
        }
        return d
    }

    func size(_ key: String) -> Int? {
        guard let s = string(key) else { return nil }
        guard let n = ConfigChecker.parseSize(s) else {
            fail(key, "\"\(s)\" is not a size (a positive whole number of KiB, MiB or GiB, e.g. \"64MiB\")")
            return nil
        }
        return n
    }
}
