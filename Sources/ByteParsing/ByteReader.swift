/// A bounds-checked, endianness-explicit cursor over packet bytes.
///
/// Every read checks `offset + n <= end` before touching memory, and a failed read throws without
/// moving the cursor (as NIO's `ByteBuffer` returns nil without moving `readerIndex`). The reader
/// never copies: it views memory owned by the caller, which must outlive it. It carries the layer it
/// is decoding so that a short read becomes a named `DecodeError` with no extra code at call sites.
///
/// Offsets are absolute within `base`, so an error's offset points into the original frame.
public struct ByteReader {
    // Stored compactly (a pointer and two 32-bit offsets: 17 octets, not 33): readers are held in
    // every decoded message and copied with it. No frame or reassembled message comes near 2 GiB.
    @usableFromInline let start: UnsafeRawPointer?
    @usableFromInline var _offset: Int32
    @usableFromInline let _end: Int32
    /// The buffer the offsets count in (its part up to `end`).
    @inlinable public var base: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: Int(_end)) }
    /// Index of the next byte to read, within `base`.
    @inlinable public var offset: Int { Int(_offset) }
    /// One past the last readable byte, within `base`.
    @inlinable public var end: Int { Int(_end) }
    /// The layer named in errors thrown by this reader.
    public var layer: DecodeError.Layer

    @inlinable
    public init(_ base: UnsafeRawBufferPointer, layer: DecodeError.Layer) {
        self.start = base.baseAddress
        self._offset = 0
        self._end = Int32(clamping: base.count)  // a buffer over 2 GiB is read to 2 GiB, never past its end
        self.layer = layer
    }

    @inlinable
    init(base: UnsafeRawBufferPointer, offset: Int, end: Int, layer: DecodeError.Layer) {
        // Callers pass offset <= end <= the buffer's end, which fits in Int32 (see the other init).
        self.start = base.baseAddress
        self._offset = Int32(truncatingIfNeeded: offset)
        self._end = Int32(truncatingIfNeeded: end)
        self.layer = layer
    }

    /// A reader over `base` from `offset` to `end`, as a reader that had already read up to `offset`
    /// would be: offsets (and so the offsets in its errors) count from the start of `base`. Out-of-range
    /// positions are clamped into `base`, never read past it.
    @inlinable
    public init(_ base: UnsafeRawBufferPointer, offset: Int, end: Int, layer: DecodeError.Layer) {
        let last = min(max(end, 0), base.count, Int(Int32.max))
        self.init(base: base, offset: min(max(offset, 0), last), end: last, layer: layer)
    }

    @inlinable public var remaining: Int { end - offset }
    @inlinable public var isEmpty: Bool { offset >= end }

    /// The error this reader throws for a problem at its current offset.
    @inlinable
    public func error(_ reason: DecodeError.Reason) -> DecodeError {
        DecodeError(layer, reason, at: offset)
    }

    @inlinable @inline(__always)
    func need(_ n: Int) throws(DecodeError) {
        guard n >= 0, n <= end &- offset else { throw DecodeError(layer, .truncated, at: offset) }
    }

    // MARK: Peeking (never moves the cursor)

    /// The byte `at` positions ahead of the cursor, or nil past the end.
    @inlinable
    public func peekUInt8(at ahead: Int = 0) -> UInt8? {
        guard ahead >= 0, ahead < end &- offset else { return nil }
        return base[offset &+ ahead]
    }

    // MARK: Reading

    @inlinable @inline(__always)
    public mutating func readUInt8() throws(DecodeError) -> UInt8 {
        try need(1)
        let v = base[offset]
        _offset &+= 1
        return v
    }

    // Multi-octet reads: one bounds check, one unaligned load, a byte swap where the host differs.
    @inlinable @inline(__always)
    func load<T: FixedWidthInteger>(_: T.Type) throws(DecodeError) -> T {
        try need(MemoryLayout<T>.size)
        return base.loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    @inlinable @inline(__always)
    public mutating func readUInt16BE() throws(DecodeError) -> UInt16 {
        let v = try load(UInt16.self)
        _offset &+= 2
        return UInt16(bigEndian: v)
    }

    @inlinable @inline(__always)
    public mutating func readUInt16LE() throws(DecodeError) -> UInt16 {
        let v = try load(UInt16.self)
        _offset &+= 2
        return UInt16(littleEndian: v)
    }

    @inlinable
    public mutating func readUInt24BE() throws(DecodeError) -> UInt32 {
        try need(3)
        let v = UInt32(base[offset]) << 16 | UInt32(base[offset &+ 1]) << 8 | UInt32(base[offset &+ 2])
        _offset &+= 3
        return v
    }

    @inlinable
    public mutating func readUInt24LE() throws(DecodeError) -> UInt32 {
        try need(3)
        let v = UInt32(base[offset]) | UInt32(base[offset &+ 1]) << 8 | UInt32(base[offset &+ 2]) << 16
        _offset &+= 3
        return v
    }

    @inlinable @inline(__always)
    public mutating func readUInt32BE() throws(DecodeError) -> UInt32 {
        let v = try load(UInt32.self)
        _offset &+= 4
        return UInt32(bigEndian: v)
    }

    @inlinable @inline(__always)
    public mutating func readUInt32LE() throws(DecodeError) -> UInt32 {
        let v = try load(UInt32.self)
        _offset &+= 4
        return UInt32(littleEndian: v)
    }

    /// Splits off the next `length` bytes as their own reader (same layer) and moves past them.
    @inlinable
    public mutating func readSlice(length: Int) throws(DecodeError) -> ByteReader {
        try need(length)
        let slice = ByteReader(base: base, offset: offset, end: offset &+ length, layer: layer)
        _offset &+= Int32(truncatingIfNeeded: length)
        return slice
    }

    /// Everything left, as its own reader; this reader is left empty.
    @inlinable
    public mutating func readRest() -> ByteReader {
        let slice = ByteReader(base: base, offset: offset, end: end, layer: layer)
        _offset = _end
        return slice
    }

    @inlinable
    public mutating func skip(_ n: Int) throws(DecodeError) {
        try need(n)
        _offset &+= Int32(truncatingIfNeeded: n)
    }

    /// The same bytes from the cursor on, decoded as another layer.
    @inlinable
    public func rest(as layer: DecodeError.Layer) -> ByteReader {
        ByteReader(base: base, offset: offset, end: end, layer: layer)
    }

    /// A reader over `count` bytes starting `from` bytes ahead of the cursor, without moving it.
    @inlinable @inline(__always)
    public func sub(from ahead: Int, count: Int) throws(DecodeError) -> ByteReader {
        guard ahead >= 0, count >= 0, ahead <= end &- offset, count <= end &- offset &- ahead else {
            throw DecodeError(layer, .truncated, at: offset)
        }
        return ByteReader(base: base, offset: offset &+ ahead, end: offset &+ ahead &+ count, layer: layer)
    }

    /// The unread bytes, as a raw buffer (a view, not a copy).
    @inlinable
    public var unreadBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[offset..<end])
    }

    /// Calls `body` with a reader over `bytes`. The reader must not escape `body`.
    @inlinable
    public static func withReader<R, E: Error>(
        over bytes: [UInt8], layer: DecodeError.Layer,
        _ body: (inout ByteReader) throws(E) -> R
    ) throws(E) -> R {
        let result: Result<R, E> = bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw, layer: layer)
            do throws(E) { return .success(try body(&reader)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

extension ByteReader {
    /// A 64-bit fingerprint of the unread bytes (multiply over 8-octet words in two lanes, FNV-1a over
    /// a short tail, mixed with the length at the end), used to tell an exact repeat of a message (a
    /// retransmission) from a different message. Not cryptographic.
    ///
    /// Each step, `lane = (lane ^ word) &* odd`, is a bijection of the lane for a given word and of the
    /// word for a given lane, so two inputs of one length that differ in a single word always differ
    /// in their lane, and the final mix (bijective too) keeps them apart: only inputs differing in two
    /// words or more can collide, by chance. Mixing within the lanes at every step bought nothing more
    /// and cost ~20 instructions an SCTP DATA chunk.
    @inlinable @inline(__always)
    public var fingerprint: UInt64 {
        // Two lanes of 8 octets a step (independent multiplies), then the last 8 octets loaded once
        // (overlapping what a lane already took) instead of a loop over the tail: it runs on every
        // SCTP DATA chunk. Host byte order is fine: fingerprints are compared only within one process.
        let n = end &- offset
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        var i = offset
        while end &- i >= 16 {
            a = (a ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            b = (b ^ base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)) &* 0xC2B2_AE3D_27D4_EB4F
            i &+= 16
        }
        if end &- i >= 8 {
            a = (a ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            i &+= 8
        }
        if i < end {
            if n >= 8 {
                b = (b ^ base.loadUnaligned(fromByteOffset: end &- 8, as: UInt64.self)) &* 0xC2B2_AE3D_27D4_EB4F
            } else {
                while i < end {
                    b = (b ^ UInt64(base[i])) &* 0x0000_0100_0000_01B3
                    i &+= 1
                }
            }
        }
        var h = a ^ (b &<< 32 | b &>> 32) ^ UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        h ^= h &>> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h &>> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ h &>> 33
    }
}

/// A fixed-size header whose length was checked once (`ByteReader.readFixed`): its fields are then
/// read at constant offsets without a check each. An offset outside the checked length is a
/// programming error and traps; with constant offsets the optimizer removes that test.
public struct FixedOctets {
    @usableFromInline let base: UnsafeRawBufferPointer
    @usableFromInline let start: Int
    public let count: Int

    @inlinable init(base: UnsafeRawBufferPointer, start: Int, count: Int) {
        self.base = base
        self.start = start
        self.count = count
    }

    @inlinable @inline(__always)
    public func uint8(_ at: Int) -> UInt8 {
        precondition(at >= 0 && at < count)
        return base[start &+ at]
    }

    @inlinable @inline(__always)
    public func uint16BE(_ at: Int) -> UInt16 {
        precondition(at >= 0 && at &+ 2 <= count)
        return UInt16(bigEndian: base.loadUnaligned(fromByteOffset: start &+ at, as: UInt16.self))
    }

    @inlinable @inline(__always)
    public func uint32BE(_ at: Int) -> UInt32 {
        precondition(at >= 0 && at &+ 4 <= count)
        return UInt32(bigEndian: base.loadUnaligned(fromByteOffset: start &+ at, as: UInt32.self))
    }
}

extension ByteReader {
    /// Checks that `count` octets remain, moves past them and returns them as a `FixedOctets`: one
    /// bounds check for a whole header instead of one per field. Throws `.truncated` (cursor unmoved).
    @inlinable @inline(__always)
    public mutating func readFixed(_ count: Int) throws(DecodeError) -> FixedOctets {
        try need(count)
        let fixed = FixedOctets(base: base, start: offset, count: count)
        _offset &+= Int32(truncatingIfNeeded: count)
        return fixed
    }
}
