import ByteParsing

/// IP protocol numbers the decoder follows.
enum IPProtocol {
    static let sctp: UInt8 = 132
}

/// The transport payload of one IP datagram.
struct IPPayload {
    var source: IPAddress
    var destination: IPAddress
    var protocolNumber: UInt8
    var payload: ByteReader
}

enum IPv4 {
    /// Parses an IPv4 header (RFC 791). The payload is cut to the header's total length, so link-layer
    /// padding and trailers never reach SCTP. Fragments are returned with their offset for reassembly.
    @inline(__always)
    static func parse(_ reader: ByteReader) throws(DecodeError) -> (IPPayload, fragment: IPv4FragmentInfo?) {
        var r = reader
        r.layer = .ipv4
        let start = r
        guard let versionIHL = r.peekUInt8() else { throw start.error(.truncated) }
        guard versionIHL >> 4 == 4 else { throw start.error(.badValue) }
        let headerLength = Int(versionIHL & 0x0F) * 4
        guard headerLength >= 20 else { throw start.error(.badLength) }
        // The fixed 20 octets, checked once. DSCP/ECN, TTL and the header checksum are not read (tshark
        // does not verify the checksum by default either).
        let h = try r.readFixed(20)
        let totalLength = Int(h.uint16BE(2))
        let identification = h.uint16BE(4)
        let flagsFragment = h.uint16BE(6)
        let proto = h.uint8(9)
        let src = h.uint32BE(12)
        let dst = h.uint32BE(16)
        guard totalLength >= headerLength else { throw start.error(.badLength) }
        // A capture may be cut short (snap length); a datagram longer than the frame is truncated.
        guard totalLength <= start.remaining else { throw start.error(.truncated) }
        let payload = try start.sub(from: headerLength, count: totalLength - headerLength)
        let moreFragments = flagsFragment & 0x2000 != 0
        let fragmentOffset = Int(flagsFragment & 0x1FFF) * 8
        let ip = IPPayload(
            source: IPAddress(ipv4: src), destination: IPAddress(ipv4: dst), protocolNumber: proto,
            payload: payload)
        if moreFragments || fragmentOffset != 0 {
            return (ip, IPv4FragmentInfo(identification: identification, offset: fragmentOffset, more: moreFragments))
        }
        return (ip, nil)
    }
}

struct IPv4FragmentInfo {
    var identification: UInt16
    var offset: Int
    var more: Bool
}

enum IPv6 {
    /// Parses an IPv6 header (RFC 8200) and skips hop-by-hop, routing and destination options headers.
    /// Fragmented IPv6 datagrams are reported as unsupported (SIGTRAN endpoints avoid them: SCTP does
    /// its own fragmentation).
    static func parse(_ reader: ByteReader) throws(DecodeError) -> IPPayload {
        var r = reader
        r.layer = .ipv6
        let start = r
        let first = try r.readUInt8()
        guard first >> 4 == 6 else { throw start.error(.badValue) }
        try r.skip(3)
        let payloadLength = Int(try r.readUInt16BE())
        var next = try r.readUInt8()
        try r.skip(1)  // hop limit
        let srcHigh = UInt64(try r.readUInt32BE()) << 32 | UInt64(try r.readUInt32BE())
        let srcLow = UInt64(try r.readUInt32BE()) << 32 | UInt64(try r.readUInt32BE())
        let dstHigh = UInt64(try r.readUInt32BE()) << 32 | UInt64(try r.readUInt32BE())
        let dstLow = UInt64(try r.readUInt32BE()) << 32 | UInt64(try r.readUInt32BE())
        var payload = try r.readSlice(length: payloadLength)
        // Extension headers: a bounded walk (at most 8), each names the next.
        for _ in 0..<8 {
            switch next {
            case 0, 43, 60:  // hop-by-hop, routing, destination options
                let header = payload
                next = try payload.readUInt8()
                let length = (Int(try payload.readUInt8()) + 1) * 8
                payload = try header.sub(from: length, count: header.remaining - length)
                _ = payload
            case 44:  // fragment
                throw payload.error(.unsupported)
            default:
                return IPPayload(
                    source: IPAddress(ipv6High: srcHigh, low: srcLow),
                    destination: IPAddress(ipv6High: dstHigh, low: dstLow), protocolNumber: next,
                    payload: payload)
            }
        }
        throw payload.error(.tooDeep)
    }
}

/// Reassembles fragmented IPv4 datagrams (RFC 791 3.2), bounded: at most `maxDatagrams` in progress
/// (the oldest is dropped, reported as `reassemblyLimit`), at most 64 fragments and 65,535 octets each.
/// Only fragments allocate; whole datagrams never touch this.
struct IPv4Reassembler {
    struct Key: Hashable {
        var source: UInt64
        var destination: UInt64
        var identification: UInt16
        var protocolNumber: UInt8
    }

    struct Pending {
        var key: Key
        var bytes: [UInt8]
        var covered: [Range<Int>]
        var totalLength: Int?
        var age: UInt64
    }

    var maxDatagrams = 64
    private var pending: [Pending] = []
    private var clock: UInt64 = 0

    enum Outcome {
        case incomplete
        case complete([UInt8])
        case dropped(DecodeError)
    }

    /// Adds one fragment. `evicted` is true when an older datagram had to be dropped to make room.
    mutating func add(_ ip: IPPayload, _ fragment: IPv4FragmentInfo) -> (Outcome, evicted: Bool) {
        clock &+= 1
        let key = Key(
            source: ip.source.low, destination: ip.destination.low, identification: fragment.identification,
            protocolNumber: ip.protocolNumber)
        guard fragment.offset + ip.payload.remaining <= 65_535 else {
            return (.dropped(ip.payload.error(.reassemblyLimit)), false)
        }
        if let index = pending.firstIndex(where: { $0.key == key }) {
            return (add(ip, fragment, at: index), false)
        }
        var evicted = false
        if pending.count >= maxDatagrams, let oldest = pending.indices.min(by: { pending[$0].age < pending[$1].age }) {
            pending.remove(at: oldest)
            evicted = true
        }
        pending.append(Pending(key: key, bytes: [], covered: [], totalLength: nil, age: clock))
        return (add(ip, fragment, at: pending.count - 1), evicted)
    }

    private mutating func add(_ ip: IPPayload, _ fragment: IPv4FragmentInfo, at index: Int) -> Outcome {
        let data = ip.payload.unreadBytes
        let end = fragment.offset + data.count
        var entry = pending[index]
        guard entry.covered.count < 64 else {
            pending.remove(at: index)
            return .dropped(ip.payload.error(.reassemblyLimit))
        }
        if entry.bytes.count < end { entry.bytes.append(contentsOf: repeatElement(0, count: end - entry.bytes.count)) }
        entry.bytes.replaceSubrange(fragment.offset..<end, with: data)
        entry.covered.append(fragment.offset..<end)
        if !fragment.more { entry.totalLength = end }
        entry.age = clock
        if let total = entry.totalLength, Self.covers(entry.covered, total) {
            pending.remove(at: index)
            return .complete(Array(entry.bytes.prefix(total)))
        }
        pending[index] = entry
        return .incomplete
    }

    private static func covers(_ ranges: [Range<Int>], _ total: Int) -> Bool {
        var reached = 0
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if r.lowerBound > reached { return false }
            reached = max(reached, r.upperBound)
        }
        return reached >= total
    }
}
