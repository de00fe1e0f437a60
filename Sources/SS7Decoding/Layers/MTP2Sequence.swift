import ByteParsing

/// Tells MTP2 retransmissions from new MSUs on a tapped link (Q.703 5: basic error correction resends
/// from the negatively acknowledged MSU on, with the same FSN and the same content). An MSU is a
/// retransmission when its FSN is not the next one expected, and the last MSU seen with that FSN on
/// the same link and direction had the same bytes. A forward jump of the FSN is a gap: MSUs the tap
/// did not see.
struct MTP2SequenceTracker {
    struct LinkState {
        var lastFSN: UInt32
        /// Fingerprint of the MSU last seen with each FSN (0 = none), 128 or 4096 entries.
        var fingerprints: [UInt64]
    }

    private var links: [LinkIdentity: LinkState] = [:]
    private var lastKey: LinkIdentity?
    private var lastState: LinkState?
    /// Bounded: links tracked at once (a capture rarely has more than a few hundred).
    var maxLinks = 1024  // Annex A tables are 32 KiB a link: 32 MiB at most

    enum Verdict: Equatable {
        case new
        case retransmission
        /// New, after `missing` MSUs the tap did not see.
        case gap(missing: UInt32)
    }

    mutating func observe(link: LinkIdentity, fsn: UInt32, annexA: Bool, msu: ByteReader) -> Verdict {
        let modulus: UInt32 = annexA ? 4096 : 128
        let fingerprint = msu.fingerprint | 1
        // Take the state out of its store before changing it, so its array is uniquely referenced and
        // updated in place (a copy per message would allocate).
        var state: LinkState
        // The size check matters: a DLT 139 pseudo-header may switch a link between basic and Annex A.
        if link == lastKey, let cached = lastState, cached.fingerprints.count == Int(modulus) {
            state = cached
            lastState = nil
        } else {
            if let previous = lastKey, let cached = lastState {
                links[previous] = cached
                lastState = nil
            }
            if let stored = links.removeValue(forKey: link), stored.fingerprints.count == Int(modulus) {
                state = stored
            } else {
                if links.count >= maxLinks { links.removeAll(keepingCapacity: true) }
                state = LinkState(
                    lastFSN: (fsn &- 1) & (modulus - 1), fingerprints: Array(repeating: 0, count: Int(modulus)))
            }
        }
        let slot = Int(fsn & (modulus - 1))
        let ahead = (fsn &- state.lastFSN) & (modulus - 1)
        let verdict: Verdict
        if ahead == 1 {
            verdict = .new
        } else if (ahead == 0 || ahead > modulus / 2) && state.fingerprints[slot] == fingerprint {
            verdict = .retransmission
        } else if ahead > 1 && ahead <= modulus / 2 {
            verdict = .gap(missing: ahead - 1)
        } else {
            verdict = .new  // out of sequence with other bytes (link restart, mixed links): a new MSU
        }
        if verdict != .retransmission {
            state.fingerprints[slot] = fingerprint
            state.lastFSN = fsn & (modulus - 1)
        }
        lastKey = link
        lastState = state
        return verdict
    }
}
