import ByteParsing
import Ledger
import SS7Decoding
import TariffPolicy

/// One link's counts for one closed interval, ready to become a ledger record.
public struct LinkRecord {
    public var link: String
    public var linkID: String
    public var customer: String
    public var complete: Bool
    var counters: LinkCounters
}

/// An interval closed by packet time (or by the end of the input), with a record for every link.
public struct ClosedInterval {
    public var start: Int64
    public var end: Int64
    /// Every packet with time < coveredUntil (ns) has been counted, in this or an earlier interval.
    public var coveredUntil: PacketTime
    public var records: [LinkRecord]
}

/// Turns decoded messages into per-link, per-interval counts and charge events.
///
/// It is a `DecodeSink`: the pipeline calls `beginFrame` with each frame's packet time, then lets the
/// decoder report that frame's messages here. Intervals close when packet time passes their end, so a
/// replay bins exactly as live metering did. Frames before `watermark` (already in the ledger) are
/// decoded, so reassembly and retransmission state is as in an uninterrupted run, but not counted.
public struct Meter: DecodeSink {
    public let plan: NetworkPlan
    public let schedule: IntervalSchedule
    public let watermark: PacketTime
    /// Capture interface of a live source ("iface:" link ids); nil offline.
    public var interface: String? {
        didSet { if interface != oldValue { linkSlots.removeAll() } }
    }
    /// Intervals further apart than this are not filled with zero records (a clock jump, not a quiet link);
    /// the interval after the jump is marked incomplete.
    public var maxEmptyIntervals = 7 * 24 * 4

    var classifier: Classifier
    let eventCount: Int
    let chargeSlots: Int
    var slots: [LinkCounters] = []
    var slotLinks: [(name: String, id: String, customer: String)] = []
    var discovered: [LinkIdentity: Int] = [:]
    /// Unconfigured links with a slot (and a record every interval) of their own, at most: each slot
    /// holds ~7 KB of counters, and a capture of endless SCTP associations (a scan, or a hostile file)
    /// must not grow the meter without bound. The links beyond are counted together on one slot,
    /// `discovered:other` (`NetworkPlan.otherLinksID`), so that none of their messages is lost.
    public var maxDiscoveredLinks = 4096
    var otherSlot: Int?
    /// Distinct routes (OPC, DPC, SI) a link's record lists, at most, per interval: routes come from the
    /// input, and a capture of random point codes must not grow a record (and the meter) without bound.
    /// Real links carry far fewer. The messages of routes beyond are counted together (`routes_other`);
    /// routes are not charges, so no charge depends on this.
    public var maxRoutesPerLink = 16_384
    /// Counted messages of the open interval not yet added to `slots`.
    var facts = FactTable()
    /// Answers of `linkSlot`, for the current `interface`.
    var linkSlots = LinkIdentityCache<LinkSlot>()

    var currentStart: Int64? {
        didSet {
            guard let start = currentStart else { return openUntil = .min }
            // Saturating: a hostile capture's time near Int64.max must not trap here.
            let (end, o1) = start.addingReportingOverflow(schedule.lengthSeconds)
            let (ns, o2) = end.multipliedReportingOverflow(by: 1_000_000_000)
            openUntil = o1 || o2 ? .max : ns
        }
    }
    /// Packet time (ns) where the open interval ends (`.min` when none is open): a frame before it and
    /// at or after the watermark closes nothing, which `beginFrameInOpenInterval` tells with two compares.
    var openUntil: PacketTime = .min
    var currentIncomplete = false
    /// Intervals starting at or before this (UTC seconds) are incomplete: the meter was down.
    var incompleteThrough = Int64.min
    /// A live meter restarting after downtime was not watching between the ledger's watermark and its
    /// first frame: those intervals (and the one it starts in) are incomplete, not measured zeros. A
    /// replay reads a continuous capture, so there they are complete (the default).
    public var resumeAfterDowntime = false
    var counting = false
    /// The SIGTRAN message that carries the MSU about to reach `message` (M3UA DATA), counted there on
    /// the same slot: one link lookup per message instead of two. Any other call that touches a slot,
    /// and closing an interval, counts it first, so slots are created in the same order as without it.
    var pendingSigtran: (link: LinkIdentity, key: UInt32)?
    var lastCountedTime: PacketTime = 0
    public private(set) var countedMessages = 0

    public init(plan: NetworkPlan, schedule: IntervalSchedule, watermark: PacketTime = 0, interface: String? = nil) {
        self.plan = plan
        self.schedule = schedule
        self.watermark = watermark
        self.interface = interface
        precondition(plan.databases.count <= NetworkPlan.maxDatabases, "more databases than a fact key holds")
        self.classifier = Classifier(plan: plan)
        self.eventCount = ChargeEvent.fixed.count + plan.databases.count
        self.chargeSlots = (plan.customers.count + 1) * eventCount
        for link in plan.links {
            slots.append(LinkCounters(chargeSlots: chargeSlots))
            slotLinks.append((link.name, link.key.description, plan.customers[link.customer].name))
        }
    }

    // MARK: Time

    /// Sets the packet time of the frame about to be decoded and returns the intervals it closes
    /// (usually none).
    public mutating func beginFrame(time: PacketTime) -> [ClosedInterval] {
        if beginFrameInOpenInterval(time: time) { return [] }
        guard time >= watermark else {
            counting = false
            return []
        }
        counting = true
        lastCountedTime = max(lastCountedTime, time)
        let start = schedule.start(containing: time)
        guard let current = currentStart else {
            // The first counted frame. A resumed run starts where the ledger ends, so that intervals
            // between the watermark and this frame get their (zero) records as in an uninterrupted run.
            let startPoint = watermark > 0 ? watermark : time
            let first = watermark > 0 ? min(schedule.start(containing: watermark), start) : start
            currentStart = first
            currentIncomplete = startPoint > first * 1_000_000_000
            if resumeAfterDowntime && watermark > 0 {
                incompleteThrough = start
                currentIncomplete = true
            }
            return rollForward(to: start)
        }
        return start > current ? rollForward(to: start) : []  // a frame out of order stays in the open interval
    }

    /// Frames `countFrameInOpenInterval` was called for, and those of them before the watermark (already
    /// in the ledger: decoded, not counted).
    public private(set) var frames = 0
    public private(set) var framesBeforeWatermark = 0

    /// `beginFrameInOpenInterval` for a caller that wants the frames counted (`frames`,
    /// `framesBeforeWatermark`): replay's per-frame step.
    @inline(__always)
    public mutating func countFrameInOpenInterval(time: PacketTime) -> Bool {
        frames += 1
        if time < watermark { framesBeforeWatermark += 1 }
        return beginFrameInOpenInterval(time: time)
    }

    /// `beginFrame` for nearly every frame: one that is counted and falls inside the open interval (or
    /// before it: out of order, it stays there), so that nothing closes. Returns false, having changed
    /// nothing, for any other frame: call `beginFrame` for it. Spares the per-frame caller an array.
    @inline(__always)
    public mutating func beginFrameInOpenInterval(time: PacketTime) -> Bool {
        guard time >= watermark && time < openUntil else { return false }
        counting = true
        if time > lastCountedTime { lastCountedTime = time }
        return true
    }

    private mutating func rollForward(to start: Int64) -> [ClosedInterval] {
        var closed: [ClosedInterval] = []
        guard var current = currentStart, start > current else { return closed }
        let length = schedule.lengthSeconds
        if (start - current) / length > Int64(maxEmptyIntervals) {
            closed.append(close(current, coveredUntil: lastCountedTime))
            currentStart = start
            currentIncomplete = true
            return closed
        }
        while current < start {
            closed.append(close(current, coveredUntil: (current + length) * 1_000_000_000))
            current += length
            currentIncomplete = current <= incompleteThrough
        }
        currentStart = current
        return closed
    }

    /// Closes the open interval at the end of the input: the meter stopped inside it, so it is
    /// incomplete. Returns nil when nothing was counted (e.g. a replay entirely behind the watermark).
    public mutating func finish() -> ClosedInterval? {
        guard let current = currentStart else { return nil }
        currentIncomplete = true
        let closed = close(current, coveredUntil: lastCountedTime + 1)
        currentStart = nil
        return closed
    }

    /// Closes, by the wall clock, intervals that ended before `time`: a live meter calls it with
    /// "now minus a grace period" so that an idle link still gets its intervals closed. A frame that
    /// arrives later with an earlier time stays in the open interval, as any out-of-order frame does.
    /// Does nothing before the first counted frame.
    public mutating func advance(to time: PacketTime) -> [ClosedInterval] {
        guard currentStart != nil else { return [] }
        return rollForward(to: schedule.start(containing: time))
    }

    private mutating func close(_ start: Int64, coveredUntil: PacketTime) -> ClosedInterval {
        flushSigtran()
        applyFacts()
        var records: [LinkRecord] = []
        records.reserveCapacity(slots.count)
        for i in slots.indices {
            records.append(LinkRecord(
                link: slotLinks[i].name, linkID: slotLinks[i].id, customer: slotLinks[i].customer,
                complete: !currentIncomplete, counters: slots[i]))
            slots[i].reset()
        }
        return ClosedInterval(start: start, end: start + schedule.lengthSeconds, coveredUntil: coveredUntil, records: records)
    }

    // MARK: Links

    /// Both directions of an association (and both MTP2 directions) are one link.
    static func canonical(_ id: LinkIdentity) -> LinkIdentity {
        switch id {
        case .unknown: return .unknown
        case let .mtp2(link, _): return .mtp2(link: link, sent: false)
        case let .sctp(e):
            let forward = (e.source.high, e.source.low, e.sourcePort) <= (e.destination.high, e.destination.low, e.destinationPort)
            return forward ? id : .sctp(SCTPEndpoints(
                source: e.destination, destination: e.source, sourcePort: e.destinationPort, destinationPort: e.sourcePort))
        }
    }

    /// A discovered link's `link_id`, in the configuration's syntax (IPv6 in brackets), so that it can
    /// be copied into a `[[link]]` as it is.
    static func identityText(_ id: LinkIdentity) -> String {
        switch id {
        case .unknown: NetworkPlan.unknownLinkID
        case let .mtp2(link, _): NetworkPlan.LinkKey.mtp2(link: link).description
        case let .sctp(e): NetworkPlan.LinkKey.sctp(towardSTP: e).description
        }
    }

    /// The counter slot of an unconfigured link, created on first sight (it then gets a record in every
    /// later interval, zeros included). Called only when `linkSlots` (which caches its answer) does not
    /// know the identity. Past `maxDiscoveredLinks`, the shared slot `discovered:other`.
    private mutating func discoveredSlot(_ id: LinkIdentity) -> Int {
        let key = Self.canonical(id)
        if let found = discovered[key] { return found }
        guard discovered.count < maxDiscoveredLinks else { return otherLinksSlot() }
        let slot = newSlot(Self.identityText(key))
        discovered[key] = slot
        return slot
    }

    /// The slot that counts the unconfigured links beyond `maxDiscoveredLinks`, together.
    private mutating func otherLinksSlot() -> Int {
        if let otherSlot { return otherSlot }
        let slot = newSlot(NetworkPlan.otherLinksID)
        otherSlot = slot
        return slot
    }

    /// A new slot for an unconfigured link: named by its id, customer `unattributed`.
    private mutating func newSlot(_ id: String) -> Int {
        slots.append(LinkCounters(chargeSlots: chargeSlots))
        slotLinks.append((id, id, "unattributed"))
        return slots.count - 1
    }

    /// An unconfigured link that has a slot: one discovered on its own, or the shared slot of those
    /// beyond `maxDiscoveredLinks`.
    public enum DiscoveredLink: Hashable, Sendable {
        case link(LinkIdentity)
        case others
    }

    /// Gives every link `previous` discovered a slot here too, in the order it had there, unless this
    /// meter's plan configures it: a reloaded configuration starts a new meter, and an unconfigured link
    /// keeps its record in every interval (zeros included) across the reload, as it would without one.
    public mutating func carryDiscoveredLinks(from previous: Meter) {
        var held = previous.discovered.map { (slot: $0.value, link: DiscoveredLink.link($0.key)) }
        if let other = previous.otherSlot { held.append((other, .others)) }
        addDiscoveredLinks(held.sorted { $0.slot < $1.slot }.map(\.link))
    }

    /// Gives each of `links` a slot now, in order, unless the plan configures it. A resumed meter keeps
    /// the links its ledger shows were discovered (`LedgerWriter.discoveredLinkIDs`, read by
    /// `discoveredLink(linkID:)`): each gets its record in every interval from the resume on, zeros
    /// included, in the same order, as in an uninterrupted run.
    public mutating func addDiscoveredLinks(_ links: [DiscoveredLink]) {
        for link in links {
            switch link {
            case .link(let id): _ = linkSlot(id)
            case .others: _ = otherLinksSlot()
            }
        }
    }

    /// The counter slot of a capture identity, for events that are not messages: the same lookup as a
    /// message's (configured links through the classifier, others discovered).
    private mutating func slot(_ link: LinkIdentity) -> Int { linkSlot(link).slot }

    // MARK: DecodeSink

    // Inlined into the decoder's specialization for the meter, so that the message it is handed is
    // never assembled (a ~280-octet value, user part included) and copied for a call: only the parts
    // `count` reads are taken from the values the decoder holds.
    @inline(__always)
    public mutating func message(_ message: SS7Message) {
        let codes = message.codes
        // Only a message carrying TCAP can be a data request, whose called party decides its charges:
        // other messages' user parts are not read.
        countMessage(
            link: message.link, mtp: message.mtp, codes: codes,
            calledParty: codes.tcapPackage >= 0 ? message.userPart.sccpCalledParty : nil, octets: message.octets)
    }

    // ISUP and SCCP messages are counted unassembled (`DecodeSink.isupMessage`): what `message` reads
    // of them, read from the decoded parts.
    @inline(__always)
    public mutating func isupMessage(_ header: SS7Message.Header, _ isup: ISUPMessage, codes: UserPart.Codes) {
        countMessage(link: header.link, mtp: header.mtp, codes: codes, calledParty: nil, octets: header.octets)
    }

    @inline(__always)
    public mutating func sccpMessage(
        _ header: SS7Message.Header, _ sccp: SCCPMessage, tcap: TCAPMessage?, codes: UserPart.Codes
    ) {
        countMessage(
            link: header.link, mtp: header.mtp, codes: codes,
            calledParty: codes.tcapPackage >= 0 ? sccp.calledParty : nil, octets: header.octets)
    }

    /// One message: its SIGTRAN carrier taken, its slot resolved, its facts added to `facts`.
    @inline(never)
    private mutating func countMessage(
        link id: LinkIdentity, mtp: MTPTransfer, codes: UserPart.Codes, calledParty: SCCPAddress?, octets: Int
    ) {
        var sigtranKey: UInt32?
        if let pending = pendingSigtran {
            // Taken only by a message that is itself counted: otherwise the DATA (counted when it came)
            // would be lost with it.
            if counting && pending.link == id {
                sigtranKey = pending.key
                pendingSigtran = nil
            } else {
                flushSigtran()
            }
        }
        guard counting else { return }
        countedMessages += 1
        // The link is resolved now, so that an unconfigured link's slot is created when it is first
        // seen (slot order is record order); the rest waits in `facts` (see FactTable).
        let link = linkSlot(id)
        let f =
            codes.tcapPackage >= 0
            ? classifier.facts(hit: link.hit, opc: mtp.opc, dpc: mtp.dpc, codes: codes, calledParty: calledParty)
            : Classifier.Facts(hit: link.hit, opc: mtp.opc, dpc: mtp.dpc, codes: codes)
        // The DATA message that carried it is counted with it, on the same slot, when the key is applied.
        if facts.add(FactTable.Key(f, slot: link.slot, si: mtp.si, carrier: sigtranKey), octets: octets) {
            applyFacts()
        }
    }

    /// A capture identity's counter slot and what the configuration says of it.
    struct LinkSlot {
        var slot: Int
        var hit: Classifier.LinkHit
    }

    /// `LinkSlot` of `id`, cached (consecutive messages mostly share a link).
    @inline(__always)
    private mutating func linkSlot(_ id: LinkIdentity) -> LinkSlot {
        if let known = linkSlots.value(for: id) { return known }
        return newLinkSlot(id)
    }

    private mutating func newLinkSlot(_ id: LinkIdentity) -> LinkSlot {
        let hit = classifier.linkHit(for: id, interface: interface)
        let found = LinkSlot(slot: hit.link ?? discoveredSlot(id), hit: hit)
        linkSlots.set(found, for: id)
        return found
    }

    /// Classifies each distinct key of `facts` and adds its messages to its counter slot, in order of
    /// first appearance; empties the table. Called before an interval's counts are read.
    private mutating func applyFacts() {
        for e in facts.entries {
            let f = e.key.facts
            count(
                classifier.classify(facts: f), slot: e.key.slot, si: e.key.si, opc: f.opc, dpc: f.dpc,
                codes: f.codes, messages: e.messages, octets: e.octets)
            if let carrier = e.key.carrier { slots[e.key.slot].sigtran.add(carrier, e.messages) }
        }
        facts.removeAll()
    }

    /// Adds `messages` messages of one classification, `octets` in all, to slot `s`.
    private mutating func count(
        _ c: Classification, slot s: Int, si: UInt8, opc: PointCode, dpc: PointCode, codes: UserPart.Codes,
        messages n: Int, octets: Int
    ) {
        let d = LinkCounters.directionIndex(c.direction)
        let routeKey = LinkCounters.RouteKey(opc: opc.value, dpc: dpc.value, si: si)
        let chargeBase = (c.customer ?? plan.customers.count) * eventCount
        let routeLimit = maxRoutesPerLink
        // One copy-on-write check of `slots` for the whole key, not one per counter touched (the
        // unsafe buffer does not check its index in release builds: this does).
        precondition(s >= 0 && s < slots.count)
        slots.withUnsafeMutableBufferPointer { slot in
            slot[s].counts.withUnsafeMutableBufferPointer { counts in
                typealias O = LinkCounters.Offset
                counts[O.msus + d] += n
                counts[O.octets + d] += octets
                counts[O.serviceIndicators + Int(si & 0x0F)] += n
                // Codes are 0...255 (or -1 for none): inside their 256-slot ranges.
                if codes.isupType >= 0 { counts[O.isup + Int(codes.isupType)] += n }
                if codes.sccpType >= 0 { counts[O.sccp + Int(codes.sccpType)] += n }
                if codes.tcapPackage >= 0 { counts[O.tcap + Int(codes.tcapPackage)] += n }
            }
            if !slot[s].routes.add(routeKey, n, limit: routeLimit) { slot[s].routesOther += n }
            if c.isCallSetupRequest { slot[s].callSetupRequests += n }
            if c.isDataRequest { slot[s].dataRequests += n }
            for event in c.events { slot[s].charges[chargeBase + event.index] += n }
        }
    }

    public mutating func sigtran(_ message: SigtranMessage) {
        flushSigtran()
        guard counting else { return }
        if message.carriesMSU {
            pendingSigtran = (message.link, message.packedKey)
        } else {
            slots[slot(message.link)].sigtran.add(message.packedKey)
        }
    }

    /// Counts the pending SIGTRAN message on its own link's slot.
    private mutating func flushSigtran() {
        guard let pending = pendingSigtran else { return }
        pendingSigtran = nil
        slots[slot(pending.link)].sigtran.add(pending.key)
    }

    public mutating func decodeError(_ error: DecodeError, link: LinkIdentity) {
        flushSigtran()
        guard counting else { return }
        slots[slot(link)].errors[error, default: 0] += 1
    }

    public mutating func sctpRetransmission(link: LinkIdentity) {
        flushSigtran()
        guard counting else { return }
        slots[slot(link)].sctpRetransmissions += 1
    }

    public mutating func mtp2Retransmission(link: LinkIdentity) {
        flushSigtran()
        guard counting else { return }
        slots[slot(link)].mtp2Retransmissions += 1
    }

    public mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {
        flushSigtran()
        guard counting else { return }
        let s = slot(link)
        switch transport {
        case .mtp2: slots[s].mtp2Gap += Int(missing)
        case .sctp: slots[s].sctpGap += Int(missing)
        }
    }
}

extension ClosedInterval {
    /// The ledger group `replay` writes for this interval, every record with `part` 0 (the ledger's
    /// owner sets the real part): lets a live meter hand intervals to a writer on another thread.
    public func ledgerGroup(source: String, plan: NetworkPlan, variant: SS7Variant) -> IntervalGroup {
        IntervalGroup(
            intervalStart: start, intervalEnd: end, coveredUntil: coveredUntil,
            records: records.map {
                RecordEncoding.record($0, interval: self, part: 0, source: source, plan: plan, variant: variant)
            })
    }
}
