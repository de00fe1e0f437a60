/// A billable event (CHARGING-RULES.md, "Charge events"), named there and in the ledger by `name`.
public enum ChargeEvent: Hashable, Sendable {
    case isupSignalFormulation, isupSignalTransport, isupSignalSwitching, tcapSignalTransport, tcapSignalSwitching
    /// A data request answered by a company database: index into `NetworkPlan.databases`; named
    /// `query_<name>` (see `NetworkPlan.name(of:)`).
    case query(database: Int)

    /// Every event that does not depend on the plan, in ledger order.
    public static let fixed: [ChargeEvent] = [
        .isupSignalFormulation, .isupSignalTransport, .isupSignalSwitching, .tcapSignalTransport,
        .tcapSignalSwitching,
    ]

    /// The name of a fixed event; nil for `query` (its name comes from the plan).
    public var fixedName: String? {
        switch self {
        case .isupSignalFormulation: "isup_signal_formulation"
        case .isupSignalTransport: "isup_signal_transport"
        case .isupSignalSwitching: "isup_signal_switching"
        case .tcapSignalTransport: "tcap_signal_transport"
        case .tcapSignalSwitching: "tcap_signal_switching"
        case .query: nil
        }
    }

    /// Position in a plan's event order (`NetworkPlan.eventNames`): the fixed events in `fixed` order
    /// (their bits are in that order), then one per database.
    @inlinable public var index: Int {
        switch self {
        case .query(let database): Self.fixed.count + database
        default: bit.trailingZeroBitCount
        }
    }

    /// Bit of a fixed event in `ChargeEventSet`.
    @usableFromInline var bit: UInt8 {
        switch self {
        case .isupSignalFormulation: 1 << 0
        case .isupSignalTransport: 1 << 1
        case .isupSignalSwitching: 1 << 2
        case .tcapSignalTransport: 1 << 3
        case .tcapSignalSwitching: 1 << 4
        case .query: 0
        }
    }
}

/// The events of one message: a bitset of the fixed events plus at most one database query (one
/// message has one destination). Inline, so classifying allocates nothing.
public struct ChargeEventSet: Hashable, Sendable, Sequence {
    @usableFromInline var bits: UInt8 = 0
    /// Database index of the query event, -1 for none.
    @usableFromInline var database: Int32 = -1

    public init() {}

    public init(_ events: some Sequence<ChargeEvent>) {
        for e in events { insert(e) }
    }

    @inlinable public var isEmpty: Bool { bits == 0 && database < 0 }

    public var count: Int { bits.nonzeroBitCount + (database >= 0 ? 1 : 0) }

    @inlinable public func contains(_ event: ChargeEvent) -> Bool {
        if case let .query(db) = event { return Int(database) == db }
        return bits & event.bit != 0
    }

    /// Adds an event; a second `query` replaces the first.
    @inlinable public mutating func insert(_ event: ChargeEvent) {
        if case let .query(db) = event {
            database = Int32(truncatingIfNeeded: db)
        } else {
            bits |= event.bit
        }
    }

    /// The database queried, if any.
    public var queriedDatabase: Int? { database >= 0 ? Int(database) : nil }

    public struct Iterator: IteratorProtocol {
        var set: ChargeEventSet
        var position = 0

        public mutating func next() -> ChargeEvent? {
            while position < ChargeEvent.fixed.count {
                let e = ChargeEvent.fixed[position]
                position += 1
                if set.contains(e) { return e }
            }
            if position == ChargeEvent.fixed.count {
                position += 1
                if let db = set.queriedDatabase { return .query(database: db) }
            }
            return nil
        }
    }

    /// Fixed events in ledger order, then the query.
    public func makeIterator() -> Iterator { Iterator(set: self) }
}
