// Who talks to whom in a generated capture. The ANSI default is the worked example of
// ../shared/domain/CHARGING-RULES.md; the ITU default mirrors it with 14-bit codes.

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator. The generator never
/// uses the system RNG, so a seed always gives the same capture.
public struct SplitMix64: Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0), by multiply-shift (Lemire); the tiny bias does not matter here.
    public mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(n)) >> 32)
    }

    /// True with probability `percent`/100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// `count` random decimal digits after `prefix`.
    public mutating func digits(_ prefix: String, count: Int) -> String {
        var s = prefix
        for _ in 0..<count { s.unicodeScalars.append(Unicode.Scalar(UInt8(0x30 + below(10)))) }
        return s
    }
}

/// The signalling network a capture is generated for.
public struct NetworkPlan: Sendable {
    /// A database reached by TCAP queries.
    public struct Database: Sendable {
        public var name: String
        /// Translation type that selects it in a GT-routed called party address.
        public var tt: UInt8
        public var pc: PC
        public var ssn: UInt8
        /// Owned by the Company (query charges) rather than foreign (message charges).
        public var company: Bool
        /// Query opcode: ANSI two octets (family, specifier), ITU a local value.
        public var opcode: UInt16
        public var privateOpcode: Bool
        /// Called digits prefix used in its global titles.
        public var gtPrefix: String
    }

    /// A billed customer: its signalling points and the links it owns.
    public struct Customer: Sendable {
        public var name: String
        public var pc: PC
        /// MTP2 link numbers; messages choose one by SLS.
        public var links: [UInt16]
        /// TCAP queries come from this customer's SP (it has a query SSN).
        public var queries: Bool
    }

    public var variant: Variant
    /// Network indicator written in every SIO.
    public var ni: UInt8
    public var companySTPs: [PC]
    /// The Company's end offices (the calls' far ends), e.g. 244-10-1...244-10-8.
    public var companyEndOffices: [PC]
    public var databases: [Database]
    public var customers: [Customer]
    /// SSN of the querying customer SPs' TCAP user.
    public var querySSN: UInt8
    /// First CIC of the trunk groups (ANSI uses CICs above 4095 to exercise 14 bits).
    public var firstCIC: UInt16
    /// Numbering: national dialled-number prefixes.
    public var calledPrefixes: [String]
    public var digitsPerNumber: Int

    /// ANSI: the CHARGING-RULES worked example. Company STPs 244-1-0/244-1-1, end offices
    /// 244-10-1...8, LNP 244-20-3 SSN 247 (TT 11), toll-free database 244-20-1 SSN 254 (TT 254),
    /// foreign CNAM 246-7-2 SSN 232 (TT 5); customers acme 250-5-1 (links 1 and 2) and
    /// bravo 251-3-7 (link 3).
    public static let ansi = NetworkPlan(
        variant: .ansi, ni: 2,
        companySTPs: [.ansi(244, 1, 0), .ansi(244, 1, 1)],
        companyEndOffices: (1...8).map { .ansi(244, 10, $0) },
        databases: [
            Database(name: "lnp", tt: 11, pc: .ansi(244, 20, 3), ssn: 247, company: true,
                     opcode: 0x8301, privateOpcode: false, gtPrefix: "212"),
            Database(name: "800db", tt: 254, pc: .ansi(244, 20, 1), ssn: 254, company: true,
                     opcode: 0x8301, privateOpcode: false, gtPrefix: "800"),
            Database(name: "cnam", tt: 5, pc: .ansi(246, 7, 2), ssn: 232, company: false,
                     opcode: 0xFE01, privateOpcode: true, gtPrefix: "646"),
        ],
        customers: [
            Customer(name: "acme", pc: .ansi(250, 5, 1), links: [1, 2], queries: true),
            Customer(name: "bravo", pc: .ansi(251, 3, 7), links: [3], queries: false),
        ],
        querySSN: 250, firstCIC: 4001, calledPrefixes: ["212555", "646555", "914555"], digitsPerNumber: 4)

    /// ITU: the same shape with 14-bit codes. Company STPs 2000/2001, end offices 2101...2108,
    /// number portability database 2203 SSN 247 (TT 11), freephone 2201 SSN 254 (TT 254),
    /// foreign name database 5122 SSN 232 (TT 5); customers acme 3001 (links 1 and 2) and
    /// bravo 3002 (link 3). Numbers are E.164 (+44 20 ...).
    public static let itu = NetworkPlan(
        variant: .itu, ni: 2,
        companySTPs: [PC(2000), PC(2001)],
        companyEndOffices: (2101...2108).map { PC($0) },
        databases: [
            Database(name: "lnp", tt: 11, pc: PC(2203), ssn: 247, company: true,
                     opcode: 10, privateOpcode: false, gtPrefix: "4420"),
            Database(name: "800db", tt: 254, pc: PC(2201), ssn: 254, company: true,
                     opcode: 30, privateOpcode: false, gtPrefix: "44800"),
            Database(name: "cnam", tt: 5, pc: PC(5122), ssn: 232, company: false,
                     opcode: 20, privateOpcode: false, gtPrefix: "4416"),
        ],
        customers: [
            Customer(name: "acme", pc: PC(3001), links: [1, 2], queries: true),
            Customer(name: "bravo", pc: PC(3002), links: [3], queries: false),
        ],
        querySSN: 250, firstCIC: 1, calledPrefixes: ["442079", "441612", "441314"], digitsPerNumber: 5)

    /// The default plan of a variant.
    public static func standard(_ variant: Variant) -> NetworkPlan { variant == .ansi ? .ansi : .itu }
}
