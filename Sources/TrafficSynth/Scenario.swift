// The traffic: calls, TCAP transactions and a sprinkle of network management, interleaved the way
// a link carries them. Everything comes from one seeded SplitMix64 stream, independent of the link
// type, so the same seed gives the same MSUs over M3UA, MTP2 and MTP3.

/// What one generated MSU is: the ground truth that tests and billing expectations start from.
public enum MessageContent: Sendable, Equatable {
    case isup(ISUPMessage)
    /// SCCP carrying TCAP (a UDTS carries the returned TCAP of the message it answers).
    case tcap(SCCPMessage, TCAPMessage)
    case management(NetworkManagement)
}

/// One generated MSU.
public struct GeneratedMessage: Sendable {
    /// 0-based position in the capture's MSU order.
    public var index: Int
    public var time: Timestamp
    public var header: MTPHeader
    /// Index into `NetworkPlan.customers` of the customer whose link carries it.
    public var customer: Int
    /// The MTP2 link number it is sent on (one of the customer's links, chosen by SLS).
    public var link: UInt16
    /// True when the customer sent it (toward the STP); false when the STP delivered it.
    public var towardSTP: Bool
    public var content: MessageContent
    /// What the scenario made this message for billing: set on call set-up requests and data
    /// requests (billed to `customer`), nil on every other message (a UDTS returning a query included).
    public var billable: Billable?
}

/// Sizes and knobs of a scenario.
public struct ScenarioSize: Sendable {
    public var calls: Int
    public var queries: Int
    /// When set, keep starting dialogues (calls and queries in the ratio calls:queries, or 1:1)
    /// until about this many MSUs have been generated.
    public var messages: Int?
    public init(calls: Int, queries: Int, messages: Int? = nil) {
        self.calls = calls; self.queries = queries; self.messages = messages
    }

    /// Dialogues that are neither calls nor queries: link tests, route management, circuit
    /// maintenance. At least one of each kind.
    var extras: Int { Swift.max(ExtraKind.allCases.count, (calls + queries) / 8) }
}

enum ExtraKind: Int, CaseIterable {
    case slt, tfp, tfa, changeover, grs, blo, cgb, rsc, sltFromCustomer
}

/// Produces the MSUs of a scenario one at a time (memory stays bounded by the open dialogues).
public struct TrafficScenario {
    public let plan: NetworkPlan
    var rng: SplitMix64
    var time: Timestamp
    var size: ScenarioSize
    var callsLeft: Int, queriesLeft: Int, extrasLeft: Int
    var started = 0
    var emitted = 0
    var nextCIC: UInt16 = 0
    var nextTID: UInt32
    var active: [[Pending]] = []
    /// Dialogues open at once: they interleave like the real traffic of a link.
    let window = 8

    struct Pending {
        var header: MTPHeader
        var customer: Int
        var towardSTP: Bool
        var content: MessageContent
        var billable: Billable? = nil
    }

    public init(plan: NetworkPlan, seed: UInt64, size: ScenarioSize,
                start: Timestamp = Timestamp(seconds: 1_709_553_600, micros: 0)) {
        self.plan = plan
        rng = SplitMix64(seed: seed)
        time = start
        self.size = size
        callsLeft = size.calls; queriesLeft = size.queries; extrasLeft = size.extras
        nextTID = UInt32(truncatingIfNeeded: rng.next()) & 0x0FFF_FFFF | 0x1000_0000
    }

    /// An estimate of the number of MSUs the scenario will produce.
    public var estimatedMessages: Int {
        size.messages ?? (size.calls * 6 + size.queries * 2 + size.extras * 2)
    }

    /// The next MSU, or nil when the scenario is over.
    public mutating func next() -> GeneratedMessage? {
        while true {
            let canStart = moreToStart
            if canStart && (active.count < window && (active.isEmpty || rng.chance(40))) {
                let d = startDialogue()
                if !d.isEmpty { active.append(d.reversed()) }
                continue
            }
            guard !active.isEmpty else { return nil }
            let i = rng.below(active.count)
            let p = active[i].removeLast()
            if active[i].isEmpty { active.swapAt(i, active.count - 1); active.removeLast() }
            time = time.adding(micros: UInt32(200 + rng.below(4800)))
            let c = plan.customers[p.customer]
            let m = GeneratedMessage(
                index: emitted, time: time, header: p.header, customer: p.customer,
                link: c.links[Int(p.header.sls) % c.links.count], towardSTP: p.towardSTP, content: p.content,
                billable: p.billable)
            emitted += 1
            return m
        }
    }

    var moreToStart: Bool {
        if let target = size.messages { return emitted + pendingCount < target }
        return callsLeft + queriesLeft + extrasLeft > 0
    }

    var pendingCount: Int { active.reduce(0) { $0 + $1.count } }

    mutating func startDialogue() -> [Pending] {
        started += 1
        if size.messages != nil {
            // Target mode: every ninth dialogue is an extra, the rest calls and queries.
            if started % 9 == 0 { return extra(ExtraKind(rawValue: (started / 9) % ExtraKind.allCases.count)!) }
            let c = Swift.max(size.calls, 0), q = Swift.max(size.queries, 0)
            let callShare = c + q == 0 ? 50 : c * 100 / (c + q)
            return rng.chance(callShare) ? call() : query()
        }
        // Fixed counts: extras spread evenly among the calls and queries.
        let total = size.calls + size.queries + size.extras
        if extrasLeft > 0 && (callsLeft + queriesLeft == 0 || rng.below(total) < size.extras) {
            extrasLeft -= 1
            return extra(ExtraKind(rawValue: (size.extras - extrasLeft - 1) % ExtraKind.allCases.count)!)
        }
        if callsLeft > 0 && (queriesLeft == 0 || rng.below(callsLeft + queriesLeft) < callsLeft) {
            callsLeft -= 1
            return call()
        }
        if queriesLeft > 0 { queriesLeft -= 1; return query() }
        return []
    }

    // MARK: Calls

    mutating func allocateCIC() -> UInt16 {
        defer { nextCIC = (nextCIC + 1) % 1000 }
        return plan.firstCIC + nextCIC
    }

    func slsMask() -> UInt8 { plan.variant == .itu ? 0x0F : 0x1F }

    mutating func call() -> [Pending] {
        let ci = rng.below(plan.customers.count)
        let cust = plan.customers[ci].pc
        let eo = plan.companyEndOffices[rng.below(plan.companyEndOffices.count)]
        let fromCustomer = rng.chance(50)
        let (a, b) = fromCustomer ? (cust, eo) : (eo, cust)
        let cic = allocateCIC()
        let sls = UInt8(truncatingIfNeeded: cic) & slsMask()  // SLS from the CIC's low bits, as switches do
        let ansi = plan.variant == .ansi
        var out: [Pending] = []
        func add(_ m: ISUPMessage, forward: Bool, billable: Billable? = nil) {
            let (o, d) = forward ? (a, b) : (b, a)
            out.append(Pending(
                header: MTPHeader(si: SI.isup, ni: plan.ni, opc: o, dpc: d, sls: sls),
                customer: ci, towardSTP: o == cust, content: .isup(m), billable: billable))
        }
        var iam = ISUPMessage(.iam, cic: cic)
        iam.called = rng.digits(plan.calledPrefixes[rng.below(plan.calledPrefixes.count)], count: plan.digitsPerNumber)
        if rng.chance(85) {
            iam.calling = rng.digits(plan.calledPrefixes[rng.below(plan.calledPrefixes.count)], count: plan.digitsPerNumber)
        }
        if ansi {
            if rng.chance(60) { iam.chargeNumber = iam.calling.isEmpty ? rng.digits("914555", count: 4) : iam.calling }
            if rng.chance(50) { iam.carrier = rng.digits("", count: 3) }
            if rng.chance(50) { iam.jurisdiction = rng.digits("914", count: 3) }
            if rng.chance(50) { iam.oli = 0 }
        }
        add(iam, forward: true, billable: fromCustomer ? .callFromCustomer : .callToCustomer)
        if ansi && rng.chance(30) { add(ISUPMessage(.exm, cic: cic), forward: false) }
        let answered = rng.chance(75)
        if answered || rng.chance(50) { add(ISUPMessage(.acm, cic: cic), forward: false) }
        if answered {
            if rng.chance(40) { add(ISUPMessage(.cpg, cic: cic), forward: false) }
            add(ISUPMessage(.anm, cic: cic), forward: false)
            if rng.chance(10) {
                add(ISUPMessage(.sus, cic: cic), forward: false)
                add(ISUPMessage(.res, cic: cic), forward: false)
            }
        }
        let releaseForward = rng.chance(50)
        var rel = ISUPMessage(.rel, cic: cic)
        rel.cause = answered ? 16 : (releaseForward ? 16 : 17)  // normal clearing; user busy
        add(rel, forward: releaseForward)
        add(ISUPMessage(.rlc, cic: cic), forward: !releaseForward)
        return out
    }

    // MARK: Queries

    enum QueryFlow { case simple, withoutPermission, conversation, unidirectional, abort, returned }

    mutating func query() -> [Pending] {
        let queriers = plan.customers.indices.filter { plan.customers[$0].queries }
        let ci = queriers.isEmpty ? 0 : queriers[rng.below(queriers.count)]
        let cust = plan.customers[ci].pc
        let dbIndex = rng.below(plan.databases.count)
        let db = plan.databases[dbIndex]
        let stp = plan.companySTPs[rng.below(plan.companySTPs.count)]
        let ansi = plan.variant == .ansi
        let roll = rng.below(100)
        let flow: QueryFlow = switch roll {
        case ..<55: .simple
        case ..<65: .withoutPermission
        case ..<77: .conversation
        case ..<85: .unidirectional
        case ..<93: .abort
        default: .returned
        }
        let sls = UInt8(truncatingIfNeeded: rng.next()) & slsMask()
        let sccpType: SCCPMessageType = rng.chance(15) ? .xudt : .udt
        let dialled = rng.digits(db.gtPrefix, count: 10 - db.gtPrefix.count + (ansi ? 0 : 2))
        // Called party of the opening message: GT-routed on the database's translation type, or
        // (one in six company-database queries) routed on DPC+SSN straight to the database.
        let ssnRouted = db.company && rng.chance(17)
        // ANSI global titles: mostly GTI 2 (TT only), a quarter GTI 1 (TT, NP/ES); ITU GTI 4.
        let gt = GlobalTitle(gti: ansi ? (rng.chance(25) ? 1 : 2) : 4, tt: db.tt, digits: dialled)
        let openCalled = ssnRouted
            ? SCCPAddress(routeOnSSN: true, ssn: db.ssn, pc: db.pc)
            : SCCPAddress(routeOnSSN: false, ssn: db.ssn, gt: gt)
        let openDPC = ssnRouted ? db.pc : stp
        let custAddr = SCCPAddress(routeOnSSN: true, ssn: plan.querySSN, pc: cust)
        let dbAddr = SCCPAddress(routeOnSSN: true, ssn: db.ssn, pc: db.pc)
        let myTID = nextTID, dbTID = nextTID &+ 0x0800_0000
        nextTID &+= 1
        let routingNumber = rng.digits(plan.calledPrefixes[rng.below(plan.calledPrefixes.count)], count: plan.digitsPerNumber)
        let invoke: TCAPComponent, answer: TCAPComponent, prompt: [TCAPComponent], collected: TCAPComponent
        if ansi {
            // GR-533 style (LNP, toll-free): ProvideInstruction:Start answered by
            // ConnectionControl:Connect. Private-opcode databases (CNAM) carry no parameters, which
            // tshark could not dissect. A conversation plays announcements: eleven InvokeNotLast
            // and an InvokeLast, which makes the package long enough for long-form lengths.
            if db.privateOpcode {
                invoke = .invoke(id: 1, opcode: db.opcode, privateOpcode: true, parameter: nil)
                answer = .result(id: 1, opcode: db.opcode, parameter: nil)
            } else {
                let ani = rng.digits(plan.calledPrefixes[rng.below(plan.calledPrefixes.count)], count: plan.digitsPerNumber)
                invoke = .invoke(id: 1, opcode: db.opcode, parameter: TCAP.lnpQuery(called: dialled, ani: ani))
                answer = .invoke(id: 2, opcode: 0x0401, parameter: TCAP.lnpConnect(routingNumber: routingNumber))
            }
            prompt = (3...13).map { .invoke(id: $0, opcode: 0x0501, last: false, parameter: nil) }
                + [.invoke(id: 14, opcode: 0x8502, parameter: nil)]
            collected = .result(id: 14, opcode: 0x8502, parameter: nil)
        } else {
            invoke = .invoke(id: 1, opcode: db.opcode, parameter: TCAP.ituDigits(dialled))
            // Some answers carry a long parameter, so BER long-form lengths appear.
            answer = .result(id: 1, opcode: db.opcode, parameter: TCAP.ituDigits(routingNumber)
                + (rng.chance(25) ? BER.tlv(0x04, [UInt8](repeating: 0x20, count: 130)) : []))
            prompt = [.invoke(id: 2, opcode: 40, parameter: TCAP.ituDigits(dialled))]
            collected = .result(id: 2, opcode: 40, parameter: TCAP.ituDigits(rng.digits("", count: 4)))
        }

        var out: [Pending] = []
        func add(_ t: TCAPMessage, fromCustomer: Bool, called: SCCPAddress, calling: SCCPAddress,
                 opc: PC, dpc: PC, type: SCCPMessageType = sccpType, billable: Billable? = nil) {
            out.append(Pending(
                header: MTPHeader(si: SI.sccp, ni: plan.ni, opc: opc, dpc: dpc, sls: sls),
                customer: ci, towardSTP: fromCustomer,
                content: .tcap(SCCPMessage(type, called: called, calling: calling), t), billable: billable))
        }
        // The opening query is the data request. Foreign databases are only ever reached by GT via a
        // company STP (ssnRouted needs a company database), which is what the billable kind says.
        let opening: Billable = db.company ? .companyDatabaseQuery(database: dbIndex) : .foreignDatabaseQueryViaSTP
        func open(_ t: TCAPMessage) {
            add(t, fromCustomer: true, called: openCalled, calling: custAddr, opc: cust, dpc: openDPC, billable: opening)
        }
        func up(_ t: TCAPMessage) { add(t, fromCustomer: true, called: openCalled, calling: custAddr, opc: cust, dpc: openDPC) }
        func upDirect(_ t: TCAPMessage) { add(t, fromCustomer: true, called: dbAddr, calling: custAddr, opc: cust, dpc: db.pc) }
        func down(_ t: TCAPMessage) { add(t, fromCustomer: false, called: custAddr, calling: dbAddr, opc: db.pc, dpc: cust) }

        let begin: TCAPMessage = ansi
            ? TCAPMessage(.ansi(flow == .withoutPermission ? .queryWithoutPermission : .queryWithPermission),
                          otid: myTID, components: [invoke])
            : TCAPMessage(.itu(.begin), otid: myTID, components: [invoke])
        switch flow {
        case .simple, .withoutPermission:
            open(begin)
            down(ansi ? TCAPMessage(.ansi(.response), dtid: myTID, components: [answer])
                      : TCAPMessage(.itu(.end), dtid: myTID, components: [answer]))
        case .conversation:
            open(begin)
            if ansi {
                down(TCAPMessage(.ansi(.conversationWithPermission), otid: dbTID, dtid: myTID, components: prompt))
                upDirect(TCAPMessage(.ansi(.conversationWithoutPermission), otid: myTID, dtid: dbTID, components: [collected]))
                down(TCAPMessage(.ansi(.response), dtid: myTID, components: [answer]))
            } else {
                down(TCAPMessage(.itu(.continue), otid: dbTID, dtid: myTID, components: prompt))
                upDirect(TCAPMessage(.itu(.continue), otid: myTID, dtid: dbTID, components: [collected]))
                down(TCAPMessage(.itu(.end), dtid: myTID, components: [answer]))
            }
        case .unidirectional:
            // A charging notification (ANSI Charging:Bill Call) needs no transaction.
            let note = TCAPComponent.invoke(id: 1, opcode: ansi ? 0x0201 : 50, parameter: ansi ? nil : TCAP.ituDigits(dialled))
            up(ansi ? TCAPMessage(.ansi(.unidirectional), components: [note])
                    : TCAPMessage(.itu(.unidirectional), components: [note]))
        case .abort:
            open(begin)
            var a = ansi ? TCAPMessage(.ansi(.abort), dtid: myTID) : TCAPMessage(.itu(.abort), dtid: myTID)
            a.abortCause = 1  // unrecognized package type / unrecognised message type
            down(a)
        case .returned:
            // No translation for the called address: the STP returns the message in a UDTS
            // (XUDTS is not generated), addressed back to the calling party. The UDTS is not a data
            // request; the opening query toward the STP was, and stays billed once.
            open(begin)
            add(begin, fromCustomer: false, called: custAddr, calling: openCalled, opc: openDPC, dpc: cust, type: .udts)
        }
        return out
    }

    // MARK: Network management and circuit maintenance

    mutating func extra(_ kind: ExtraKind) -> [Pending] {
        let ci = rng.below(plan.customers.count)
        let c = plan.customers[ci]
        let stp = plan.companySTPs[rng.below(plan.companySTPs.count)]
        let slc = UInt8(rng.below(c.links.count))
        var out: [Pending] = []
        func mgmt(_ m: NetworkManagement, fromCustomer: Bool) {
            out.append(Pending(
                header: MTPHeader(si: m.si(plan.variant), ni: plan.ni, opc: fromCustomer ? c.pc : stp,
                                  dpc: fromCustomer ? stp : c.pc, sls: slc),
                customer: ci, towardSTP: fromCustomer, content: .management(m)))
        }
        let eo = plan.companyEndOffices[rng.below(plan.companyEndOffices.count)]
        func circuit(_ m: ISUPMessage, fromCustomer: Bool) {
            out.append(Pending(
                header: MTPHeader(si: SI.isup, ni: plan.ni, opc: fromCustomer ? c.pc : eo, dpc: fromCustomer ? eo : c.pc,
                                  sls: UInt8(truncatingIfNeeded: m.cic) & slsMask()),
                customer: ci, towardSTP: fromCustomer, content: .isup(m)))
        }
        let pattern: [UInt8] = (0..<(4 + rng.below(12))).map { UInt8(truncatingIfNeeded: 0xA0 + $0) }
        let fromCustomer = rng.chance(50)
        switch kind {
        case .slt:
            mgmt(.sltm(slc: slc, pattern: pattern), fromCustomer: false)
            mgmt(.slta(slc: slc, pattern: pattern), fromCustomer: true)
        case .sltFromCustomer:
            mgmt(.sltm(slc: slc, pattern: pattern), fromCustomer: true)
            mgmt(.slta(slc: slc, pattern: pattern), fromCustomer: false)
        case .tfp:
            mgmt(.tfp(plan.databases[rng.below(plan.databases.count)].pc), fromCustomer: false)
        case .tfa:
            mgmt(.tfa(plan.databases[rng.below(plan.databases.count)].pc), fromCustomer: false)
        case .changeover:
            let fsn = UInt8(rng.below(128))
            mgmt(.coo(fsn: fsn, slc: slc), fromCustomer: fromCustomer)
            mgmt(.coa(fsn: UInt8(rng.below(128)), slc: slc), fromCustomer: !fromCustomer)
        case .grs, .cgb:
            var m = ISUPMessage(kind == .grs ? .grs : .cgb, cic: allocateCIC())
            m.range = UInt8(3 + rng.below(20))
            circuit(m, fromCustomer: fromCustomer)
            m.type = kind == .grs ? .gra : .cgba
            circuit(m, fromCustomer: !fromCustomer)
        case .blo:
            let cic = allocateCIC()
            circuit(ISUPMessage(.blo, cic: cic), fromCustomer: fromCustomer)
            circuit(ISUPMessage(.bla, cic: cic), fromCustomer: !fromCustomer)
        case .rsc:
            let cic = allocateCIC()
            circuit(ISUPMessage(.rsc, cic: cic), fromCustomer: fromCustomer)
            circuit(ISUPMessage(.rlc, cic: cic), fromCustomer: !fromCustomer)
        }
        return out
    }
}

extension GeneratedMessage {
    /// The MTP3 user part (after the routing label) of this message.
    public func encodeUserPart(_ variant: Variant, to out: inout [UInt8]) {
        switch content {
        case .isup(let m): ISUP.encode(m, variant, to: &out)
        case .tcap(let s, let t): SCCP.encode(s, data: TCAP.encode(t), variant, to: &out)
        case .management(let m): m.encode(variant, to: &out)
        }
    }
}
