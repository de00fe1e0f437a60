/// A key for `CounterTable`: equality plus one 64-bit word that a multiplicative hash spreads.
public protocol CounterKey: Equatable {
    /// Equal keys must give equal words; different keys should usually differ.
    var hashWord: UInt64 { get }
}

extension UInt64: CounterKey {
    @inlinable public var hashWord: UInt64 { self }
}

extension UInt32: CounterKey {
    @inlinable public var hashWord: UInt64 { UInt64(self) }
}

/// Counts per key in an open-addressed table (linear probing, multiplicative hash), for the per-message
/// counters of the summary and the meter: a lookup costs a multiply and usually one probe, where a
/// `Dictionary` hashes with SipHash. Keys are never removed (only `removeAll`); the table doubles at
/// 50% load, so it holds as many keys as counted, like the dictionary it replaces.
public struct CounterTable<Key: CounterKey> {
    @usableFromInline var keys: [Key?]
    @usableFromInline var counts: [Int]
    @usableFromInline var mask: Int
    /// Number of distinct keys counted.
    public private(set) var count = 0

    public init() {
        keys = Array(repeating: nil, count: 16)
        counts = Array(repeating: 0, count: 16)
        mask = 15
    }

    @inlinable
    static func slot(_ key: Key, _ mask: Int) -> Int {
        // Fibonacci hashing: the high bits of the product are well mixed.
        Int(truncatingIfNeeded: (key.hashWord &* 0x9E37_79B9_7F4A_7C15) &>> 32) & mask
    }

    /// Adds `amount` to `key`'s count.
    @inlinable @inline(__always)
    public mutating func add(_ key: Key, _ amount: Int = 1) {
        _ = add(key, amount, limit: .max)
    }

    /// Adds `amount` to `key`'s count when `key` is counted already or fewer than `limit` keys are, and
    /// returns true; returns false, counting nothing, for a new key when `limit` keys are held. A caller
    /// that counts keys from its input (point codes) bounds the table by this and counts the rest apart.
    @inlinable @inline(__always)
    public mutating func add(_ key: Key, _ amount: Int = 1, limit: Int) -> Bool {
        var i = Self.slot(key, mask)
        while let k = keys[i] {
            if k == key {
                counts[i] += amount
                return true
            }
            i = (i &+ 1) & mask
        }
        guard count < limit else { return false }
        insert(key, amount, at: i)
        return true
    }

    @usableFromInline
    mutating func insert(_ key: Key, _ amount: Int, at slot: Int) {
        keys[slot] = key
        counts[slot] = amount
        count += 1
        guard count * 2 > keys.count else { return }
        let oldKeys = keys
        let oldCounts = counts
        keys = Array(repeating: nil, count: oldKeys.count * 2)
        counts = Array(repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (k, n) in zip(oldKeys, oldCounts) {
            guard let k else { continue }
            var i = Self.slot(k, mask)
            while keys[i] != nil { i = (i &+ 1) & mask }
            keys[i] = k
            counts[i] = n
        }
    }

    /// The count of `key` (0 when never counted).
    public subscript(key: Key) -> Int {
        var i = Self.slot(key, mask)
        while let k = keys[i] {
            if k == key { return counts[i] }
            i = (i &+ 1) & mask
        }
        return 0
    }

    /// Forgets every key, keeping the capacity.
    public mutating func removeAll() {
        for i in keys.indices {
            keys[i] = nil
            counts[i] = 0
        }
        count = 0
    }

    /// Every counted key with its count, in no particular order.
    public var entries: [(key: Key, count: Int)] {
        var out: [(key: Key, count: Int)] = []
        out.reserveCapacity(count)
        for (k, n) in zip(keys, counts) {
            if let k { out.append((k, n)) }
        }
        return out
    }
}
