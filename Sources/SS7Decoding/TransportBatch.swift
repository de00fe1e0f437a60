import ByteParsing

/// A frame's packet time and input, as the capture gave them.
public struct FrameStamp: Sendable, Hashable {
    /// Seconds since the Unix epoch (UTC).
    public var seconds: Int64
    /// Nanoseconds within `seconds`.
    public var nanoseconds: Int32
    /// Which input the frame came from (0-based).
    public var sourceIndex: Int

    public init(seconds: Int64, nanoseconds: Int32, sourceIndex: Int) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.sourceIndex = sourceIndex
    }

    /// Packet time as nanoseconds since the Unix epoch.
    @inlinable public var nanosecondsSinceEpoch: Int64 { seconds &* 1_000_000_000 &+ Int64(nanoseconds) }
}

/// What the transport layers (link layer, IP, SCTP) found in a run of frames, in wire order, with the
/// octets the SS7 layers above still have to read copied in. `TransportDecoder` fills it and
/// `MessageDecoder` reads it; being a value that owns its octets, it can be filled on one thread and
/// read on another, which is how a capture is decoded on two cores (`DecodePipeline`).
///
/// Its events and octets live in one `Storage` of plain buffers, copied on write a frame at a time:
/// `beginFrame` and `removeAll` make the storage unique, and the appends a frame's decoding makes
/// after them need no check of their own. (Arrays checked their uniqueness on every append: three
/// checks a frame, ~35 instructions, on the reading thread that bounds the two-thread decode.) Only
/// `TransportDecoder` appends, between those calls, and nothing copies a batch in between.
public struct TransportBatch: Sendable {
    /// Octets the next layer reads: a reader whose offsets count from `arena[base]` (as they counted
    /// from the buffer the transport decoder viewed: the frame, or a reassembled message, so that the
    /// offsets in errors stay those of that buffer), of which only `offset ..< end` was copied in.
    /// `base` may be negative, or point into earlier messages' octets: nothing below `offset` is read.
    struct Span {
        var base: Int32
        var offset: Int32
        var end: Int32
        var layer: DecodeError.Layer
    }

    enum Event {
        /// A new frame starts; the events up to the next `.frame` are its own.
        case frame(FrameStamp)
        /// A frame of an SS7 link type (MTP2 with or without pseudo-header, MTP3): all of it is SS7's.
        case ss7Link(Span, LinkType)
        /// An SCTP user message (a DATA chunk's user data, or a reassembled message).
        case userMessage(Span, ppid: UInt32, SCTPEndpoints)
        case decodeError(DecodeError, LinkIdentity)
        case sctpRetransmission(LinkIdentity)
        case sequenceGap(SequencedTransport, LinkIdentity, missing: UInt32)
    }

    /// The buffers: `events` holds `eventCapacity` events (the first `eventCount` initialised), `arena`
    /// `arenaCapacity` octets (the first `octets` written). Events are plain values (no references), so
    /// they are copied and dropped as bytes. Immutable: growing replaces it.
    final class Storage: @unchecked Sendable {
        // @unchecked: a batch's storage is written by one thread at a time; DecodePipeline hands a
        // batch over through a lock, which orders the writes before the reads.
        let events: UnsafeMutablePointer<Event>
        let eventCapacity: Int
        let arena: UnsafeMutableRawPointer
        let arenaCapacity: Int

        init(eventCapacity: Int, arenaCapacity: Int) {
            precondition(_isPOD(Event.self), "events are copied as bytes")
            self.eventCapacity = max(eventCapacity, 16)
            self.arenaCapacity = max(arenaCapacity, 4096)
            events = .allocate(capacity: self.eventCapacity)
            arena = .allocate(byteCount: self.arenaCapacity, alignment: 16)
        }

        /// A copy of the first `eventCount` events and `octets` octets of `other`, with at least the
        /// given capacities.
        convenience init(copying other: Storage, eventCount: Int, octets: Int, eventCapacity: Int, arenaCapacity: Int) {
            self.init(eventCapacity: eventCapacity, arenaCapacity: arenaCapacity)
            events.initialize(from: other.events, count: eventCount)
            arena.copyMemory(from: other.arena, byteCount: octets)
        }

        deinit {
            events.deallocate()
            arena.deallocate()
        }
    }

    private var storage = Storage(eventCapacity: 16, arenaCapacity: 4096)
    /// Events appended so far.
    public private(set) var eventCount = 0
    /// Octets copied in so far.
    public private(set) var octets = 0
    /// `.frame` events in the batch.
    public private(set) var frames = 0

    public init() {}

    public var isEmpty: Bool { eventCount == 0 }

    /// Empties the batch, keeping its storage for the next run of frames.
    public mutating func removeAll() {
        eventCount = 0
        octets = 0
        frames = 0
        makeUnique()
    }

    /// Marks the start of a frame: what is added next belongs to it.
    @inline(__always)
    public mutating func beginFrame(_ stamp: FrameStamp) {
        makeUnique()
        append(.frame(stamp))
        frames += 1
    }

    /// The storage, copied if another batch shares it: called before each frame's appends.
    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { copyStorage() }
    }

    @inline(never)
    private mutating func copyStorage() {
        replaceStorage(eventCapacity: storage.eventCapacity, arenaCapacity: storage.arenaCapacity)
    }

    /// A new storage of the given capacities holding what the batch holds (to copy it or to grow it).
    private mutating func replaceStorage(eventCapacity: Int, arenaCapacity: Int) {
        storage = Storage(
            copying: storage, eventCount: eventCount, octets: octets, eventCapacity: eventCapacity,
            arenaCapacity: arenaCapacity)
    }

    /// The events and copied octets, for `MessageDecoder` (valid only within `body`).
    @inline(__always)
    func withContents<R>(_ body: (UnsafeBufferPointer<Event>, UnsafeRawBufferPointer) -> R) -> R {
        withExtendedLifetime(storage) {
            body(
                UnsafeBufferPointer(start: storage.events, count: eventCount),
                UnsafeRawBufferPointer(start: storage.arena, count: octets))
        }
    }

    // MARK: Filled by TransportDecoder

    @inline(__always)
    private mutating func append(_ event: Event) {
        assert(isKnownUniquelyReferenced(&storage), "appended to without beginFrame or removeAll")
        if eventCount == storage.eventCapacity { growEvents() }
        (storage.events + eventCount).initialize(to: event)
        eventCount &+= 1
    }

    @inline(never)
    private mutating func growEvents() {
        replaceStorage(eventCapacity: 2 * storage.eventCapacity, arenaCapacity: storage.arenaCapacity)
    }

    /// The span of `reader`'s unread octets, which are copied into the arena. Only those: the octets
    /// before them (link, IP and SCTP headers, ~60 of a typical M3UA frame's ~135) would be copied and
    /// carried to the decoding thread for nothing.
    @inline(__always)
    mutating func span(_ reader: ByteReader) -> Span {
        let start = octets
        let bytes = reader.unreadBytes
        if let from = bytes.baseAddress, bytes.count > 0 {
            if storage.arenaCapacity - start < bytes.count { growArena(toHold: start + bytes.count) }
            storage.arena.advanced(by: start).copyMemory(from: from, byteCount: bytes.count)
            octets = start + bytes.count
        }
        return Span(
            base: Int32(truncatingIfNeeded: start &- reader.offset), offset: Int32(truncatingIfNeeded: reader.offset),
            end: Int32(truncatingIfNeeded: reader.end), layer: reader.layer)
    }

    /// Lengthens the arena to at least `count` octets, doubling, so that filling a batch grows it a few
    /// times and a reused batch never.
    @inline(never)
    private mutating func growArena(toHold count: Int) {
        precondition(count >= 0)
        replaceStorage(eventCapacity: storage.eventCapacity, arenaCapacity: max(count, 2 * storage.arenaCapacity))
    }

    mutating func ss7Link(_ reader: ByteReader, _ linkType: LinkType) {
        append(.ss7Link(span(reader), linkType))
    }

    @inline(__always)
    mutating func userMessage(_ reader: ByteReader, ppid: UInt32, _ endpoints: SCTPEndpoints) {
        append(.userMessage(span(reader), ppid: ppid, endpoints))
    }

    mutating func decodeError(_ error: DecodeError, link: LinkIdentity) {
        append(.decodeError(error, link))
    }

    mutating func sctpRetransmission(link: LinkIdentity) {
        append(.sctpRetransmission(link))
    }

    mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {
        append(.sequenceGap(transport, link, missing: missing))
    }
}

extension TransportBatch.Span {
    /// A reader over the span's octets in `arena` (the batch's arena, while it is borrowed), with the
    /// offsets they had where they were copied from.
    @inline(__always)
    func reader(_ arena: UnsafeRawBufferPointer) -> ByteReader {
        // The copied octets, `arena[base + offset ..< base + end]`, lie inside the arena (span() put
        // them there); this is checked, since a reader over memory outside it could read anything.
        let first = Int(base) &+ Int(offset)
        precondition(first >= 0 && first <= Int(base) &+ Int(end) && Int(base) &+ Int(end) <= arena.count)
        // The reader's buffer starts `offset` octets before the copy, possibly outside the arena; it
        // reads only from `offset` on.
        let start = arena.baseAddress.map { UnsafeRawPointer($0) + Int(base) }
        return ByteReader(
            UnsafeRawBufferPointer(start: start, count: Int(end)), offset: Int(offset), end: Int(end), layer: layer)
    }
}
