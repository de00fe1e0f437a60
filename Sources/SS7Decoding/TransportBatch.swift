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
public struct TransportBatch: @unchecked Sendable {
    // @unchecked: `shared` points into the capture's buffer, but only during `TransportDecoder.decode`
    // (set at its start, cleared at its end); a batch handed to another thread never holds it.

    /// Octets the next layer reads: `arena[base ..< base + end]` is a copy of the buffer the reader
    /// viewed (from its first octet, so that offsets, and the offsets in errors, stay those of the frame).
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

    var events: [Event] = []
    var arena: [UInt8] = []
    /// The buffer `TransportDecoder.decode` is working on (the frame, or an IPv4 datagram reassembled
    /// from fragments), copied into `arena` once however many messages it carries, and where (-1: not
    /// yet; copied on first need, so that frames with nothing for SS7 cost no copy). Other buffers (an
    /// SCTP message reassembled from DATA chunks) are copied for the one message they hold.
    var shared: UnsafeRawBufferPointer?
    var sharedBase = -1
    /// `.frame` events in the batch.
    public private(set) var frames = 0

    public init() {}

    /// Octets copied in so far.
    public var octets: Int { arena.count }
    public var isEmpty: Bool { events.isEmpty }

    /// Empties the batch, keeping its storage for the next run of frames.
    public mutating func removeAll() {
        events.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        frames = 0
    }

    /// Marks the start of a frame: what is added next belongs to it.
    public mutating func beginFrame(_ stamp: FrameStamp) {
        events.append(.frame(stamp))
        frames += 1
    }

    // MARK: Filled by TransportDecoder

    /// Runs `body` with `buffer` as the shared buffer (see `shared`), then restores the one before.
    mutating func sharing<E: Error>(
        _ buffer: UnsafeRawBufferPointer, _ body: (inout TransportBatch) throws(E) -> Void
    ) throws(E) {
        let outer = (shared, sharedBase)
        shared = buffer
        sharedBase = -1
        defer { (shared, sharedBase) = outer }
        try body(&self)
    }

    /// The span of `reader`'s unread octets, copied into the arena with everything of its buffer before
    /// them (so that its offsets stay valid).
    @inline(__always)
    mutating func span(_ reader: ByteReader) -> Span {
        let buffer = reader.base
        let base: Int
        if let shared, buffer.baseAddress == shared.baseAddress, buffer.count <= shared.count {
            if sharedBase < 0 { sharedBase = copy(shared) }
            base = sharedBase
        } else {
            base = copy(buffer)  // a reassembled message: its buffer lives only during this call
        }
        return Span(
            base: Int32(truncatingIfNeeded: base), offset: Int32(truncatingIfNeeded: reader.offset),
            end: Int32(truncatingIfNeeded: reader.end), layer: reader.layer)
    }

    /// Appends `bytes` to the arena and returns where they start. (Appending the raw buffer itself
    /// goes octet by octet: a raw buffer offers no typed contiguous storage.)
    private mutating func copy(_ bytes: UnsafeRawBufferPointer) -> Int {
        let start = arena.count
        arena.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
        return start
    }

    mutating func ss7Link(_ reader: ByteReader, _ linkType: LinkType) {
        events.append(.ss7Link(span(reader), linkType))
    }

    @inline(__always)
    mutating func userMessage(_ reader: ByteReader, ppid: UInt32, _ endpoints: SCTPEndpoints) {
        events.append(.userMessage(span(reader), ppid: ppid, endpoints))
    }

    mutating func decodeError(_ error: DecodeError, link: LinkIdentity) {
        events.append(.decodeError(error, link))
    }

    mutating func sctpRetransmission(link: LinkIdentity) {
        events.append(.sctpRetransmission(link))
    }

    mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {
        events.append(.sequenceGap(transport, link, missing: missing))
    }
}

extension TransportBatch.Span {
    /// A reader over the span's octets in `arena` (the batch's arena, while it is borrowed).
    @inline(__always)
    func reader(_ arena: UnsafeRawBufferPointer) -> ByteReader {
        let start = min(Int(base), arena.count)
        let buffer = UnsafeRawBufferPointer(rebasing: arena[start...])
        return ByteReader(buffer, offset: Int(offset), end: Int(end), layer: layer)
    }
}
