import ByteParsing

/// Reassembles the user data of segmented XUDT/LUDT (and XUDTS/LUDTS) messages (Q.714 4.1.1.2).
///
/// A message is identified by (OPC, calling party address, segmentation local reference). Its first
/// segment has the F bit set and says how many segments remain; each next segment must say one fewer,
/// and the one that says 0 completes the message. It is a pure value: no clocks; age is counted in
/// calls to `add`. Everything is bounded: pending messages, segments and bytes per message. Only
/// segmented messages allocate (their buffer and their table entry).
public struct SCCPReassembler: Sendable {
    public struct Limits: Sendable {
        /// Pending reassemblies held at once; the oldest is evicted to make room.
        public var maxPending: Int
        /// Segments per message (the first segment's "remaining" + 1); Q.713 allows at most 16.
        public var maxSegments: Int
        /// Reassembled user data bytes per message.
        public var maxBytes: Int
        /// A pending reassembly is evicted when this many `add` calls have passed since its first segment.
        public var maxAge: Int

        public init(maxPending: Int = 1024, maxSegments: Int = 16, maxBytes: Int = 65536, maxAge: Int = 100_000) {
            self.maxPending = max(1, maxPending)
            self.maxSegments = max(1, min(16, maxSegments))
            self.maxBytes = max(0, maxBytes)
            self.maxAge = max(1, maxAge)
        }
    }

    /// What became of one message given to `add`.
    public enum Outcome: Equatable, Sendable {
        /// No Segmentation parameter, or a first segment with none remaining: use `message.data`.
        case unsegmented
        /// The segment is stored; more are to come.
        case pending
        /// This was the last segment: the whole user data.
        case complete([UInt8])
        /// The segment is dropped, and with it the pending reassembly it belonged to, if any:
        /// `.reassemblyInconsistent` (no first segment, out of order, duplicate), `.reassemblyLimit`
        /// (too many segments or bytes) or `.missingMandatory` (a segment without data).
        case dropped(DecodeError)
    }

    public struct Result: Equatable, Sendable {
        /// What became of the message given.
        public var outcome: Outcome
        /// Other pending reassemblies dropped during this call, because the table was full or they
        /// were too old. Count each as a `.reassemblyLimit` error.
        public var evicted: Int
        /// A pending reassembly replaced by a new first segment with the same key (its segments were
        /// lost). Count it as a `.reassemblyInconsistent` error.
        public var abandoned: Bool
    }

    private struct Key: Hashable {
        var opc: PointCode
        var calling: SCCPAddress?
        var localReference: UInt32
    }

    private struct Entry {
        var bytes: [UInt8]
        /// The "remaining segments" the next segment must carry.
        var nextRemaining: UInt8
        /// `clock` at the first segment: identifies this entry in `order` and gives its age.
        var born: UInt64
    }

    public let limits: Limits
    private var pending: [Key: Entry] = [:]
    /// Keys in the order their entries were created; stale items (entry gone or replaced) are skipped.
    private var order: [(key: Key, born: UInt64)] = []
    private var orderHead = 0
    private var clock: UInt64 = 0

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Number of reassemblies waiting for segments.
    public var pendingCount: Int { pending.count }

    /// Adds one decoded message received from `opc`.
    public mutating func add(_ message: SCCPMessage, opc: PointCode) -> Result {
        clock &+= 1
        var result = Result(outcome: .unsegmented, evicted: expire(), abandoned: false)
        guard let seg = message.segmentation, !(seg.isFirst && seg.remainingSegments == 0) else {
            return result
        }
        guard var data = message.data else {
            result.outcome = .dropped(DecodeError(.sccp, .missingMandatory, at: 0))
            return result
        }
        let key = Key(opc: opc, calling: message.callingParty, localReference: seg.localReference)
        let errorAt = data.offset

        if seg.isFirst {
            if pending.removeValue(forKey: key) != nil { result.abandoned = true }
            guard Int(seg.remainingSegments) < limits.maxSegments, data.remaining <= limits.maxBytes else {
                result.outcome = .dropped(DecodeError(.sccp, .reassemblyLimit, at: errorAt))
                return result
            }
            if pending.count >= limits.maxPending { result.evicted &+= evictOldest() }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(min(limits.maxBytes, data.remaining &* (Int(seg.remainingSegments) &+ 1)))
            bytes.append(contentsOf: data.unreadBytes)
            pending[key] = Entry(bytes: bytes, nextRemaining: seg.remainingSegments &- 1, born: clock)
            order.append((key, clock))
            result.outcome = .pending
            return result
        }

        // A later segment: it must continue a pending reassembly, in sequence.
        guard var entry = pending.removeValue(forKey: key), seg.remainingSegments == entry.nextRemaining else {
            result.outcome = .dropped(DecodeError(.sccp, .reassemblyInconsistent, at: errorAt))
            return result
        }
        guard data.remaining <= limits.maxBytes &- entry.bytes.count else {
            result.outcome = .dropped(DecodeError(.sccp, .reassemblyLimit, at: errorAt))
            return result
        }
        entry.bytes.append(contentsOf: data.readRest().unreadBytes)
        if seg.remainingSegments == 0 {
            result.outcome = .complete(entry.bytes)
        } else {
            entry.nextRemaining &-= 1
            pending[key] = entry
            result.outcome = .pending
        }
        return result
    }

    /// Drops entries older than `maxAge` calls; returns how many.
    private mutating func expire() -> Int {
        var count = 0
        while orderHead < order.count {
            let (key, born) = order[orderHead]
            if let entry = pending[key], entry.born == born {
                guard clock &- born >= UInt64(limits.maxAge) else { break }
                pending[key] = nil
                count &+= 1
            }
            orderHead &+= 1
        }
        compactOrder()
        return count
    }

    /// Drops the oldest live entry; returns 1, or 0 if there was none.
    private mutating func evictOldest() -> Int {
        defer { compactOrder() }
        while orderHead < order.count {
            let (key, born) = order[orderHead]
            orderHead &+= 1
            if let entry = pending[key], entry.born == born {
                pending[key] = nil
                return 1
            }
        }
        return 0
    }

    /// Keeps `order` bounded: stale items ahead of the head are removed once they are the majority,
    /// and completed entries' items are swept when the list outgrows the table.
    private mutating func compactOrder() {
        if orderHead > 64 && orderHead &* 2 > order.count {
            order.removeFirst(orderHead)
            orderHead = 0
        }
        if order.count > 2 &* limits.maxPending &+ 64 {
            order = order[orderHead...].filter { pending[$0.key]?.born == $0.born }
            orderHead = 0
        }
    }
}
