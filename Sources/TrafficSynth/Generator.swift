// Puts a scenario's MSUs on a link type and streams them into a pcap file, counting what a
// decoder must find.

/// The link a capture is taken on.
public enum LinkKind: String, Sendable, CaseIterable {
    /// DLT 1: Ethernet, IPv4, SCTP, M3UA (one association per customer).
    case m3ua
    /// DLT 139: MTP2 with libpcap's pseudo-header (link number, direction).
    case mtp2
    /// DLT 141: MTP3 only.
    case mtp3

    public var linkType: LinkType {
        switch self {
        case .m3ua: .ethernet
        case .mtp2: .mtp2WithPHDR
        case .mtp3: .mtp3
        }
    }
}

/// Everything that determines a generated capture.
public struct GeneratorOptions: Sendable {
    public var variant: Variant
    public var link: LinkKind
    public var seed: UInt64
    public var size: ScenarioSize
    /// M3UA: at most this many DATA chunks in one SCTP packet.
    public var bundle: Int = 1
    /// M3UA: DATA chunks to send a second time (same TSN, same bytes) in a later packet.
    public var retransmissions: Int = 0
    public var plan: NetworkPlan

    public init(variant: Variant, link: LinkKind, seed: UInt64, size: ScenarioSize,
                bundle: Int = 1, retransmissions: Int = 0, plan: NetworkPlan? = nil) {
        self.variant = variant; self.link = link; self.seed = seed; self.size = size
        self.bundle = max(1, bundle); self.retransmissions = max(0, retransmissions)
        self.plan = plan ?? .standard(variant)
    }
}

public enum Generator {
    /// Writes the capture described by `options` to `sink`; returns what it holds and the sink.
    /// `onMessage` sees every MSU once, in capture order (ground truth for further expectations).
    public static func run<S: ByteSink>(_ options: GeneratorOptions, sink: S,
                                        onMessage: (GeneratedMessage) -> Void = { _ in }) throws -> (ExpectedSummary, S) {
        precondition(options.plan.variant == options.variant, "plan and variant differ")
        var scenario = TrafficScenario(plan: options.plan, seed: options.seed, size: options.size)
        var writer = PcapWriter(sink: sink, linkType: options.link.linkType)
        var counter = SummaryCounter(plan: options.plan)
        var userPart: [UInt8] = []
        userPart.reserveCapacity(300)
        var signalUnits: [String: Int] = [:]
        // The link layer draws from its own stream, so the MSUs do not depend on the link type.
        let linkSeed = options.seed ^ 0x5DEE_CE66_D1CE_5EED
        switch options.link {
        case .m3ua:
            var link = M3UALink(options: options, estimate: scenario.estimatedMessages, seed: linkSeed)
            while let m = scenario.next() {
                userPart.removeAll(keepingCapacity: true)
                m.encodeUserPart(options.variant, to: &userPart)
                counter.count(m, userPartOctets: userPart.count)
                onMessage(m)
                try link.send(m, userPart: userPart, to: &writer, counter: &counter)
            }
            try link.finish(to: &writer, counter: &counter)
        case .mtp2, .mtp3:
            var link = MTP2Link(variant: options.variant, seed: linkSeed, withMTP2: options.link == .mtp2)
            while let m = scenario.next() {
                userPart.removeAll(keepingCapacity: true)
                m.encodeUserPart(options.variant, to: &userPart)
                counter.count(m, userPartOctets: userPart.count)
                onMessage(m)
                try link.send(m, userPart: userPart, to: &writer)
            }
            if options.link == .mtp2 { signalUnits = ["FISU": link.fisus, "LSSU": link.lssus] }
        }
        try writer.flush()
        var summary = counter.summary(frames: writer.records)
        summary.mtp2 = signalUnits.filter { $0.value > 0 }
        return (summary, writer.sink)
    }
}

/// DLT 139 and DLT 141. For MTP2, each link number has two directions with their own FSN; the
/// capture is taken at the STP end, so `sent` = 1 for signal units the STP sent (toward the
/// customer) and 0 for those the customer sent. Alignment LSSUs open each link, FISUs follow some
/// MSUs, and the odd LSSU SIB (busy) appears.
struct MTP2Link {
    let variant: Variant
    var rng: SplitMix64
    let withMTP2: Bool
    /// Last FSN sent, per link number and direction (index 0 customer, 1 STP).
    var fsn: [UInt16: [UInt8]] = [:]
    var frame: [UInt8] = []
    /// Not before the last frame written (alignment frames are placed just after it).
    var lastTime = Timestamp(seconds: 0, micros: 0)
    /// Fill-in and link status signal units written.
    var fisus = 0, lssus = 0

    init(variant: Variant, seed: UInt64, withMTP2: Bool) {
        self.variant = variant; rng = SplitMix64(seed: seed); self.withMTP2 = withMTP2
        frame.reserveCapacity(400)
    }

    mutating func send<S: ByteSink>(_ m: GeneratedMessage, userPart: [UInt8], to w: inout PcapWriter<S>) throws {
        guard withMTP2 else {
            frame.removeAll(keepingCapacity: true)
            MTP3.appendMSU(m.header, variant, userPart: userPart, to: &frame)
            try w.append(frame, at: m.time)
            return
        }
        let link = m.link
        let me = m.towardSTP ? 0 : 1
        if fsn[link] == nil {
            // Alignment: status indication "out of alignment", then "normal", from both ends, then
            // fill-in signal units; it all happens just before the link's first MSU.
            fsn[link] = [127, 127]
            var t = max(lastTime, Timestamp(seconds: m.time.seconds - 1, micros: m.time.micros))
            for (side, status) in [(1, MTP2.Status.sio), (0, .sio), (1, .sin), (0, .sin)] {
                t = t.adding(micros: 10)
                try lssu(link: link, side: side, status: status, at: t, to: &w)
            }
            for side in [1, 0] {
                t = t.adding(micros: 10)
                try fisu(link: link, side: side, at: t, to: &w)
            }
        }
        fsn[link]![me] = (fsn[link]![me] &+ 1) & 0x7F
        let li = MTP3.msuLength(variant, userPart: userPart.count)
        frame.removeAll(keepingCapacity: true)
        MTP2.appendPseudoHeader(sent: me == 1, linkNumber: link, to: &frame)
        MTP2.appendHeader(bsn: fsn[link]![1 - me], bib: true, fsn: fsn[link]![me], fib: true, li: li, to: &frame)
        MTP3.appendMSU(m.header, variant, userPart: userPart, to: &frame)
        try w.append(frame, at: m.time)
        lastTime = m.time.adding(micros: 60)
        // The far end acknowledges in a FISU now and then; rarely a processor-busy LSSU.
        if rng.chance(30) { try fisu(link: link, side: 1 - me, at: m.time.adding(micros: 50), to: &w) }
        if rng.chance(1) { try lssu(link: link, side: rng.below(2), status: .sib, at: m.time.adding(micros: 60), to: &w) }
    }

    mutating func fisu<S: ByteSink>(link: UInt16, side: Int, at t: Timestamp, to w: inout PcapWriter<S>) throws {
        fisus += 1
        frame.removeAll(keepingCapacity: true)
        MTP2.appendPseudoHeader(sent: side == 1, linkNumber: link, to: &frame)
        MTP2.appendHeader(bsn: fsn[link]![1 - side], bib: true, fsn: fsn[link]![side], fib: true, li: 0, to: &frame)
        try w.append(frame, at: t)
    }

    mutating func lssu<S: ByteSink>(link: UInt16, side: Int, status: MTP2.Status, at t: Timestamp,
                                    to w: inout PcapWriter<S>) throws {
        lssus += 1
        frame.removeAll(keepingCapacity: true)
        MTP2.appendPseudoHeader(sent: side == 1, linkNumber: link, to: &frame)
        MTP2.appendHeader(bsn: fsn[link]![1 - side], bib: true, fsn: fsn[link]![side], fib: true, li: 1, to: &frame)
        frame.u8(status.rawValue)
        try w.append(frame, at: t)
    }
}

/// DLT 1: one SCTP association per customer between the customer's ASP (10.1.0.n, port 2905+n)
/// and the STP's SG (10.0.0.1, port 2905). Each association opens with ASPUP, ASPUP_ACK, ASPAC,
/// ASPAC_ACK, NTFY, DAVA, BEAT, BEAT_ACK on stream 0; DATA goes on streams 1-4 by SLS; a BEAT
/// pair follows every 1000 DATA messages. TSNs and stream sequence numbers count per direction.
struct M3UALink {
    struct Direction {
        var tsn: UInt32
        var vtag: UInt32
        var ssn = [UInt16](repeating: 0, count: 5)
        var ipID: UInt16 = 0
    }
    struct Association {
        var up: Direction  // ASP (customer) to SG (STP)
        var down: Direction
        var started = false
        var data = 0
        let aspIP: UInt32, aspPort: UInt16, aspMAC: UInt64
    }
    struct Sent {
        var assoc: Int
        var up: Bool
        var chunk: [UInt8]
    }

    let sgIP: UInt32 = 0x0A00_0001, sgPort: UInt16 = 2905, sgMAC: UInt64 = 0x02_00_00_00_00_01
    let bundle: Int
    let plan: NetworkPlan
    var assocs: [Association]
    var rng: SplitMix64
    var pending: (assoc: Int, up: Bool, chunks: [UInt8], count: Int, time: Timestamp)? = nil
    var lastTime = Timestamp(seconds: 0, micros: 0)
    /// Recently flushed DATA chunks that carried M3UA DATA: candidates for retransmission.
    var recent: [Sent] = []
    var retransmissionsLeft: Int
    let retransmitEvery: Int
    var dataChunksFlushed = 0
    var nextRetransmission: Int
    var m3ua: M3UAMessage = .aspUp
    var payload: [UInt8] = [], chunk: [UInt8] = [], sctp: [UInt8] = [], frame: [UInt8] = []

    init(options: GeneratorOptions, estimate: Int, seed: UInt64) {
        rng = SplitMix64(seed: seed)
        bundle = options.bundle
        plan = options.plan
        assocs = []
        for i in plan.customers.indices {
            let up = Direction(tsn: UInt32(truncatingIfNeeded: rng.next()), vtag: UInt32(truncatingIfNeeded: rng.next()) | 1)
            let down = Direction(tsn: UInt32(truncatingIfNeeded: rng.next()), vtag: UInt32(truncatingIfNeeded: rng.next()) | 1)
            assocs.append(Association(up: up, down: down, aspIP: 0x0A01_0001 + UInt32(i),
                                      aspPort: 2906 + UInt16(i), aspMAC: 0x02_00_00_00_01_01 + UInt64(i)))
        }
        retransmissionsLeft = options.retransmissions
        retransmitEvery = max(1, estimate / (options.retransmissions + 1))
        nextRetransmission = retransmitEvery
    }

    mutating func send<S: ByteSink>(_ m: GeneratedMessage, userPart: [UInt8], to w: inout PcapWriter<S>,
                                    counter: inout SummaryCounter) throws {
        let a = m.customer
        if !assocs[a].started {
            try flush(to: &w)
            assocs[a].started = true
            lastTime = max(lastTime, Timestamp(seconds: m.time.seconds - 1, micros: m.time.micros))
            let rc = UInt32(a + 1)
            let stp = plan.companySTPs[0]
            let opening: [(M3UAMessage, Bool)] = [
                (.aspUp, true), (.aspUpAck, false), (.aspActive(routingContext: rc), true),
                (.aspActiveAck(routingContext: rc), false), (.notify(routingContext: rc), false),
                (.dava(routingContext: rc, stp), false), (.beat(1), true), (.beatAck(1), false),
            ]
            for (msg, up) in opening { try management(msg, assoc: a, up: up, to: &w, counter: &counter) }
        }
        let up = m.towardSTP
        payload.removeAll(keepingCapacity: true)
        M3UA.encode(.data(routingContext: UInt32(a + 1), m.header), userPart: userPart, to: &payload)
        counter.m3ua["TRANSFER/DATA", default: 0] += 1
        let stream = 1 + UInt16(m.header.sls % 4)
        makeChunk(assoc: a, up: up, stream: stream)
        if let p = pending, p.assoc != a || p.up != up || p.count >= bundle || p.chunks.count + chunk.count > 1400 {
            try flush(to: &w)
        }
        if pending == nil { pending = (a, up, [], 0, m.time) }
        pending!.chunks.append(contentsOf: chunk)
        pending!.count += 1
        pending!.time = m.time
        remember(Sent(assoc: a, up: up, chunk: chunk))
        if pending!.count >= bundle { try flush(to: &w) }
        assocs[a].data += 1
        if assocs[a].data % 1000 == 0 {
            try flush(to: &w)
            let n = UInt32(assocs[a].data / 1000 + 1)
            try management(.beat(n), assoc: a, up: true, to: &w, counter: &counter)
            try management(.beatAck(n), assoc: a, up: false, to: &w, counter: &counter)
        }
        while retransmissionsLeft > 0 && dataChunksFlushed >= nextRetransmission, !flushedRecent.isEmpty {
            try retransmit(to: &w, counter: &counter)
            nextRetransmission += retransmitEvery
        }
    }

    /// Chunks already on the wire (not in the open bundle).
    var flushedRecent: ArraySlice<Sent> { recent.dropLast(pending?.count ?? 0) }

    mutating func remember(_ s: Sent) {
        recent.append(s)
        if recent.count > 32 { recent.removeFirst() }
    }

    mutating func finish<S: ByteSink>(to w: inout PcapWriter<S>, counter: inout SummaryCounter) throws {
        try flush(to: &w)
        while retransmissionsLeft > 0 && !recent.isEmpty { try retransmit(to: &w, counter: &counter) }
    }

    /// Sends an earlier DATA chunk again, alone in a new packet: same TSN, same stream sequence
    /// number, same bytes.
    mutating func retransmit<S: ByteSink>(to w: inout PcapWriter<S>, counter: inout SummaryCounter) throws {
        let candidates = flushedRecent
        let s = candidates[candidates.startIndex + rng.below(candidates.count)]
        lastTime = lastTime.adding(micros: 1)
        try writePacket(assoc: s.assoc, up: s.up, chunks: s.chunk, at: lastTime, to: &w)
        retransmissionsLeft -= 1
        counter.retransmissions += 1
    }

    mutating func makeChunk(assoc a: Int, up: Bool, stream: UInt16) {
        chunk.removeAll(keepingCapacity: true)
        func take(_ d: inout Direction) {
            SCTP.appendDataChunk(tsn: d.tsn, stream: stream, ssn: d.ssn[Int(stream)], ppid: SCTP.m3uaPPID,
                                 payload: payload, to: &chunk)
            d.tsn &+= 1
            d.ssn[Int(stream)] &+= 1
        }
        if up { take(&assocs[a].up) } else { take(&assocs[a].down) }
    }

    /// An ASP management message in its own packet on stream 0, 1 µs after the previous frame.
    mutating func management<S: ByteSink>(_ msg: M3UAMessage, assoc a: Int, up: Bool, to w: inout PcapWriter<S>,
                                          counter: inout SummaryCounter) throws {
        payload.removeAll(keepingCapacity: true)
        M3UA.encode(msg, to: &payload)
        counter.m3ua[msg.summaryName, default: 0] += 1
        makeChunk(assoc: a, up: up, stream: 0)
        lastTime = lastTime.adding(micros: 1)
        try writePacket(assoc: a, up: up, chunks: chunk, at: lastTime, to: &w)
    }

    mutating func flush<S: ByteSink>(to w: inout PcapWriter<S>) throws {
        guard let p = pending else { return }
        pending = nil
        try writePacket(assoc: p.assoc, up: p.up, chunks: p.chunks, at: max(p.time, lastTime), to: &w)
        dataChunksFlushed += p.count
    }

    mutating func writePacket<S: ByteSink>(assoc a: Int, up: Bool, chunks: [UInt8], at t: Timestamp,
                                           to w: inout PcapWriter<S>) throws {
        let asc = assocs[a]
        sctp.removeAll(keepingCapacity: true)
        frame.removeAll(keepingCapacity: true)
        let id: UInt16
        if up {
            // The verification tag is the one the receiver chose: the SG's for packets to the SG.
            SCTP.packet(srcPort: asc.aspPort, dstPort: sgPort, verificationTag: asc.down.vtag, chunks: chunks, to: &sctp)
            id = asc.up.ipID; assocs[a].up.ipID &+= 1
            IPv4.ethernetFrame(srcMAC: asc.aspMAC, dstMAC: sgMAC, src: asc.aspIP, dst: sgIP, id: id, proto: 132,
                               payload: sctp, to: &frame)
        } else {
            SCTP.packet(srcPort: sgPort, dstPort: asc.aspPort, verificationTag: asc.up.vtag, chunks: chunks, to: &sctp)
            id = asc.down.ipID; assocs[a].down.ipID &+= 1
            IPv4.ethernetFrame(srcMAC: sgMAC, dstMAC: asc.aspMAC, src: sgIP, dst: asc.aspIP, id: id, proto: 132,
                               payload: sctp, to: &frame)
        }
        lastTime = max(lastTime, t)
        try w.append(frame, at: lastTime)
    }
}
