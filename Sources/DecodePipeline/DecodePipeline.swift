import Capture
import Foundation
import SS7Decoding

/// Decodes whole captures on two threads: one reads with libpcap and decodes the transport layers
/// (`TransportDecoder`: link layer, IP, SCTP), the caller's decodes the SS7 layers (`MessageDecoder`)
/// into its sink. Batches of frames pass between them in order, so the sink sees exactly the calls,
/// in exactly the order, that `FrameDecoder` would make frame by frame (`threads: 1` does that, on
/// the caller's thread): threading changes the speed, never a count.
///
/// Memory is bounded: at most `batchesInFlight` batches (and as many emptied ones kept for reuse) of
/// `framesPerBatch` frames (or about `octetsPerBatch` octets; one frame's own octets may go beyond,
/// within the decoder's reassembly limits) exist at once, whatever the captures' length.
public struct DecodePipeline: Sendable {
    public var options: DecodeOptions
    /// 2: reading and transport decoding on a thread of their own. 1: everything on the caller's thread.
    public var threads: Int
    public var framesPerBatch = 2048
    public var octetsPerBatch = 1 << 20
    public var batchesInFlight = 8

    public init(options: DecodeOptions, threads: Int = ProcessInfo.processInfo.activeProcessorCount > 1 ? 2 : 1) {
        self.options = options
        self.threads = threads
    }

    /// A frame of a link type the decoder does not support: reading stopped there, after decoding the
    /// frames before it.
    public struct UnsupportedLinkType: Sendable {
        /// The input it is in (an index into `paths`) and its DLT.
        public var sourceIndex: Int
        public var dlt: Int32
    }

    /// Decodes `paths` (as `readCaptures` reads them: packet-time order across files, "-" for standard
    /// input) into `sink`, calling `beginFrame` before each frame's messages. Throws a `CaptureError`
    /// (after every frame before the damage was decoded) when an input cannot be opened or is cut short.
    /// Returns the unsupported link type that stopped reading, if one did.
    public func run<S: DecodeSink>(
        paths: [String], into sink: inout S, beginFrame: (FrameStamp, inout S) -> Void
    ) throws(CaptureError) -> UnsupportedLinkType? {
        var messages = MessageDecoder(options: options)
        let produced: Produced
        if threads < 2 {
            produced = Self.produce(paths: paths, limits: self) { batch in
                messages.decode(batch, into: &sink, beginFrame: beginFrame)
                batch.removeAll()
            }
        } else {
            let channel = BatchChannel(capacity: batchesInFlight)
            let limits = self
            let reader = Thread {
                let result = Self.produce(paths: paths, limits: limits) { batch in channel.send(&batch) }
                channel.finish(result)
            }
            reader.stackSize = 8 << 20
            reader.start()
            while let batch = channel.receive() {
                messages.decode(batch, into: &sink, beginFrame: beginFrame)
                channel.recycle(batch)
            }
            produced = channel.waitForResult()
        }
        if let error = produced.error { throw error }
        return produced.unsupported
    }

    struct Produced: Sendable {
        var unsupported: UnsupportedLinkType?
        var error: CaptureError?
    }

    /// Reads every frame, decodes its transport layers into batches, and hands each full batch (and the
    /// last) to `deliver`, which empties it or replaces it with an empty one.
    private static func produce(
        paths: [String], limits: DecodePipeline, deliver: (inout TransportBatch) -> Void
    ) -> Produced {
        var state = Producer()
        do {
            // One input (the usual case) is read through `forEach` itself: it is inlinable, so the
            // per-frame work is compiled into its loop instead of called through `readCaptures`' closure.
            if paths.count == 1 {
                _ = try PcapFileReader(path: paths[0]).forEach { state.take($0, limits: limits, deliver: deliver) }
            } else {
                _ = try readCaptures(paths: paths) { state.take($0, limits: limits, deliver: deliver) }
            }
        } catch let error as CaptureError {
            state.produced.error = error
        } catch {
            preconditionFailure("readCaptures throws only CaptureError: \(error)")
        }
        if !state.batch.isEmpty { deliver(&state.batch) }
        return state.produced
    }

    /// The reading thread's state between frames.
    private struct Producer {
        var produced = Produced()
        var transport = TransportDecoder()
        var batch = TransportBatch()
        // The link type of the last frame's DLT: a file has one DLT, so it is worked out once per file.
        var lastDLT: Int32 = -1
        var lastLinkType: LinkType?

        /// Decodes one frame's transport layers into the batch, delivering the batch when it is full.
        /// False (stop reading) at a link type the decoder does not support.
        @inline(__always)
        mutating func take(
            _ frame: borrowing CapturedFrame, limits: DecodePipeline, deliver: (inout TransportBatch) -> Void
        ) -> Bool {
            if frame.linkType != lastDLT {
                lastDLT = frame.linkType
                lastLinkType = LinkType(dlt: frame.linkType)
            }
            guard let linkType = lastLinkType else {
                produced.unsupported = UnsupportedLinkType(sourceIndex: frame.sourceIndex, dlt: frame.linkType)
                return false
            }
            let stamp = FrameStamp(seconds: frame.seconds, nanoseconds: frame.nanoseconds, sourceIndex: frame.sourceIndex)
            transport.decode(frame.bytes, linkType: linkType, stamp: stamp, into: &batch)
            if batch.frames >= limits.framesPerBatch || batch.octets >= limits.octetsPerBatch { deliver(&batch) }
            return true
        }
    }
}

/// The queue between the reading thread and the decoding one: full batches one way, emptied ones back.
///
/// A thread that has to wait (the decoder for work, the reader for room) sleeps until `slack` batches
/// can move, not one: each wake-up is a system call and, in a virtual machine, an interrupt to the
/// other core, and waking the other thread for every batch cost the reading thread more than the
/// batch itself took to fill.
private final class BatchChannel: @unchecked Sendable {
    // @unchecked: every stored property is read and written only with `condition` locked.
    private let condition = NSCondition()
    private let capacity: Int
    private let slack: Int
    private var ready: [TransportBatch] = []
    private var spare: [TransportBatch] = []
    private var result: DecodePipeline.Produced?
    private var receiverWaiting = false
    private var senderWaiting = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        self.slack = max(1, self.capacity / 2)
    }

    /// Queues `batch` and gives the sender an empty one. With `capacity` batches queued, it first waits
    /// until no more than `capacity - slack` are.
    func send(_ batch: inout TransportBatch) {
        condition.lock()
        if ready.count >= capacity {
            senderWaiting = true
            while ready.count > capacity - slack { condition.wait() }
            senderWaiting = false
        }
        ready.append(batch)
        batch = spare.popLast() ?? TransportBatch()
        if receiverWaiting && ready.count >= slack { condition.broadcast() }
        condition.unlock()
        batch.removeAll()
    }

    /// The next batch in order, or nil once the sender has finished and every batch was received. With
    /// none queued, it waits for `slack` of them (or the end).
    func receive() -> TransportBatch? {
        condition.lock()
        defer { condition.unlock() }
        if ready.isEmpty && result == nil {
            receiverWaiting = true
            while ready.count < slack && result == nil { condition.wait() }
            receiverWaiting = false
        }
        guard !ready.isEmpty else { return nil }
        let batch = ready.removeFirst()
        if senderWaiting && ready.count <= capacity - slack { condition.broadcast() }
        return batch
    }

    /// Returns a decoded batch's storage to the sender.
    func recycle(_ batch: TransportBatch) {
        condition.lock()
        if spare.count < capacity { spare.append(batch) }
        condition.unlock()
    }

    func finish(_ produced: DecodePipeline.Produced) {
        condition.lock()
        result = produced
        condition.broadcast()
        condition.unlock()
    }

    func waitForResult() -> DecodePipeline.Produced {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
