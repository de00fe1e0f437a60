import ByteParsing
import SS7Decoding
import TariffPolicy

/// What one link carried in one interval. Flat arrays indexed by code where the code space is small,
/// so counting a message allocates nothing; `reset` keeps capacity for the next interval.
struct LinkCounters {
    /// The per-code counters in one flat array, so that counting a message checks one array's
    /// uniqueness, not six (`Offset` gives each range). Read through the properties below.
    var counts = [Int](repeating: 0, count: Offset.total)

    enum Offset {
        /// MSUs and octets by direction: toward the STP, from the STP, unknown.
        static let msus = 0
        static let octets = 3
        static let serviceIndicators = 6
        static let isup = 22
        static let sccp = 278
        static let tcap = 534
        static let total = 790
    }

    var msus: [Int] { Array(counts[Offset.msus..<Offset.octets]) }
    var octets: [Int] { Array(counts[Offset.octets..<Offset.serviceIndicators]) }
    var serviceIndicators: [Int] { Array(counts[Offset.serviceIndicators..<Offset.isup]) }
    var isup: [Int] { Array(counts[Offset.isup..<Offset.sccp]) }
    var sccp: [Int] { Array(counts[Offset.sccp..<Offset.tcap]) }
    var tcap: [Int] { Array(counts[Offset.tcap..<Offset.total]) }
    var routes = CounterTable<RouteKey>()
    /// Messages whose route came after `Meter.maxRoutesPerLink` others in the interval (`routes_other`).
    var routesOther = 0
    var sigtran = CounterTable<UInt32>()
    var errors: [DecodeError: Int] = [:]
    /// `charges[customer * eventCount + event]`; customer `customerCount` is "unattributed".
    var charges: [Int]
    var callSetupRequests = 0
    var dataRequests = 0
    var sctpRetransmissions = 0
    var mtp2Retransmissions = 0
    var mtp2Gap = 0
    var sctpGap = 0

    struct RouteKey: Hashable, CounterKey {
        var opc: UInt32
        var dpc: UInt32
        var si: UInt8

        var hashWord: UInt64 { (UInt64(opc) << 32 | UInt64(dpc)) ^ UInt64(si) &* 0xFF51_AFD7_ED55_8CCD }
    }

    init(chargeSlots: Int) {
        charges = [Int](repeating: 0, count: chargeSlots)
    }

    mutating func reset() {
        for i in counts.indices { counts[i] = 0 }
        routes.removeAll()
        routesOther = 0
        sigtran.removeAll()
        errors.removeAll(keepingCapacity: true)
        for i in charges.indices { charges[i] = 0 }
        callSetupRequests = 0
        dataRequests = 0
        sctpRetransmissions = 0
        mtp2Retransmissions = 0
        mtp2Gap = 0
        sctpGap = 0
    }

    static func directionIndex(_ d: Direction) -> Int {
        switch d {
        case .towardSTP: 0
        case .fromSTP: 1
        case .unknown: 2
        }
    }
}
