import ByteParsing
import SS7Decoding
import TariffPolicy

/// What one link carried in one interval. Flat arrays indexed by code where the code space is small,
/// so counting a message allocates nothing; `reset` keeps capacity for the next interval.
struct LinkCounters {
    /// By direction: toward the STP, from the STP, unknown.
    var msus = [Int](repeating: 0, count: 3)
    var octets = [Int](repeating: 0, count: 3)
    var serviceIndicators = [Int](repeating: 0, count: 16)
    var isup = [Int](repeating: 0, count: 256)
    var sccp = [Int](repeating: 0, count: 256)
    var tcap = [Int](repeating: 0, count: 256)
    var routes = CounterTable<RouteKey>()
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
        for i in msus.indices { msus[i] = 0; octets[i] = 0 }
        for i in serviceIndicators.indices { serviceIndicators[i] = 0 }
        for i in 0..<256 { isup[i] = 0; sccp[i] = 0; tcap[i] = 0 }
        routes.removeAll()
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
