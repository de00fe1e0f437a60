import SS7Decoding

/// A small direct-mapped cache from a capture's link identity to what was worked out for it (a
/// configured link and direction, a counter slot). Every message looks its link up; the dictionaries
/// behind the lookup hash the whole identity with SipHash, and a capture that interleaves several
/// associations defeated a one-entry cache, so the lookup was ~400 instructions of every message.
/// Here the identity is packed into five words once, and a hit costs a multiply and five compares.
/// Entries are replaced, never grown: bounded.
public struct LinkIdentityCache<Value> {
    /// The identity as words: exact (every field of it), so equal words mean the same identity.
    @usableFromInline struct Key: Equatable {
        @usableFromInline var a: UInt64
        @usableFromInline var b: UInt64
        @usableFromInline var c: UInt64
        @usableFromInline var d: UInt64
        @usableFromInline var e: UInt64

        @inlinable @inline(__always)
        init(_ id: LinkIdentity) {
            switch id {
            case .unknown:
                a = 1; b = 0; c = 0; d = 0; e = 0
            case let .mtp2(link, sent):
                a = 2 | UInt64(link) << 8 | (sent ? 1 << 32 : 0); b = 0; c = 0; d = 0; e = 0
            case let .sctp(x):
                a = 3 | UInt64(x.sourcePort) << 8 | UInt64(x.destinationPort) << 24
                    | (x.source.isIPv6 ? 1 << 40 : 0) | (x.destination.isIPv6 ? 1 << 41 : 0)
                b = x.source.low
                c = x.destination.low
                d = x.source.high
                e = x.destination.high
            }
        }

        @inlinable @inline(__always)
        var hash: UInt64 { (a ^ b &* 0xFF51_AFD7_ED55_8CCD ^ c &* 0xC4CE_B9FE_1A85_EC53 ^ d ^ e) &* 0x9E37_79B9_7F4A_7C15 }
    }

    @usableFromInline var keys: [Key]
    @usableFromInline var values: [Value?]
    @usableFromInline let shift: UInt64

    /// `slots` is rounded up to a power of two.
    public init(slots: Int = 64) {
        var n = 1
        var bits: UInt64 = 0
        while n < slots { n <<= 1; bits += 1 }
        keys = Array(repeating: Key(.unknown), count: n)
        values = Array(repeating: nil, count: n)
        shift = 64 - max(bits, 1)
    }

    @inlinable @inline(__always)
    func index(_ key: Key) -> Int {
        Int(truncatingIfNeeded: key.hash >> shift) & (keys.count - 1)
    }

    @inlinable @inline(__always)
    public func value(for id: LinkIdentity) -> Value? {
        let key = Key(id)
        let i = index(key)
        guard keys[i] == key else { return nil }
        return values[i]
    }

    @inlinable
    public mutating func set(_ value: Value, for id: LinkIdentity) {
        let key = Key(id)
        let i = index(key)
        keys[i] = key
        values[i] = value
    }

    public mutating func removeAll() {
        for i in values.indices { values[i] = nil }
    }
}
