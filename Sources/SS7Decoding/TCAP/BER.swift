import ByteParsing

// A BER (X.690) TLV reader over ByteReader. We write our own instead of using swift-asn1 because its
// parser builds a node tree (allocations) per message, and the meter decodes millions of TCAP
// messages per second: here an element is a small value whose contents are a view of the packet.

/// The class of a BER tag (X.690 8.1.2.2, bits 8-7 of the identifier octet).
public enum BERTagClass: UInt8, Sendable, Hashable {
    case universal = 0, application = 1, contextSpecific = 2, `private` = 3
}

/// A BER identifier: class, primitive/constructed, tag number (X.690 8.1.2).
public struct BERTag: Hashable, Sendable {
    public var tagClass: BERTagClass
    public var isConstructed: Bool
    public var number: UInt32

    @inlinable
    public init(_ tagClass: BERTagClass, constructed: Bool, number: UInt32) {
        self.tagClass = tagClass
        self.isConstructed = constructed
        self.number = number
    }

    /// The single identifier octet of a low tag number (0...30), as the standards write tags
    /// (TCAP Begin is 0x62); nil for numbers that need the high-tag form.
    @inlinable
    public var octet: UInt8? {
        guard number < 0x1F else { return nil }
        return tagClass.rawValue << 6 | (isConstructed ? 0x20 : 0) | UInt8(truncatingIfNeeded: number)
    }
}

/// One decoded TLV.
public struct BERElement {
    public var tag: BERTag
    /// The contents octets; for the indefinite form, without the end-of-contents octets.
    public var contents: ByteReader
    /// True when the length octet was 0x80 (contents end at 00 00).
    public var isIndefinite: Bool
}

/// Limits of the BER reader.
public enum BER {
    /// Deepest nesting of indefinite-length elements walked to find an end; deeper is `.tooDeep`.
    /// Real TCAP nests a handful of levels; the bound stops a crafted "80 80 80..." bomb.
    public static let maxDepth = 16
    /// Length octets after 0x8n accepted (n <= 4): lengths up to 4 GiB, more than any frame.
    public static let maxLengthOctets = 4
}

extension ByteReader {
    /// Reads one complete TLV and moves past it (past its end-of-contents for the indefinite form).
    ///
    /// `depth` is the nesting level of this element within the structure being decoded; walking
    /// indefinite-length contents may go `BER.maxDepth` levels in all. Errors: `.truncated` when
    /// identifier or length octets are cut off, `.badLength` for a length that does not fit the
    /// bytes present (or more than 4 length octets, or an indefinite primitive), `.badValue` for a
    /// tag number above `UInt32.max`, `.tooDeep` for nesting beyond the bound. On error the cursor
    /// does not move.
    public mutating func readBERElement(depth: Int = 0) throws(DecodeError) -> BERElement {
        // Most TCAP elements have a low tag number and a short definite length: two octets, one check.
        if end &- offset >= 2 {
            let first = base[offset]
            let length = Int(base[offset &+ 1])
            if first & 0x1F != 0x1F && length < 0x80 && length <= end &- offset &- 2 {
                let tag = BERTag(
                    BERTagClass(rawValue: first >> 6)!, constructed: first & 0x20 != 0, number: UInt32(first & 0x1F))
                let contents = try sub(from: 2, count: length)
                try skip(2 &+ length)
                return BERElement(tag: tag, contents: contents, isIndefinite: false)
            }
        }
        var r = self
        let tag = try r.readBERTag()
        let lengthAt = r.offset
        let element: BERElement
        if let length = try r.readBERLength() {
            guard length <= r.remaining else { throw DecodeError(layer, .badLength, at: lengthAt) }
            element = BERElement(tag: tag, contents: try r.readSlice(length: length), isIndefinite: false)
        } else {
            // X.690 8.1.3.2: the indefinite form is for constructed encodings only.
            guard tag.isConstructed else { throw DecodeError(layer, .badLength, at: lengthAt) }
            let length = try r.indefiniteContentsLength(depth: depth)
            element = BERElement(tag: tag, contents: try r.readSlice(length: length), isIndefinite: true)
            try r.skip(2)  // end-of-contents
        }
        self = r
        return element
    }

    /// Identifier octets (X.690 8.1.2), low or high tag number form.
    mutating func readBERTag() throws(DecodeError) -> BERTag {
        let first = try readUInt8()
        let tagClass = BERTagClass(rawValue: first >> 6)!  // two bits: always a valid case
        let constructed = first & 0x20 != 0
        var number = UInt32(first & 0x1F)
        if number == 0x1F {
            // High tag number: base-128 digits, bit 8 set on all but the last (X.690 8.1.2.4.2).
            number = 0
            while true {
                let octet = try readUInt8()
                guard number <= UInt32.max >> 7 else { throw DecodeError(layer, .badValue, at: offset &- 1) }
                number = number << 7 | UInt32(octet & 0x7F)
                if octet & 0x80 == 0 { break }
            }
        }
        return BERTag(tagClass, constructed: constructed, number: number)
    }

    /// Length octets (X.690 8.1.3): the length, or nil for the indefinite form.
    mutating func readBERLength() throws(DecodeError) -> Int? {
        let first = try readUInt8()
        if first < 0x80 { return Int(first) }
        if first == 0x80 { return nil }
        let count = Int(first & 0x7F)
        guard count <= BER.maxLengthOctets else { throw DecodeError(layer, .badLength, at: offset &- 1) }
        var length = 0
        for _ in 0..<count { length = length << 8 | Int(try readUInt8()) }  // <= 32 bits: no overflow
        return length
    }

    /// Bytes from the cursor to the 00 00 that closes an indefinite-length element opened at
    /// `depth`, found by walking the nested TLVs (skipping definite ones, counting indefinite ones
    /// open). Does not move the cursor.
    func indefiniteContentsLength(depth: Int) throws(DecodeError) -> Int {
        var r = self
        var open = 1
        guard depth &+ open <= BER.maxDepth else { throw r.error(.tooDeep) }
        while true {
            if r.peekUInt8() == 0, r.peekUInt8(at: 1) == 0 {
                open &-= 1
                if open == 0 { return r.offset &- offset }
                try r.skip(2)
                continue
            }
            let tag = try r.readBERTag()
            let lengthAt = r.offset
            if let length = try r.readBERLength() {
                guard length <= r.remaining else { throw DecodeError(layer, .badLength, at: lengthAt) }
                try r.skip(length)
            } else {
                guard tag.isConstructed else { throw DecodeError(layer, .badLength, at: lengthAt) }
                open &+= 1
                guard depth &+ open <= BER.maxDepth else { throw r.error(.tooDeep) }
            }
        }
    }
}
