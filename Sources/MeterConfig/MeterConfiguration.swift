import SS7Decoding
import TariffPolicy

/// The meter's configuration file, checked and typed (see config/README.md for every key).
/// Point codes are in `network.variant`'s notation.
public struct MeterConfiguration: Sendable {
    /// `[meter]`: naming, binning and ledger files.
    public struct Meter: Sendable, Hashable {
        /// Names this meter in every record.
        public var site: String
        /// Binning interval in seconds, aligned to UTC boundaries of packet time (default 900).
        public var intervalSeconds: Int
        /// A new ledger file every `rotateSeconds` (default 3600; a whole number of intervals).
        public var rotateSeconds: Int
        /// Optional size limit of one ledger file, in bytes.
        public var rotateSizeBytes: Int?
        public var ledgerDirectory: String

        public init(
            site: String, intervalSeconds: Int = 900, rotateSeconds: Int = 3600, rotateSizeBytes: Int? = nil,
            ledgerDirectory: String
        ) {
            self.site = site
            self.intervalSeconds = intervalSeconds
            self.rotateSeconds = rotateSeconds
            self.rotateSizeBytes = rotateSizeBytes
            self.ledgerDirectory = ledgerDirectory
        }
    }

    /// `[network]`: the Company's side.
    public struct Network: Sendable, Hashable {
        /// Default variant of links and sources, and the notation of every point code in the file.
        public var variant: SS7Variant
        public var companySTPs: [PointCodeMask]
        public var companySignalingPoints: [PointCodeMask]

        public init(variant: SS7Variant, companySTPs: [PointCodeMask] = [], companySignalingPoints: [PointCodeMask] = []) {
            self.variant = variant
            self.companySTPs = companySTPs
            self.companySignalingPoints = companySignalingPoints
        }
    }

    /// `[rules]`: what a carrier's tariff may change.
    public struct Rules: Sendable, Hashable {
        public var dataRequests: TCAPPackageSet = .defaultDataRequests
        public var databaseMatchOrder: [DatabaseMatch] = DatabaseMatch.allCases

        public init(
            dataRequests: TCAPPackageSet = .defaultDataRequests,
            databaseMatchOrder: [DatabaseMatch] = DatabaseMatch.allCases
        ) {
            self.dataRequests = dataRequests
            self.databaseMatchOrder = databaseMatchOrder
        }
    }

    /// `[rates]`: price per event (by ledger event name, `query_<db>` included).
    public struct Rates: Sendable, Hashable {
        /// ISO 4217 code, e.g. "USD".
        public var currency: String
        public var perEvent: [String: Money]

        public init(currency: String, perEvent: [String: Money]) {
            self.currency = currency
            self.perEvent = perEvent
        }
    }

    /// `[[source]]`: a live capture (parsed and checked; used by the live meter).
    public struct Source: Sendable, Hashable {
        public enum Input: Sendable, Hashable {
            case interface(String)
            case spool(directory: String)
        }
        public var name: String
        public var input: Input
        public var variant: SS7Variant
        /// A pcap filter expression.
        public var filter: String?
        public var bufferBytes: Int?
        public var snaplen: Int?
        /// libpcap immediate mode (each frame as it arrives) instead of block mode; nil = block mode,
        /// which measured no drops where immediate mode dropped (see LiveCapture.Settings.immediate).
        public var immediate: Bool?
        /// Spool sources only; nil = the daemon's defaults (`ss7meter run --spool-*`): the name endings
        /// of capture files (`suffixes`), the whole seconds a file must stay unmodified before it is
        /// metered (`settle`), and whether the newest file is still being written (`newest_open`).
        public var spoolSuffixes: [String]?
        public var spoolSettleSeconds: Int?
        public var spoolNewestOpen: Bool?

        public init(
            name: String, input: Input, variant: SS7Variant, filter: String? = nil, bufferBytes: Int? = nil,
            snaplen: Int? = nil
        ) {
            self.name = name
            self.input = input
            self.variant = variant
            self.filter = filter
            self.bufferBytes = bufferBytes
            self.snaplen = snaplen
        }
    }

    /// `[metrics]`: where the metrics endpoint listens.
    public struct Metrics: Sendable, Hashable {
        /// An IPv4 or IPv6 address or a host name, without brackets.
        public var host: String
        public var port: UInt16

        public init(host: String, port: UInt16) {
            self.host = host
            self.port = port
        }
    }

    public var meter: Meter
    public var network: Network
    public var databases: [NetworkPlan.Database]
    public var customers: [NetworkPlan.Customer]
    /// Links, with their customer as an index into `customers`.
    public var links: [NetworkPlan.Link]
    public var rules: Rules
    public var rates: Rates?
    public var sources: [Source]
    public var metrics: Metrics?

    public init(
        meter: Meter, network: Network, databases: [NetworkPlan.Database] = [], customers: [NetworkPlan.Customer] = [],
        links: [NetworkPlan.Link] = [], rules: Rules = Rules(), rates: Rates? = nil, sources: [Source] = [],
        metrics: Metrics? = nil
    ) {
        self.meter = meter
        self.network = network
        self.databases = databases
        self.customers = customers
        self.links = links
        self.rules = rules
        self.rates = rates
        self.sources = sources
        self.metrics = metrics
    }

    /// Every event name the ledger can carry for this configuration: the fixed ones, then
    /// `query_<db>` per database.
    public var eventNames: [String] {
        NetworkPlan.eventNames(databases: databases)
    }
}

extension NetworkPlan {
    /// The classifier's view of a checked configuration.
    public init(_ configuration: MeterConfiguration) {
        self.init(
            variant: configuration.network.variant,
            companySTPs: configuration.network.companySTPs,
            companySignalingPoints: configuration.network.companySignalingPoints,
            databases: configuration.databases,
            customers: configuration.customers,
            links: configuration.links,
            dataRequests: configuration.rules.dataRequests,
            databaseMatchOrder: configuration.rules.databaseMatchOrder)
    }
}
