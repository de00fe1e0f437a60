import Testing
@testable import ByteParsing

@Suite struct ByteReaderTests {
    @Test func readsBothEndiannesses() throws {
        let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05]
        try ByteReader.withReader(over: bytes, layer: .mtp3) { (r: inout ByteReader) throws(DecodeError) in
            #expect(try r.readUInt16BE() == 0x0102)
            #expect(try r.readUInt24LE() == 0x05_0403)
            #expect(r.isEmpty)
        }
        try ByteReader.withReader(over: bytes, layer: .mtp3) { (r: inout ByteReader) throws(DecodeError) in
            #expect(try r.readUInt32LE() == 0x0403_0201)
            #expect(try r.readUInt8() == 5)
        }
        try ByteReader.withReader(over: bytes, layer: .mtp3) { (r: inout ByteReader) throws(DecodeError) in
            #expect(try r.readUInt32BE() == 0x0102_0304)
            #expect(throws: DecodeError(.mtp3, .truncated, at: 4)) { try r.readUInt24BE() }
        }
    }

    /// Every read at every truncation point fails with `truncated`, names the layer, and leaves the
    /// cursor where it was.
    @Test func failedReadThrowsTruncatedAndDoesNotMove() {
        let bytes: [UInt8] = [0xAA, 0xBB, 0xCC]
        for prefix in 0...2 {
            ByteReader.withReader(over: Array(bytes.prefix(prefix)), layer: .sccp) { (r: inout ByteReader) in
                let before = r.offset
                #expect(throws: DecodeError(.sccp, .truncated, at: 0)) { try r.readUInt24BE() }
                #expect(r.offset == before)
                #expect(throws: DecodeError(.sccp, .truncated, at: 0)) { try r.readSlice(length: prefix + 1) }
                #expect(r.offset == before)
            }
        }
    }

    @Test func slicesAreBoundedAndKeepAbsoluteOffsets() throws {
        let bytes: [UInt8] = [9, 1, 2, 3, 4]
        try ByteReader.withReader(over: bytes, layer: .isup) { (r: inout ByteReader) throws(DecodeError) in
            _ = try r.readUInt8()
            var s = try r.readSlice(length: 2)
            #expect(s.offset == 1 && s.end == 3)
            #expect(try s.readUInt16BE() == 0x0102)
            #expect(throws: DecodeError.self) { try s.readUInt8() }
            #expect(r.peekUInt8() == 3)
            #expect(r.peekUInt8(at: 2) == nil)
            #expect(throws: DecodeError.self) { try r.sub(from: 1, count: 2) }
            let sub = try r.sub(from: 1, count: 1)
            #expect(sub.peekUInt8() == 4)
        }
    }

    @Test func errorNamesLayerAndReason() {
        #expect(DecodeError(.tcap, .tooDeep, at: 7).name == "tcap.too_deep")
        #expect(DecodeError(.m3ua, .badLength, at: 0).name == "m3ua.bad_length")
    }
}

@Suite struct DigitStringTests {
    /// Q.763 3.9: called party number 5551234 (odd count) is 0x55 0x15 0x32 0x04.
    @Test func decodesBCDLowNibbleFirst() throws {
        try ByteReader.withReader(over: [0x55, 0x15, 0x32, 0x04], layer: .isup) { (r: inout ByteReader) throws(DecodeError) in
            var d = DigitString()
            try d.appendBCD(from: &r, byteCount: 4, odd: true)
            #expect(d.description == "5551234")
            #expect(d.count == 7)
        }
    }

    /// The whole-octet path of a fresh string equals appending nibble by nibble (the definition: low
    /// nibble first, the last high nibble skipped when odd, at most 32 kept), for every length 0...20.
    @Test func wholeOctetBCDEqualsNibbleByNibble() throws {
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        for length in 0...20 {
            for odd in [false, true] {
                let octets = (0..<length).map { _ -> UInt8 in
                    seed = seed &* 6364136223846793005 &+ 1442695040888963407
                    return UInt8(truncatingIfNeeded: seed >> 33)
                }
                var expected = DigitString()
                for (i, o) in octets.enumerated() {
                    expected.append(o & 0x0F)
                    if !(odd && i == length - 1) { expected.append(o >> 4) }
                }
                try ByteReader.withReader(over: octets, layer: .isup) { (r: inout ByteReader) throws(DecodeError) in
                    var d = DigitString()
                    try d.appendBCD(from: &r, byteCount: length, odd: odd)
                    #expect(d == expected, "length \(length) odd \(odd)")
                    #expect(d.isTruncated == (2 * length - (odd && length > 0 ? 1 : 0) > 32))
                    #expect(r.isEmpty)
                }
            }
        }
    }

    @Test func prefixAndCapacity() {
        let n = DigitString("8005551234")
        #expect(n.hasPrefix(DigitString("800")))
        #expect(!n.hasPrefix(DigitString("801")))
        var long = DigitString()
        for i in 0..<40 { long.append(UInt8(i % 10)) }
        #expect(long.count == 32)
        #expect(long.isTruncated)
        #expect(DigitString("0B").description == "0B")
    }

    /// The fingerprint SCTP and MTP2 retransmission checks compare: equal bytes give equal
    /// fingerprints wherever they sit; a single changed bit, in any octet of any length from 1 to 96
    /// (every word, lane and tail path), always gives another fingerprint (`fingerprint` says why it
    /// must); so does one octet more or less.
    @Test func fingerprintSeparatesEveryOneBitChange() {
        func fingerprint(_ bytes: [UInt8], at offset: Int = 0) -> UInt64 {
            let padded = [UInt8](repeating: 0x5A, count: offset) + bytes
            return ByteReader.withReader(over: padded, layer: .sctp) { (r: inout ByteReader) in
                try? r.skip(offset)
                return r.fingerprint
            }
        }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D  // xorshift64, fixed seed
        func next() -> UInt8 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        var seen = 0
        for length in 1...96 {
            let bytes = (0..<length).map { _ in next() }
            let original = fingerprint(bytes)
            #expect(fingerprint(bytes, at: 3) == original)
            #expect(fingerprint(Array(bytes.dropLast())) != original)
            #expect(fingerprint(bytes + [0]) != original)
            for octet in 0..<length {
                for bit in 0..<8 {
                    var changed = bytes
                    changed[octet] ^= 1 << bit
                    #expect(fingerprint(changed) != original, "length \(length), octet \(octet), bit \(bit)")
                    seen += 1
                }
            }
        }
        #expect(seen == 8 * (96 * 97 / 2))
    }
}
