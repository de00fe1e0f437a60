import Testing
import ByteParsing
@testable import SS7Decoding

/// "62 05 48" -> [0x62, 0x05, 0x48]; spaces ignored. Test input only.
func tcapHexBytes(_ text: String) -> [UInt8] {
    let digits = text.unicodeScalars.filter { !$0.properties.isWhitespace }.map { Character($0) }
    precondition(digits.count % 2 == 0, "odd hex digit count")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

@Suite struct TCAPBERTests {
    /// Reads one element from `bytes` and returns it with the reader's offset after it and the
    /// contents octets.
    func element(_ bytes: [UInt8], depth: Int = 0) throws(DecodeError) -> (BERElement, next: Int, contents: [UInt8]) {
        try ByteReader.withReader(over: bytes, layer: .tcap) { (r: inout ByteReader) throws(DecodeError) in
            let e = try r.readBERElement(depth: depth)
            return (e, r.offset, Array(e.contents.unreadBytes))
        }
    }

    /// X.690 8.1.2.2: identifier octet = class (bits 8-7), P/C (bit 6), number (bits 5-1).
    /// 0x62 = 01 1 00010: APPLICATION, constructed, 2 (TCAP Begin). 0xCF = 11 0 01111: PRIVATE,
    /// primitive, 15 (ANSI Component ID). 0x02 = UNIVERSAL primitive 2 (INTEGER).
    @Test func lowTagNumberForm() throws {
        let (begin, _, _) = try element([0x62, 0x00])
        #expect(begin.tag == BERTag(.application, constructed: true, number: 2))
        #expect(begin.tag.octet == 0x62)
        let (cid, _, contents) = try element([0xCF, 0x01, 0x7A])
        #expect(cid.tag == BERTag(.private, constructed: false, number: 15))
        #expect(contents == [0x7A])
        let (int, _, _) = try element([0x02, 0x01, 0x05])
        #expect(int.tag == BERTag(.universal, constructed: false, number: 2))
    }

    /// X.690 8.1.2.4: number >= 31: first octet low bits 11111, then base-128 digits with bit 8
    /// set on all but the last. 5F 87 68: APPLICATION primitive, 7*128 + 0x68 = 1000.
    /// 9F 81 00: CONTEXT primitive, 1*128 + 0 = 128 (an ANSI MAP parameter tag, seen in
    /// ansi_map_win.pcap frame 3 as 9f 81 00).
    @Test func highTagNumberForm() throws {
        let (e1, next1, contents1) = try element([0x5F, 0x87, 0x68, 0x01, 0xAA, 0xFF])
        #expect(e1.tag == BERTag(.application, constructed: false, number: 1000))
        #expect(e1.tag.octet == nil)
        #expect(next1 == 5)
        #expect(contents1 == [0xAA])
        let (e2, _, _) = try element([0x9F, 0x81, 0x00, 0x00])
        #expect(e2.tag == BERTag(.contextSpecific, constructed: false, number: 128))
        // Largest number that fits UInt32: digits 0F 7F 7F 7F 7F = 2^32 - 1.
        let (e3, _, _) = try element([0x1F, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x00])
        #expect(e3.tag.number == UInt32.max)
        // One more bit does not fit: 10 00 00 00 00 = 2^32.
        #expect(throws: DecodeError(.tcap, .badValue, at: 0)) {
            try element([0x1F, 0x90, 0x80, 0x80, 0x80, 0x00, 0x00])
        }
        // Continuation bit set on the last octet present: cut off.
        #expect(throws: DecodeError(.tcap, .truncated, at: 0)) { try element([0x1F, 0x87]) }
    }

    /// X.690 8.1.3.5: long form: 0x80 | n, then n octets of length. We accept n <= 4.
    @Test func longFormLengths() throws {
        let (_, next, contents) = try element([0x04, 0x81, 0x02, 0xAA, 0xBB])
        #expect(next == 5 && contents == [0xAA, 0xBB])
        let (_, _, c2) = try element([0x04, 0x82, 0x00, 0x01, 0xCC])
        #expect(c2 == [0xCC])
        let (_, _, c4) = try element([0x04, 0x84, 0x00, 0x00, 0x00, 0x01, 0xDD])
        #expect(c4 == [0xDD])
        // 0x81 0x98 = 152: the length of test_unknown_tcap_tag.pcap's Continue (65 81 98).
        let long = [0x65, 0x81, 0x98] + [UInt8](repeating: 0x05, count: 152)
        let (_, next152, c152) = try element(long)
        #expect(next152 == 155 && c152.count == 152)
        // Five length octets are refused, as is 0xFF (reserved, X.690 8.1.3.5 c).
        #expect(throws: DecodeError(.tcap, .badLength, at: 1)) {
            try element([0x04, 0x85, 0, 0, 0, 0, 1, 0xAA])
        }
        #expect(throws: DecodeError(.tcap, .badLength, at: 1)) { try element([0x04, 0xFF, 0]) }
        // Length octets cut off.
        #expect(throws: DecodeError(.tcap, .truncated, at: 0)) { try element([0x04, 0x82, 0x00]) }
    }

    /// A length larger than the bytes present is a bad length and names the length octet.
    @Test func lengthLargerThanData() {
        do {
            _ = try element([0x30, 0x05, 0x02, 0x01, 0x01])
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == .badLength)
            #expect(error.layer == .tcap)
            #expect(error.offset == 1)
        }
        #expect(throws: DecodeError(.tcap, .badLength, at: 1)) {
            try element([0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x00])
        }
    }

    /// X.690 8.1.3.6: indefinite form 0x80, contents end at 00 00; nested indefinite elements
    /// are walked to find the right 00 00.
    /// 30 80 | 30 80 | 02 01 07 | 00 00 | 04 02 00 00 | 00 00 | FF
    /// The inner OCTET STRING holds 00 00, which must not end the outer element.
    @Test func indefiniteLength() throws {
        let bytes: [UInt8] = [0x30, 0x80, 0x30, 0x80, 0x02, 0x01, 0x07, 0x00, 0x00,
                              0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0xFF]
        let (outer, next, contents) = try element(bytes)
        #expect(outer.isIndefinite)
        #expect(next == 15)
        #expect(contents == Array(bytes[2..<13]))
        // The contents read as two elements: the inner indefinite SEQUENCE, then the OCTET STRING.
        try ByteReader.withReader(over: bytes, layer: .tcap) { (r: inout ByteReader) throws(DecodeError) in
            var c = try r.readBERElement().contents
            let inner = try c.readBERElement(depth: 1)
            #expect(inner.isIndefinite && Array(inner.contents.unreadBytes) == [0x02, 0x01, 0x07])
            let octets = try c.readBERElement(depth: 1)
            #expect(Array(octets.contents.unreadBytes) == [0x00, 0x00])
            #expect(c.isEmpty)
        }
        // Empty indefinite contents: 30 80 00 00.
        let (empty, emptyNext, emptyContents) = try element([0x30, 0x80, 0x00, 0x00])
        #expect(empty.isIndefinite && emptyNext == 4 && emptyContents.isEmpty)
    }

    /// X.690 8.1.3.2 a: a primitive encoding uses the definite form.
    @Test func indefinitePrimitiveIsRefused() {
        #expect(throws: DecodeError(.tcap, .badLength, at: 1)) { try element([0x04, 0x80, 0x01, 0x00, 0x00]) }
        #expect(throws: DecodeError(.tcap, .badLength, at: 3)) {
            try element([0x30, 0x80, 0x04, 0x80, 0x00, 0x00, 0x00, 0x00])
        }
    }

    /// No end-of-contents, or a nested definite length past the end.
    @Test func indefiniteWithoutEnd() {
        #expect(throws: DecodeError(.tcap, .truncated, at: 5)) { try element([0x30, 0x80, 0x02, 0x01, 0x07]) }
        #expect(throws: DecodeError(.tcap, .truncated, at: 3)) { try element([0x30, 0x80, 0x00]) }
        #expect(throws: DecodeError(.tcap, .badLength, at: 3)) { try element([0x30, 0x80, 0x02, 0x09, 0x07]) }
    }

    /// Nesting bomb: "30 80" repeated. 16 levels (the bound) decode; 17 are `.tooDeep`, and so is a
    /// megabyte of them, without walking it all.
    @Test func nestingBomb() throws {
        func nested(_ levels: Int) -> [UInt8] {
            Array([[UInt8]](repeating: [0x30, 0x80], count: levels).joined())
                + Array([[UInt8]](repeating: [0x00, 0x00], count: levels).joined())
        }
        let (_, next, _) = try element(nested(BER.maxDepth))
        #expect(next == 4 * BER.maxDepth)
        #expect(throws: DecodeError(.tcap, .tooDeep, at: 0)) { try element(nested(BER.maxDepth + 1)) }
        // The bound counts from the element's own depth.
        #expect(throws: DecodeError(.tcap, .tooDeep, at: 0)) { try element(nested(BER.maxDepth), depth: 1) }
        let bomb = Array([[UInt8]](repeating: [0x30, 0x80], count: 500_000).joined())
        #expect(throws: DecodeError(.tcap, .tooDeep, at: 0)) { try element(bomb) }
    }

    /// A failed read leaves the cursor where it was.
    @Test func failedReadDoesNotMove() {
        ByteReader.withReader(over: [0x30, 0x05, 0x02], layer: .tcap) { (r: inout ByteReader) in
            #expect(throws: DecodeError.self) { try r.readBERElement() }
            #expect(r.offset == 0)
        }
    }
}
