import CPcap

/// Reads several capture files (pcap or pcapng, any mix, "-" for standard input) as one stream in
/// packet-time order: a k-way merge where equal times keep the order of `paths`. Frames of one file
/// keep their file order. With one path this is `PcapFileReader.forEach`.
///
/// No frame is copied: each file's pending frame stays in that file's own libpcap buffer, which only
/// the next read of that same file replaces. Memory is one reader per file, whatever their length.
///
/// Every file is opened before the first frame is delivered, so a missing or non-capture file
/// throws `CaptureError(.open)` naming it and nothing is read. A file that fails part way (cut short)
/// ends there while the others go on; the first such error is thrown after the last frame.
/// Returns the number of frames delivered; stops early when `body` returns false.
public func readCaptures(paths: [String], _ body: (borrowing CapturedFrame) throws -> Bool) throws -> Int {
    if paths.count == 1 { return try PcapFileReader(path: paths[0]).forEach(body) }
    if paths.count(where: { $0 == "-" }) > 1 {
        throw CaptureError(.open, source: "-", message: "standard input given more than once")
    }
    var readers: [PcapFileReader] = []
    readers.reserveCapacity(paths.count)
    for (index, path) in paths.enumerated() {
        readers.append(try PcapFileReader(path: path, sourceIndex: index))
    }

    var queue = PendingFrames(count: readers.count)
    var firstError: CaptureError?
    var delivered = 0
    /// Reads the next frame of input `i` into the queue's slot; false at its end or on its error.
    func fetch(_ i: Int) -> Bool {
        do {
            guard let frame = try readers[i].next() else { return false }
            queue.frames[i] = frame
            return true
        } catch {
            if firstError == nil { firstError = error }
            return false
        }
    }

    for i in readers.indices where fetch(i) { queue.push(i) }
    while let i = queue.first {
        delivered &+= 1
        guard try body(queue.frames[i]) else { return delivered }
        if fetch(i) { queue.nextOfFirstFetched() } else { queue.removeFirst() }
    }
    if var error = firstError {
        error.framesDelivered = delivered
        throw error
    }
    return delivered
}

extension PcapFileReader {
    /// The next frame in file order, nil at the end. The frame views this reader's buffer, valid until
    /// the next read from this reader.
    func next() throws(CaptureError) -> CapturedFrame? {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        while true {
            let rc = pcap_next_ex(handle, &header, &data)
            if rc == 1, let header, let data {
                return CapturedFrame(header.pointee, data, linkType: linkType, sourceIndex: sourceIndex)
            }
            if rc == PCAP_ERROR_BREAK { return nil }
            if rc != 0 { throw readError(framesDelivered: 0) }
        }
    }
}

/// One pending frame per input and a binary min-heap of the inputs that have one, ordered by
/// (time, input index) so that equal times come out in input order.
private struct PendingFrames {
    /// Slot `i` holds input `i`'s next frame while `i` is in the heap.
    var frames: [CapturedFrame]
    private var heap: [Int] = []

    init(count: Int) {
        let empty = CapturedFrame(
            seconds: 0, nanoseconds: 0, linkType: 0, originalLength: 0,
            bytes: UnsafeRawBufferPointer(start: nil, count: 0), sourceIndex: 0)
        frames = Array(repeating: empty, count: count)
        heap.reserveCapacity(count)
    }

    /// The input whose pending frame comes first.
    var first: Int? { heap.first }

    mutating func push(_ i: Int) {
        heap.append(i)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown()
    }

    /// The first input's slot now holds its next frame: restore the order.
    mutating func nextOfFirstFetched() { siftDown() }

    private mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let child = right < heap.count && before(heap[right], heap[left]) ? right : left
            guard before(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            parent = child
        }
    }

    private func before(_ a: Int, _ b: Int) -> Bool {
        let x = frames[a], y = frames[b]
        if x.seconds != y.seconds { return x.seconds < y.seconds }
        if x.nanoseconds != y.nanoseconds { return x.nanoseconds < y.nanoseconds }
        return a < b
    }
}
