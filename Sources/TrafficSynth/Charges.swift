// What the generator bills: the charge events of ../shared/domain/CHARGING-RULES.md that each call
// set-up request and data request it puts in must produce. They are known BY CONSTRUCTION, where the
// scenario decides a dialogue's kind (who calls whom, which database a query goes to and how it is
// routed), and turned into events by the small table below, worked by hand from the rules. This is
// deliberately not a classifier over message bytes: it is the independent side of the meter's test.

/// A charge event, named as CHARGING-RULES.md names it.
public enum ChargeEvent: Hashable, Sendable {
    case isupSignalFormulation, isupSignalTransport, isupSignalSwitching, tcapSignalTransport, tcapSignalSwitching
    /// `query_<name>` of the company database `NetworkPlan.databases[database]`.
    case query(database: Int)

    /// The event's name in the expected summary and in the meter's ledger.
    public func name(_ plan: NetworkPlan) -> String {
        switch self {
        case .isupSignalFormulation: "isup_signal_formulation"
        case .isupSignalTransport: "isup_signal_transport"
        case .isupSignalSwitching: "isup_signal_switching"
        case .tcapSignalTransport: "tcap_signal_transport"
        case .tcapSignalSwitching: "tcap_signal_switching"
        case .query(let db): "query_" + plan.databases[db].name
        }
    }

    /// Position in a customer's row of counters: the five message charges, then one per database.
    var slot: Int {
        switch self {
        case .isupSignalFormulation: 0
        case .isupSignalTransport: 1
        case .isupSignalSwitching: 2
        case .tcapSignalTransport: 3
        case .tcapSignalSwitching: 4
        case .query(let db): 5 + db
        }
    }

    static let messageCharges: [ChargeEvent] = [
        .isupSignalFormulation, .isupSignalTransport, .isupSignalSwitching, .tcapSignalTransport, .tcapSignalSwitching,
    ]
}

/// A call set-up request (ISUP IAM) or data request (opening TCAP query: ANSI QueryWithPermission or
/// QueryWithoutPermission, ITU Begin) as the scenario made it. Every such message is sent on a link of
/// `GeneratedMessage.customer`, who is billed its `events`.
public enum Billable: Sendable, Equatable {
    /// IAM from the customer's SP to a company end office: sent toward the STP.
    case callFromCustomer
    /// IAM from a company end office to the customer's SP: delivered by the STP.
    case callToCustomer
    /// Opening query to a company database (index into `NetworkPlan.databases`), GT-routed on the
    /// database's translation type to a company STP, or SSN-routed to the database's DPC.
    case companyDatabaseQuery(database: Int)
    /// Opening query to a foreign database (CNAM), GT-routed on its translation type to a company STP.
    case foreignDatabaseQueryViaSTP

    /// The tariff outcome, by the rules' "Charge events" table.
    public var events: [ChargeEvent] {
        switch self {
        // Transport: every IAM on a customer link. Switching: toward the STP with a DPC (an end office)
        // that is not a company STP. No formulation: the OPC is the customer's, not the Company's.
        case .callFromCustomer: [.isupSignalTransport, .isupSignalSwitching]
        // Formulation: the OPC is a company signaling point (an end office). Transport: every IAM.
        // Switching: from the STP with an OPC (the end office) that is not a company STP.
        case .callToCustomer: [.isupSignalFormulation, .isupSignalTransport, .isupSignalSwitching]
        // The destination (by TT of the GT-routed called party, or by DPC+SSN of the SSN-routed one)
        // is a company database: query charges in lieu of message charges, no tcap_* event.
        case .companyDatabaseQuery(let db): [.query(database: db)]
        // Not a company database: tcap transport. Switching unless the DPC is a company STP AND the
        // called party routes on SSN; here the DPC is a company STP but it routes on GT: switched.
        case .foreignDatabaseQueryViaSTP: [.tcapSignalTransport, .tcapSignalSwitching]
        }
    }

    public var isCallSetupRequest: Bool {
        switch self {
        case .callFromCustomer, .callToCustomer: true
        case .companyDatabaseQuery, .foreignDatabaseQueryViaSTP: false
        }
    }
}
