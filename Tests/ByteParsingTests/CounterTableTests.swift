import ByteParsing
import Testing

@Suite struct CounterTableTests {
    /// Counts of a pseudo-random key sequence (with repeats, colliding low bits, key 0 and the
    /// largest key) must equal a Dictionary's, through several growths of the table.
    @Test func countsEqualDictionary() {
        var table = CounterTable<UInt64>()
        var reference: [UInt64: Int] = [:]
        var x: UInt64 = 0x1234_5678
        for i in 0..<5_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Few distinct keys, and keys differing only in the high word (same low bits).
            let key: UInt64 = i % 7 == 0 ? UInt64(i % 3) << 32 : (x >> 40) % 700
            table.add(key)
            reference[key, default: 0] += 1
        }
        table.add(0, 5)
        reference[0, default: 0] += 5
        table.add(.max)
        reference[.max, default: 0] += 1
        #expect(table.count == reference.count)
        #expect(Dictionary(uniqueKeysWithValues: table.entries.map { ($0.key, $0.count) }) == reference)
        for (k, n) in reference { #expect(table[k] == n) }
        #expect(table[12_345_678] == 0)
    }

    @Test func removeAllForgetsEveryKey() {
        var table = CounterTable<UInt32>()
        for k in 0..<100 as Range<UInt32> { table.add(k, 2) }
        #expect(table.count == 100 && table[99] == 2)
        table.removeAll()
        #expect(table.count == 0 && table.entries.isEmpty && table[99] == 0)
        table.add(7)
        #expect(table.entries.count == 1 && table[7] == 1)
    }
}
