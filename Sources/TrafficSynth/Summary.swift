// The expected summary written beside each capture: what a correct decoder must count.

/// Per-capture counts. Maps omit zero entries; `json()` sorts every key.
public struct ExpectedSummary: Sendable, Equatable {
    /// pcap records written.
    public var frames = 0
    /// MSUs, each counted once (SCTP retransmissions are not new messages).
    public var messages = 0
    /// Their octets as MSUs (SIO, routing label, user part), whatever carries them.
    public var octets = 0
    /// MTP2 signal units that are not MSUs: "FISU", "LSSU" (MTP2 captures only).
    public var mtp2: [String: Int] = [:]
    /// DATA chunks sent again.
    public var sctpRetransmissions = 0
    /// By service indicator name (`SI.name`).
    public var mtp3: [String: Int] = [:]
    /// By ISUP mnemonic.
    public var isup: [String: Int] = [:]
    /// ANSI TCAP by package (`ANSIPackage.summaryName`), ITU TCAP by message type.
    public var tcapANSI: [String: Int] = [:]
    public var tcapITU: [String: Int] = [:]
    /// By SCCP mnemonic.
    public var sccp: [String: Int] = [:]
    /// M3UA messages first sent, by CLASS/TYPE.
    public var m3ua: [String: Int] = [:]
    /// "OPC>DPC" in the variant's notation.
    public var opcDPC: [String: Int] = [:]
    /// ISUP IAMs put in.
    public var callSetupRequests = 0
    /// Opening TCAP queries put in (QueryWithPermission, QueryWithoutPermission, Begin; not those
    /// returned in a UDTS, not unidirectional).
    public var dataRequests = 0
    /// Customer name -> charge event name -> count, by construction (see `Billable`); customers and
    /// events without a charge are left out.
    public var charges: [String: [String: Int]] = [:]

    public init() {}

    /// The summary as JSON: two-space indentation, keys sorted, a final newline.
    public func json() -> String {
        func object(_ m: [String: Int], indent: String) -> String {
            if m.isEmpty { return "{}" }
            let rows = m.keys.sorted().map { "\(indent)  \(quote($0)): \(m[$0]!)" }
            return "{\n" + rows.joined(separator: ",\n") + "\n\(indent)}"
        }
        let chargeRows = charges.keys.sorted().map { "    \(quote($0)): \(object(charges[$0]!, indent: "    "))" }
        let top: [(String, String)] = [
            ("call_setup_requests", String(callSetupRequests)),
            ("charges", chargeRows.isEmpty ? "{}" : "{\n" + chargeRows.joined(separator: ",\n") + "\n  }"),
            ("data_requests", String(dataRequests)),
            ("frames", String(frames)),
            ("isup", object(isup, indent: "  ")),
            ("m3ua", object(m3ua, indent: "  ")),
            ("messages", String(messages)),
            ("mtp2", object(mtp2, indent: "  ")),
            ("mtp3", object(mtp3, indent: "  ")),
            ("octets", String(octets)),
            ("opc_dpc", object(opcDPC, indent: "  ")),
            ("sccp", object(sccp, indent: "  ")),
            ("sctp_retransmissions", String(sctpRetransmissions)),
            ("tcap", "{\n    \"ansi\": \(object(tcapANSI, indent: "    ")),\n    \"itu\": \(object(tcapITU, indent: "    "))\n  }"),
        ]
        return "{\n" + top.map { "  \(quote($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    func quote(_ s: String) -> String { "\"" + s + "\"" }  // keys are plain ASCII names
}

/// Counts as messages are generated, in fixed tables; names are made once at the end.
struct SummaryCounter {
    let plan: NetworkPlan
    var variant: Variant { plan.variant }
    var messages = 0, octets = 0
    var retransmissions = 0
    var si = [Int](repeating: 0, count: 16)
    var isup = [Int](repeating: 0, count: 256)
    var ansiTCAP = [Int](repeating: 0, count: 256)
    var ituTCAP = [Int](repeating: 0, count: 256)
    var sccp = [Int](repeating: 0, count: 256)
    var m3ua: [String: Int] = [:]
    var pairs: [UInt64: Int] = [:]
    var callSetupRequests = 0, dataRequests = 0
    /// `charges[customer * slots + ChargeEvent.slot]`.
    var charges: [Int]
    let slots: Int

    init(plan: NetworkPlan) {
        self.plan = plan
        slots = ChargeEvent.messageCharges.count + plan.databases.count
        charges = [Int](repeating: 0, count: plan.customers.count * slots)
    }

    /// Counts `m`, whose user part is `userPartOctets` long.
    mutating func count(_ m: GeneratedMessage, userPartOctets: Int) {
        messages += 1
        octets += MTP3.msuLength(variant, userPart: userPartOctets)
        si[Int(m.header.si & 0x0F)] += 1
        pairs[UInt64(m.header.opc.value) << 32 | UInt64(m.header.dpc.value), default: 0] += 1
        switch m.content {
        case .isup(let i):
            isup[Int(i.type.rawValue)] += 1
        case .tcap(let s, let t):
            sccp[Int(s.type.rawValue)] += 1
            switch t.kind {
            case .ansi(let p): ansiTCAP[Int(p.rawValue)] += 1
            case .itu(let i): ituTCAP[Int(i.rawValue)] += 1
            }
        case .management:
            break
        }
        if let b = m.billable {
            if b.isCallSetupRequest { callSetupRequests += 1 } else { dataRequests += 1 }
            for e in b.events { charges[m.customer * slots + e.slot] += 1 }
        }
    }

    func summary(frames: Int) -> ExpectedSummary {
        var s = ExpectedSummary()
        s.frames = frames
        s.messages = messages
        s.octets = octets
        s.sctpRetransmissions = retransmissions
        for (v, n) in si.enumerated() where n > 0 { s.mtp3[SI.name(UInt8(v))] = n }
        for t in ISUPMessageType.allCases where isup[Int(t.rawValue)] > 0 { s.isup[t.mnemonic] = isup[Int(t.rawValue)] }
        for p in ANSIPackage.allCases where ansiTCAP[Int(p.rawValue)] > 0 { s.tcapANSI[p.summaryName] = ansiTCAP[Int(p.rawValue)] }
        for p in ITUMessage.allCases where ituTCAP[Int(p.rawValue)] > 0 { s.tcapITU[p.summaryName] = ituTCAP[Int(p.rawValue)] }
        for t in SCCPMessageType.allCases where sccp[Int(t.rawValue)] > 0 { s.sccp[t.mnemonic] = sccp[Int(t.rawValue)] }
        s.m3ua = m3ua
        for (k, n) in pairs {
            let key = PC(UInt32(k >> 32)).formatted(variant) + ">" + PC(UInt32(k & 0xFFFF_FFFF)).formatted(variant)
            s.opcDPC[key] = n
        }
        s.callSetupRequests = callSetupRequests
        s.dataRequests = dataRequests
        let events = ChargeEvent.messageCharges + plan.databases.indices.map { ChargeEvent.query(database: $0) }
        for (ci, c) in plan.customers.enumerated() {
            for e in events where charges[ci * slots + e.slot] > 0 {
                s.charges[c.name, default: [:]][e.name(plan)] = charges[ci * slots + e.slot]
            }
        }
        return s
    }
}
