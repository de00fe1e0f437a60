import ByteParsing

/// SCTP (RFC 9260) as seen by a passive tap: chunks of each packet walked in order, DATA chunks
/// deduplicated (retransmissions) and reassembled (fragmented user messages), then handed on by
/// payload protocol identifier.
struct SCTPDecoder {
    /// Limits that keep a hostile or broken stream from growing memory without bound.
    struct Limits {
        var directions = 1024            // association directions tracked at once
        var retransmissionWindow = 1024  // TSNs remembered per direction (a power of two): 16 KiB
        var maxMessageOctets = 262_144   // one reassembled user message
        var maxPendingStreams = 64       // streams with a message in reassembly, per direction
        var maxPendingOctets = 16 << 20  // all messages in reassembly, all directions together
    }

    struct DirectionKey: Hashable {
        var endpoints: SCTPEndpoints
        var verificationTag: UInt32

        /// The tag first (it differs most often), then the endpoints (inlined, see `SCTPEndpoints.==`).
        @inline(__always)
        static func == (x: DirectionKey, y: DirectionKey) -> Bool {
            x.verificationTag == y.verificationTag && x.endpoints == y.endpoints
        }
    }

    /// A TSN recently seen and its bytes' fingerprint (0 = empty slot).
    struct Remembered {
        var tsn: UInt32
        var fingerprint: UInt64
    }

    struct Partial {
        var bytes: [UInt8]
        var nextTSN: UInt32
        var ppid: UInt32
    }

    struct DirectionState {
        /// Keyed by stream identifier, with the U bit in bit 16: ordered and unordered fragments of a
        /// stream are reassembled separately.
        var partial: [UInt32: Partial] = [:]
    }

    var limits = Limits()
    /// Octets held in partial messages across every direction (bounded by `limits.maxPendingOctets`).
    private(set) var pendingOctets = 0
    private var index: [DirectionKey: Int] = [:]
    /// `keys[i]` is the key of `states[i]`: with few directions (the usual tap) a linear scan costs
    /// less than hashing the key (the dictionary lookup was ~10% of decode on a 2-association capture).
    private var keys: [DirectionKey] = []
    private var states: [DirectionState] = []
    /// Each direction's block, one after the other (direction i at i * (retransmissionWindow + 1)): first
    /// its highest TSN (`fingerprint` 0 until it has one), then its window of remembered TSNs. One flat
    /// array, so that a DATA chunk's whole check is one index computation and one copy-on-write check.
    private var remembered: [Remembered] = []
    /// Direction indexes by a hash of verification tag and ports (-1: empty), checked against `keys`
    /// before use: a tap interleaves the directions of several associations, which a cache of the last
    /// one or two missed on nearly every other chunk (each miss a scan of full keys).
    private var recent = [Int32](repeating: -1, count: 256)

    /// A DATA chunk's user message, ready for the adaptation layer.
    struct UserMessage {
        var ppid: UInt32
        var endpoints: SCTPEndpoints
    }

    enum ChunkOutcome {
        /// A whole user message in the packet: decode it from the reader.
        case message(ByteReader, ppid: UInt32)
        /// The last fragment completed a user message: decode it from these owned bytes.
        case reassembled([UInt8], ppid: UInt32)
        case retransmission
        case pending
    }

    @inline(__always)
    private mutating func stateIndex(_ key: DirectionKey) -> Int {
        let h = Self.recentSlot(key)
        let hinted = Int(recent[h])
        if hinted >= 0 && keys[hinted] == key { return hinted }
        return findOrAddState(key, slot: h)
    }

    /// `stateIndex` when `recent` does not know the direction: out of line, so that the usual hit stays
    /// small enough to inline into the chunk walk.
    @inline(never)
    private mutating func findOrAddState(_ key: DirectionKey, slot h: Int) -> Int {
        let i: Int
        if let found = keys.count <= 8 ? keys.firstIndex(of: key) : index[key] {
            i = found
        } else {
            if states.count >= limits.directions {
                // Bounded memory: forget every association and start over (rare: thousands of associations).
                index.removeAll(keepingCapacity: true)
                states.removeAll(keepingCapacity: true)
                remembered.removeAll(keepingCapacity: true)
                pendingOctets = 0
                keys.removeAll(keepingCapacity: true)
                for j in recent.indices { recent[j] = -1 }
            }
            i = states.count
            states.append(DirectionState())
            remembered.append(contentsOf: repeatElement(
                Remembered(tsn: 0, fingerprint: 0), count: limits.retransmissionWindow + 1))
            index[key] = i
            keys.append(key)
        }
        recent[h] = Int32(truncatingIfNeeded: i)
        return i
    }

    /// `recent`'s slot for `key`: the verification tag (random per association and direction, RFC 9260
    /// 5.1) mixed with the ports.
    @inline(__always)
    private static func recentSlot(_ key: DirectionKey) -> Int {
        let word = UInt64(key.verificationTag) << 32
            | UInt64(key.endpoints.sourcePort) << 16 | UInt64(key.endpoints.destinationPort)
        return Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// Handles one DATA chunk's value (after the chunk header): TSN, stream, SSN, PPID, user data.
    /// TSNs skipped by the last DATA chunk handled (0 normally): chunks the tap did not see.
    private(set) var lastGap: UInt32 = 0

    // Inlined into the chunk walk (a call passed the outcome through memory); fragments, rare, are
    // handled out of line by `fragment`.
    @inline(__always)
    mutating func dataChunk(
        flags: UInt8, value: ByteReader, key: DirectionKey
    ) throws(DecodeError) -> ChunkOutcome {
        lastGap = 0
        var r = value
        let whole = r
        // TSN, stream identifier, stream sequence number, PPID: checked once.
        let header = try r.readFixed(12)
        let tsn = header.uint32BE(0)
        let stream = header.uint16BE(4)
        let ppid = header.uint32BE(8)
        guard !r.isEmpty else { throw r.error(.badLength) }  // RFC 9260 3.3.1: DATA without user data

        let s = stateIndex(key)
        // A retransmission repeats TSN and bytes; an edited capture may reuse a TSN with other bytes,
        // which is a different message, so the bytes decide, not the TSN alone. All of them: a summary
        // of a few words at fixed positions was tried and missed kancom-style TSN reuse where only
        // OPC/DPC differ (SCTPTests.sameTSNWithOtherBytesIsNotARetransmission).
        let fingerprint = whole.fingerprint | 1  // never 0, which marks an empty slot
        let window = limits.retransmissionWindow
        let head = s &* (window &+ 1)
        let slot = head &+ 1 &+ (Int(tsn) & (window &- 1))
        // The unsafe buffer checks no index in release builds: this does (head < slot).
        precondition(slot < remembered.count)
        let gap = remembered.withUnsafeMutableBufferPointer { block -> UInt32? in
            let highest = block[head]
            let seenAny = highest.fingerprint != 0
            let isNewer = !seenAny || Int32(bitPattern: tsn &- highest.tsn) > 0
            if isNewer {
                block[head] = Remembered(tsn: tsn, fingerprint: 1)
            } else {
                let seen = block[slot]
                if seen.tsn == tsn && seen.fingerprint == fingerprint { return nil }  // a retransmission
            }
            block[slot] = Remembered(tsn: tsn, fingerprint: fingerprint)
            return isNewer && seenAny ? tsn &- highest.tsn &- 1 : 0
        }
        guard let gap else { return .retransmission }
        lastGap = gap

        if flags & 0x03 == 0x03 { return .message(r, ppid: ppid) }
        return try fragment(flags: flags, tsn: tsn, stream: stream, ppid: ppid, data: r, direction: s)
    }

    /// A DATA chunk that is part of a fragmented user message (not both B and E set): reassembled per
    /// stream, bounded by `limits`.
    @inline(never)
    private mutating func fragment(
        flags: UInt8, tsn: UInt32, stream: UInt16, ppid: UInt32, data r: ByteReader, direction s: Int
    ) throws(DecodeError) -> ChunkOutcome {
        let beginning = flags & 0x02 != 0
        let ending = flags & 0x01 != 0
        let streamKey = UInt32(stream) | (flags & 0x04 != 0 ? 0x1_0000 : 0)
        let data = r.unreadBytes
        if beginning {
            if let replaced = states[s].partial.removeValue(forKey: streamKey) { pendingOctets -= replaced.bytes.count }
            guard states[s].partial.count < limits.maxPendingStreams,
                pendingOctets + data.count <= limits.maxPendingOctets
            else {
                throw r.error(.reassemblyLimit)
            }
            states[s].partial[streamKey] = Partial(bytes: Array(data), nextTSN: tsn &+ 1, ppid: ppid)
            pendingOctets += data.count
            return .pending
        }
        // Take the partial message out (its array then uniquely referenced while appending).
        guard var partial = states[s].partial.removeValue(forKey: streamKey) else {
            throw r.error(.reassemblyInconsistent)
        }
        pendingOctets -= partial.bytes.count
        guard partial.nextTSN == tsn else { throw r.error(.reassemblyInconsistent) }
        guard partial.bytes.count + data.count <= limits.maxMessageOctets,
            pendingOctets + partial.bytes.count + data.count <= limits.maxPendingOctets
        else {
            throw r.error(.reassemblyLimit)
        }
        partial.bytes.append(contentsOf: data)
        partial.nextTSN = tsn &+ 1
        if ending { return .reassembled(partial.bytes, ppid: partial.ppid) }
        pendingOctets += partial.bytes.count
        states[s].partial[streamKey] = partial
        return .pending
    }
}

/// Payload protocol identifiers (IANA) and the well-known ports used when the PPID names none of the
/// SS7 adaptation layers: senders leave it 0, and some write it in the wrong byte order (centile's
/// capture has 0x03000000). tshark falls back to the port the same way.
enum SCTPPayload {
    static let m2ua: UInt32 = 2
    static let m3ua: UInt32 = 3
    static let m2pa: UInt32 = 5

    static func protocolFor(ppid: UInt32, sourcePort: UInt16, destinationPort: UInt16) -> SigtranMessage.Layer? {
        switch ppid {
        case m3ua: return .m3ua
        case m2pa: return .m2pa
        case m2ua: return .m2ua
        default:
            for port in [destinationPort, sourcePort] {
                switch port {
                case 2905: return .m3ua
                case 3565: return .m2pa
                case 2904: return .m2ua
                default: continue
                }
            }
            return nil
        }
    }
}
