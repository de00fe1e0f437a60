import ByteParsing
import SS7Decoding

/// What the tariff makes of one message: where it was seen, who pays, and what it is charged.
public struct Classification: Hashable, Sendable {
    /// Index into `NetworkPlan.links`; nil when the configuration names no link for it.
    public var link: Int?
    /// Index into `NetworkPlan.customers` of the customer billed; nil = unattributed.
    public var customer: Int?
    public var direction: Direction
    /// An ISUP IAM.
    public var isCallSetupRequest: Bool
    /// A TCAP package of `NetworkPlan.dataRequests`, not in an SCCP service (returned) message.
    public var isDataRequest: Bool
    public var events: ChargeEventSet

    public init(
        link: Int? = nil, customer: Int? = nil, direction: Direction = .unknown, isCallSetupRequest: Bool = false,
        isDataRequest: Bool = false, events: ChargeEventSet = ChargeEventSet()
    ) {
        self.link = link
        self.customer = customer
        self.direction = direction
        self.isCallSetupRequest = isCallSetupRequest
        self.isDataRequest = isDataRequest
        self.events = events
    }
}

/// Applies CHARGING-RULES.md to decoded messages. Pure: the plan in, a classification per message
/// out. Per message it allocates nothing: links are found through dictionaries built once (with the
/// last answer cached, since consecutive messages mostly share a link) and point codes are tested
/// as value/mask compares.
public struct Classifier {
    public let plan: NetworkPlan
    private let mtp2Links: [UInt16: Int]
    private let sctpLinks: [SCTPEndpoints: LinkHit]
    /// The same as `sctpLinks` while there are few: a linear scan costs less than SipHash of the
    /// endpoints, which a capture interleaving several associations paid on most messages.
    private let sctpLinkList: [(endpoints: SCTPEndpoints, hit: LinkHit)]
    private let interfaceLinks: [String: Int]

    /// What the configuration says of a capture's link identity: the configured link (index into
    /// `NetworkPlan.links`; nil when none is), and the direction its identity implies.
    public struct LinkHit: Hashable, Sendable {
        public var link: Int?
        public var direction: Direction

        @inlinable
        public init(link: Int?, direction: Direction) {
            self.link = link
            self.direction = direction
        }
    }

    private var cache = LinkIdentityCache<LinkHit>()
    /// The interface the cache's answers were worked out for (live sources name one; offline nil).
    private var cachedInterface: String?

    /// The plan must be consistent (as MeterConfig builds it): link customers in range, link keys unique.
    public init(plan: NetworkPlan) {
        self.plan = plan
        var mtp2: [UInt16: Int] = [:]
        var sctp: [SCTPEndpoints: LinkHit] = [:]
        var interfaces: [String: Int] = [:]
        for (i, link) in plan.links.enumerated() {
            precondition(plan.customers.indices.contains(link.customer), "link \(link.name): no customer \(link.customer)")
            let fresh: Bool
            switch link.key {
            case let .mtp2(n):
                fresh = mtp2.updateValue(i, forKey: n) == nil
            case let .sctp(e):
                let back = SCTPEndpoints(
                    source: e.destination, destination: e.source, sourcePort: e.destinationPort,
                    destinationPort: e.sourcePort)
                fresh = sctp.updateValue(LinkHit(link: i, direction: .towardSTP), forKey: e) == nil
                    && sctp.updateValue(LinkHit(link: i, direction: .fromSTP), forKey: back) == nil
            case let .interface(name):
                fresh = interfaces.updateValue(i, forKey: name) == nil
            }
            precondition(fresh, "link \(link.name): \(link.key) is configured twice")
        }
        mtp2Links = mtp2
        sctpLinks = sctp
        sctpLinkList = sctp.count <= 16 ? sctp.map { ($0.key, $0.value) } : []
        interfaceLinks = interfaces
    }

    /// Classifies one decoded message. `interface` is the capture interface for live sources (what
    /// `iface:` link ids name), nil offline.
    /// (The meter takes the same three steps apart: `linkHit`, `facts`, then `classify(facts:)` once per
    /// distinct facts.)
    public mutating func classify(_ message: SS7Message, interface: String?) -> Classification {
        let hit = linkHit(for: message.link, interface: interface)
        return classify(facts: facts(
            hit: hit, opc: message.mtp.opc, dpc: message.mtp.dpc, codes: message.codes,
            calledParty: message.userPart.sccpCalledParty))
    }

    /// Everything the rules read of one message, reduced to small values: the link it was seen on (as
    /// the configuration knows it), its point codes and type codes, and for a data request what its
    /// called party address decided. Classification is a function of these alone
    /// (`classify(facts:)`), so messages with equal facts are charged alike: the meter counts facts
    /// and classifies each distinct one once.
    public struct Facts: Hashable, Sendable {
        public var hit: LinkHit
        public var opc: PointCode
        public var dpc: PointCode
        public var codes: UserPart.Codes
        /// A data request (a package of `NetworkPlan.dataRequests`, not in a service message).
        public var isDataRequest: Bool
        /// For a data request: the company database its called party names (index into
        /// `NetworkPlan.databases`), or nil for a foreign one.
        public var database: Int?
        /// For a data request: its called party routes on SSN.
        public var calledRoutesOnSSN: Bool
        @inlinable
        public init(
            hit: LinkHit, opc: PointCode, dpc: PointCode, codes: UserPart.Codes, isDataRequest: Bool = false,
            database: Int? = nil, calledRoutesOnSSN: Bool = false
        ) {
            self.hit = hit
            self.opc = opc
            self.dpc = dpc
            self.codes = codes
            self.isDataRequest = isDataRequest
            self.database = database
            self.calledRoutesOnSSN = calledRoutesOnSSN
        }
    }

    /// The facts of a message whose link lookup gave `hit`. Reads `calledParty` only for a data request;
    /// a message without TCAP (`codes.tcapPackage` -1) is none, and its facts are
    /// `Facts(hit:opc:dpc:codes:)`.
    public func facts(
        hit: LinkHit, opc: PointCode, dpc: PointCode, codes: UserPart.Codes, calledParty: SCCPAddress?
    ) -> Facts {
        var f = Facts(
            hit: hit, opc: opc, dpc: dpc, codes: codes, isDataRequest: false, database: nil,
            calledRoutesOnSSN: false)
        if codes.isupType != Int16(ISUPMessageType.iam.rawValue), codes.tcapPackage >= 0, !codes.sccpIsService,
            let package = TCAPPackageType(rawValue: UInt8(codes.tcapPackage)), plan.dataRequests.contains(package)
        {
            f.isDataRequest = true
            f.database = database(calledParty: calledParty, dpc: dpc)
            f.calledRoutesOnSSN = calledParty?.routesOnSSN == true
        }
        return f
    }

    /// Applies CHARGING-RULES.md to a message's facts.
    public func classify(facts f: Facts) -> Classification {
        let opc = f.opc
        let dpc = f.dpc
        var c = Classification(link: f.hit.link, direction: f.hit.direction)

        // Attribution, and direction from point codes where the link identity did not give it.
        if let link = f.hit.link {
            let owner = plan.links[link].customer
            c.customer = owner
            if c.direction == .unknown {
                let owned = plan.customers[owner].pointCodes
                if owned.anyMatches(opc) {
                    c.direction = .towardSTP
                } else if owned.anyMatches(dpc) {
                    c.direction = .fromSTP
                }
            }
        } else if let owner = customer(owning: opc) {
            c.customer = owner
            c.direction = .towardSTP
        } else if let owner = customer(owning: dpc) {
            c.customer = owner
            c.direction = .fromSTP
        }

        if f.codes.isupType == Int16(ISUPMessageType.iam.rawValue) {
            c.isCallSetupRequest = true
            if plan.companySignalingPoints.anyMatches(opc) { c.events.insert(.isupSignalFormulation) }
            c.events.insert(.isupSignalTransport)
            let switched =
                switch c.direction {
                case .towardSTP: !isCompanySTP(dpc)
                case .fromSTP: !isCompanySTP(opc)
                // Direction unknown: the STP switched it unless one end is the STP itself.
                case .unknown: !isCompanySTP(opc) && !isCompanySTP(dpc)
                }
            if switched { c.events.insert(.isupSignalSwitching) }
        } else if f.isDataRequest {
            c.isDataRequest = true
            if let db = f.database {
                // Query charges in lieu of message charges.
                c.events.insert(.query(database: db))
            } else {
                c.events.insert(.tcapSignalTransport)
                // Not switched only when the STP itself was the destination: DPC a company STP and
                // the called party routed on SSN (no further translation at the STP).
                if !(isCompanySTP(dpc) && f.calledRoutesOnSSN) {
                    c.events.insert(.tcapSignalSwitching)
                }
            }
        }
        return c
    }

    private func isCompanySTP(_ pc: PointCode) -> Bool { plan.companySTPs.anyMatches(pc) }

    private func customer(owning pc: PointCode) -> Int? {
        for (i, customer) in plan.customers.enumerated() where customer.pointCodes.anyMatches(pc) { return i }
        return nil
    }

    /// The configured link of a capture identity and the direction the identity gives (answers cached).
    /// The meter also uses it for events that are not messages: decode errors, retransmissions, SIGTRAN
    /// management.
    @inline(__always)
    public mutating func linkHit(for identity: LinkIdentity, interface: String?) -> LinkHit {
        if interface != cachedInterface {
            cache.removeAll()
            cachedInterface = interface
        }
        if let hit = cache.value(for: identity) { return hit }
        var hit = LinkHit(link: nil, direction: .unknown)
        switch identity {
        case let .mtp2(number, sent):
            if let i = mtp2Links[number] {
                let sentMeans = plan.links[i].mtp2Sent ?? .unknown
                hit = LinkHit(link: i, direction: sent ? sentMeans : sentMeans.reversed)
            }
        case let .sctp(endpoints):
            if sctpLinks.count <= 16 {
                for entry in sctpLinkList where entry.endpoints == endpoints {
                    hit = entry.hit
                    break
                }
            } else if let h = sctpLinks[endpoints] {
                hit = h
            }
        case .unknown:
            break
        }
        // An interface link takes whatever no more specific link claims.
        if hit.link == nil, let interface, let i = interfaceLinks[interface] {
            hit = LinkHit(link: i, direction: .unknown)
        }
        cache.set(hit, for: identity)
        return hit
    }

    /// The company database a data request is addressed to, trying `plan.databaseMatchOrder` in turn
    /// (and the databases in configuration order within each way).
    private func database(calledParty: SCCPAddress?, dpc: PointCode) -> Int? {
        guard let a = calledParty else { return nil }
        for way in plan.databaseMatchOrder {
            switch way {
            case .translationType:
                guard !a.routesOnSSN, let tt = a.translationType else { continue }
                for (i, db) in plan.databases.enumerated() where db.translationTypes.contains(tt) { return i }
            case .pointCodeSSN:
                guard a.routesOnSSN, let ssn = a.subsystemNumber else { continue }
                let pc = a.pointCode ?? dpc
                for (i, db) in plan.databases.enumerated()
                where db.pointCodes.anyMatches(pc) && (db.ssns.isEmpty || db.ssns.contains(ssn)) {
                    return i
                }
            case .gtPrefix:
                guard !a.routesOnSSN, a.digits.count > 0 else { continue }
                for (i, db) in plan.databases.enumerated() {
                    for prefix in db.gtPrefixes where a.digits.hasPrefix(prefix) { return i }
                }
            }
        }
        return nil
    }
}
