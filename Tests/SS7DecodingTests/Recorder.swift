import ByteParsing
@testable import SS7Decoding

/// Collects what the decoder reports, for assertions.
struct Recorder: DecodeSink {
    var messages: [SS7Message] = []
    var sigtran: [String] = []
    var errors: [String] = []
    var retransmissions = 0
    var mtp2Retransmissions = 0
    var gaps: [String] = []
    var units: [MTP2SignalUnit] = []

    mutating func message(_ message: SS7Message) {
        // Kept past the frame: TCAP's portions are read now, while the bytes are alive.
        var kept = message
        if case .sccp(let sccp, let tcap?) = message.userPart { kept.userPart = .sccp(sccp, tcap: tcap.materialized()) }
        messages.append(kept)
    }
    mutating func sigtran(_ message: SigtranMessage) { sigtran.append(message.key) }
    mutating func signalUnit(_ unit: MTP2SignalUnit, link: LinkIdentity) { units.append(unit) }
    mutating func decodeError(_ error: DecodeError, link: LinkIdentity) { errors.append(error.name) }
    mutating func sctpRetransmission(link: LinkIdentity) { retransmissions += 1 }
    mutating func mtp2Retransmission(link: LinkIdentity) { mtp2Retransmissions += 1 }
    mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {
        gaps.append("\(transport):\(missing)")
    }
}

extension FrameDecoder {
    mutating func decode(_ frames: [[UInt8]], linkType: LinkType) -> Recorder {
        var recorder = Recorder()
        for frame in frames {
            frame.withUnsafeBytes { decode($0, linkType: linkType, into: &recorder) }
        }
        return recorder
    }
}

/// Frame builders for tests: each layer written from its RFC's header layout.
enum Build {
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func pad4(_ b: [UInt8]) -> [UInt8] { b + [UInt8](repeating: 0, count: (4 - b.count % 4) % 4) }

    /// Ethernet II (dst, src, EtherType 0x0800) + IPv4 (RFC 791, 20-octet header, protocol 132).
    static func ethernetIPv4(_ payload: [UInt8], id: Int = 1, fragmentField: Int = 0x4000) -> [UInt8] {
        let mac: [UInt8] = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 0x08, 0x00]
        let ip: [UInt8] = [0x45, 0] + be16(20 + payload.count) + be16(id) + be16(fragmentField)
            + [64, 132, 0, 0] + [10, 0, 0, 1] + [10, 0, 0, 2]
        return mac + ip + payload
    }

    /// SCTP common header (RFC 9260 3.1): ports 2905/2905, verification tag, checksum (unchecked).
    static func sctp(_ chunks: [UInt8], tag: UInt32 = 0x1234_5678) -> [UInt8] {
        be16(2905) + be16(2905) + be32(tag) + be32(0) + chunks
    }

    /// DATA chunk (RFC 9260 3.3.1): type 0, flags (B=2, E=1), length, TSN, stream, SSN, PPID, data.
    static func data(tsn: UInt32, ppid: UInt32 = 3, flags: UInt8 = 3, stream: Int = 1, ssn: Int = 0,
                     _ userData: [UInt8]) -> [UInt8] {
        let body = be32(tsn) + be16(stream) + be16(ssn) + be32(ppid) + userData
        return pad4([0, flags] + be16(4 + body.count) + body)
    }

    /// M3UA DATA (RFC 4666 3.3.1) with a Protocol Data parameter (tag 0x0210).
    static func m3uaData(opc: UInt32, dpc: UInt32, si: UInt8, ni: UInt8 = 2, sls: UInt8 = 0,
                         _ userPart: [UInt8]) -> [UInt8] {
        let pdValue = be32(opc) + be32(dpc) + [si, ni, 0, sls] + userPart
        let pd = pad4(be16(0x0210) + be16(4 + pdValue.count) + pdValue)
        return [1, 0, 1, 1] + be32(UInt32(8 + pd.count)) + pd
    }

    /// M3UA ASPSM BEAT (RFC 4666 3.5.5) with 4 octets of heartbeat data.
    static let m3uaBeat: [UInt8] = [1, 0, 3, 3, 0, 0, 0, 16, 0, 9, 0, 8, 0xDE, 0xAD, 0xBE, 0xEF]
}
