import SS7Decoding
import TariffPolicy

/// The meter's messages of the open interval, counted by their classification facts
/// (`Classifier.Facts`), counter slot and service indicator: everything a message's counts and charges
/// depend on, packed into three words. A message costs a table probe; the rules run once per
/// distinct key, when the meter applies the table to its counter slots (`Meter.applyFacts`), at the
/// latest when the interval closes.
///
/// Applying in order of first appearance adds each route, and creates each counter table entry, in
/// the order per-message counting did, so the records are the same. Memory is bounded: when `limit`
/// keys are held, the meter applies and empties the table.
struct FactTable {
    /// A message's facts, slot and SI, and the SIGTRAN DATA message that carried it, packed. `w0`: OPC,
    /// DPC. `w1`: slot, SI, then flags (configured link, direction, data request, called party routes
    /// on SSN) and the database + 1. `w2`: ISUP, SCCP and TCAP codes + 1 (0 = none, 9 bits each), a
    /// carrier flag and the carrier's `SigtranMessage.packedKey` (24 bits).
    struct Key: Equatable {
        var w0: UInt64
        var w1: UInt64
        var w2: UInt64

        /// `slot` is the configured link's own index when `f.hit.link` is set (the meter's slots start
        /// with the configured links), so the key keeps only whether it is set.
        @inline(__always)
        init(_ f: Classifier.Facts, slot: Int, si: UInt8, carrier: UInt32?) {
            assert(f.hit.link == nil || f.hit.link == slot, "a configured link's slot is its index")
            w0 = UInt64(f.opc.value) | UInt64(f.dpc.value) << 32
            var flags: UInt64 = f.hit.link != nil ? 1 : 0
            flags |= UInt64(f.hit.direction.rawValue & 3) << 1
            if f.isDataRequest { flags |= 1 << 3 }
            if f.calledRoutesOnSSN { flags |= 1 << 4 }
            let database = UInt64(truncatingIfNeeded: (f.database ?? -1) &+ 1) & 0xFFFF
            w1 = UInt64(UInt32(truncatingIfNeeded: slot)) | UInt64(si) << 32 | flags << 40 | database << 48
            w2 = Self.code(f.codes.isupType) | Self.code(f.codes.sccpType) << 9 | Self.code(f.codes.tcapPackage) << 18
            if let carrier { w2 |= 1 << 27 | UInt64(carrier & 0xFF_FFFF) << 32 }
        }

        /// A type code (-1...255) + 1, in 9 bits.
        @inline(__always)
        private static func code(_ c: Int16) -> UInt64 { UInt64(UInt16(bitPattern: c &+ 1)) & 0x1FF }

        /// The `SigtranMessage.packedKey` of the DATA message that carried the message, if one did.
        var carrier: UInt32? { w2 & (1 << 27) != 0 ? UInt32(truncatingIfNeeded: w2 >> 32) & 0xFF_FFFF : nil }

        var slot: Int { Int(UInt32(truncatingIfNeeded: w1)) }
        var si: UInt8 { UInt8(truncatingIfNeeded: w1 >> 32) }

        /// The facts packed into the key.
        var facts: Classifier.Facts {
            let flags = w1 >> 40
            let database = Int((w1 >> 48) & 0xFFFF) - 1
            var codes = UserPart.Codes()
            codes.isupType = Int16(truncatingIfNeeded: w2 & 0x1FF) - 1
            codes.sccpType = Int16(truncatingIfNeeded: (w2 >> 9) & 0x1FF) - 1
            codes.tcapPackage = Int16(truncatingIfNeeded: (w2 >> 18) & 0x1FF) - 1
            return Classifier.Facts(
                hit: Classifier.LinkHit(
                    link: flags & 1 != 0 ? slot : nil,
                    direction: Direction(rawValue: UInt8((flags >> 1) & 3)) ?? .unknown),
                opc: PointCode(UInt32(truncatingIfNeeded: w0)), dpc: PointCode(UInt32(truncatingIfNeeded: w0 >> 32)),
                codes: codes, isDataRequest: flags & 8 != 0, database: database >= 0 ? database : nil,
                calledRoutesOnSSN: flags & 16 != 0)
        }

        @inline(__always)
        var hash: UInt64 {
            let h = (w0 &* 0x9E37_79B9_7F4A_7C15) ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ (w2 &* 0x1656_67B1_9E37_79F9)
            return (h ^ (h &>> 29)) &* 0xFF51_AFD7_ED55_8CCD
        }
    }

    struct Entry {
        var key: Key
        var messages: Int
        var octets: Int
    }

    /// Keys in order of first appearance, with their counts.
    private(set) var entries: [Entry] = []
    /// Open addressing over `entries`: index + 1, 0 for an empty slot; twice `limit` slots, a power of 2.
    private var index: [Int32]
    private let mask: Int
    let limit: Int

    /// `limit`: keys held before the table must be applied (at least 1).
    init(limit: Int = 4096) {
        self.limit = max(1, limit)
        var slots = 2
        while slots < 2 * self.limit { slots *= 2 }
        index = [Int32](repeating: 0, count: slots)
        mask = slots - 1
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Counts one message of `octets` under `key`. Returns true when the table is full: apply it.
    @inline(__always)
    mutating func add(_ key: Key, octets: Int) -> Bool {
        var i = Int(truncatingIfNeeded: key.hash &>> 40) & mask
        while true {
            let found = Int(index[i])
            if found == 0 {
                index[i] = Int32(truncatingIfNeeded: entries.count &+ 1)
                entries.append(Entry(key: key, messages: 1, octets: octets))
                return entries.count >= limit
            }
            // One copy-on-write check for the probe's comparison and both counts (the unsafe buffer
            // checks no index in release builds: the table only holds indexes of entries).
            let counted = entries.withUnsafeMutableBufferPointer { e -> Bool in
                precondition(found &- 1 < e.count)
                guard e[found &- 1].key == key else { return false }
                e[found &- 1].messages += 1
                e[found &- 1].octets += octets
                return true
            }
            if counted { return false }
            i = (i &+ 1) & mask
        }
    }

    /// Empties the table, keeping its storage.
    mutating func removeAll() {
        guard !entries.isEmpty else { return }
        entries.removeAll(keepingCapacity: true)
        for i in index.indices { index[i] = 0 }
    }
}
