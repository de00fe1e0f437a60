import ByteParsing
import SS7Decoding

/// Which way a message crossed a customer link (CHARGING-RULES.md, "Where the meter sits").
public enum Direction: UInt8, Sendable, Hashable {
    /// Ingress: the customer sent it.
    case towardSTP
    /// Egress: the Company's STP delivered it to the customer.
    case fromSTP
    /// Neither the link identity nor the point codes say.
    case unknown

    /// The other direction (`unknown` stays `unknown`).
    public var reversed: Direction {
        switch self {
        case .towardSTP: .fromSTP
        case .fromSTP: .towardSTP
        case .unknown: .unknown
        }
    }

    /// "toward_stp", "from_stp", "unknown": the configuration's and the ledger's spelling.
    public var name: String {
        switch self {
        case .towardSTP: "toward_stp"
        case .fromSTP: "from_stp"
        case .unknown: "unknown"
        }
    }
}

/// A set of TCAP package types as one bit per `TCAPPackageType` case: no allocation to test.
public struct TCAPPackageSet: Hashable, Sendable {
    public private(set) var bits: UInt16 = 0

    public init() {}

    public init(_ types: some Sequence<TCAPPackageType>) {
        for t in types { insert(t) }
    }

    /// ANSI Query With Permission (0xE2), Query Without Permission (0xE3), ITU Begin (0x62).
    public static let defaultDataRequests = TCAPPackageSet([
        .ansiQueryWithPermission, .ansiQueryWithoutPermission, .ituBegin,
    ])

    @inlinable public func contains(_ type: TCAPPackageType) -> Bool { bits & (1 << UInt16(type.rawValue)) != 0 }

    public mutating func insert(_ type: TCAPPackageType) { bits |= 1 << UInt16(type.rawValue) }
}

/// One way of recognising a company database from the SCCP called party address.
public enum DatabaseMatch: String, Sendable, Hashable, CaseIterable {
    /// The translation type of a GT-routed address.
    case translationType = "translation_type"
    /// The point code (the address's own, else the MTP DPC) and SSN of an SSN-routed address.
    case pointCodeSSN = "point_code_ssn"
    /// A digit prefix of the global title of a GT-routed address.
    case gtPrefix = "gt_prefix"
}

/// Everything the classifier knows about the network: the Company's STPs, signalling points and
/// databases, the customers and their links, and the tariff's configurable rules. Built from the
/// configuration (MeterConfig); indices into `databases`, `customers` and `links` are what the
/// classifier reports.
public struct NetworkPlan: Sendable {
    /// Databases a plan may name: far more than a carrier's own 800, LIDB and LNP databases, and within
    /// the 16 bits the meter keeps a message's database in (`FactTable`).
    public static let maxDatabases = 1000

    /// A database the Company owns: a data request to it is charged `query_<name>`, not as messages.
    public struct Database: Sendable, Hashable {
        public var name: String
        public var translationTypes: [UInt8]
        /// With `ssns`: an SSN-routed called party at one of these point codes is this database.
        public var pointCodes: [PointCodeMask]
        /// Empty means any SSN at `pointCodes`.
        public var ssns: [UInt8]
        public var gtPrefixes: [DigitString]

        public init(
            name: String, translationTypes: [UInt8] = [], pointCodes: [PointCodeMask] = [], ssns: [UInt8] = [],
            gtPrefixes: [DigitString] = []
        ) {
            self.name = name
            self.translationTypes = translationTypes
            self.pointCodes = pointCodes
            self.ssns = ssns
            self.gtPrefixes = gtPrefixes
        }
    }

    /// Who is billed: a customer owns point codes and links.
    public struct Customer: Sendable, Hashable {
        public var name: String
        public var pointCodes: [PointCodeMask]

        public init(name: String, pointCodes: [PointCodeMask]) {
            self.name = name
            self.pointCodes = pointCodes
        }
    }

    /// How a configured link is recognised in the capture.
    public enum LinkKey: Hashable, Sendable {
        /// MTP2 pseudo-header link number (either value of the `sent` flag).
        case mtp2(link: UInt16)
        /// An SCTP association, endpoints as seen in a packet travelling toward the STP (customer
        /// endpoint first); packets in the reverse direction travel from the STP.
        case sctp(towardSTP: SCTPEndpoints)
        /// Everything captured on a live interface that no more specific link claims.
        case interface(String)
    }

    public struct Link: Sendable, Hashable {
        public var name: String
        public var key: LinkKey
        /// Index into `customers`: the owner, billed for everything seen on the link.
        public var customer: Int
        public var variant: SS7Variant
        /// The direction of a frame whose MTP2 pseudo-header says `sent`; nil when the flag's
        /// meaning is not configured (direction then comes from point codes).
        public var mtp2Sent: Direction?

        public init(name: String, key: LinkKey, customer: Int, variant: SS7Variant, mtp2Sent: Direction? = nil) {
            self.name = name
            self.key = key
            self.customer = customer
            self.variant = variant
            self.mtp2Sent = mtp2Sent
        }
    }

    /// Notation of the plan's point codes, and the default variant of links and sources.
    public var variant: SS7Variant
    public var companySTPs: [PointCodeMask]
    public var companySignalingPoints: [PointCodeMask]
    public var databases: [Database]
    public var customers: [Customer]
    public var links: [Link]
    /// TCAP packages that count as data requests.
    public var dataRequests: TCAPPackageSet
    /// The order in which the called party is tested against the databases.
    public var databaseMatchOrder: [DatabaseMatch]

    public init(
        variant: SS7Variant, companySTPs: [PointCodeMask] = [], companySignalingPoints: [PointCodeMask] = [],
        databases: [Database] = [], customers: [Customer] = [], links: [Link] = [],
        dataRequests: TCAPPackageSet = .defaultDataRequests,
        databaseMatchOrder: [DatabaseMatch] = DatabaseMatch.allCases
    ) {
        self.variant = variant
        self.companySTPs = companySTPs
        self.companySignalingPoints = companySignalingPoints
        self.databases = databases
        self.customers = customers
        self.links = links
        self.dataRequests = dataRequests
        self.databaseMatchOrder = databaseMatchOrder
    }

    /// Every event name the ledger can carry, in counter order: the five message charges, then
    /// `query_<name>` per database.
    public static func eventNames(databases: [Database]) -> [String] {
        ChargeEvent.fixed.compactMap(\.fixedName) + databases.map { "query_" + $0.name }
    }

    public var eventNames: [String] { Self.eventNames(databases: databases) }

    /// The ledger's name of an event: `isup_signal_formulation`, ..., `query_<database name>`.
    public func name(of event: ChargeEvent) -> String {
        switch event {
        case let .query(database): "query_" + databases[database].name
        default: event.fixedName ?? ""
        }
    }
}

extension NetworkPlan {
    /// The ledger's `link_id` (and name) of the record that counts, together, the unconfigured links
    /// beyond the meter's limit on discovered links.
    public static let otherLinksID = "discovered:other"
    /// The ledger's `link_id` (and name) of the record of frames that name no link (MTP2 without the
    /// pseudo-header, MTP3).
    public static let unknownLinkID = "unknown"
}

extension NetworkPlan.LinkKey: CustomStringConvertible {
    /// The configuration's link id: `mtp2:1`, `sctp:10.1.0.1:2906-10.0.0.1:2905`, `iface:eth1`.
    public var description: String {
        switch self {
        case let .mtp2(link): "mtp2:\(link)"
        case let .sctp(e):
            "sctp:\(Self.host(e.source)):\(e.sourcePort)-\(Self.host(e.destination)):\(e.destinationPort)"
        case let .interface(name): "iface:\(name)"
        }
    }

    private static func host(_ a: IPAddress) -> String { a.isIPv6 ? "[\(a)]" : "\(a)" }
}
