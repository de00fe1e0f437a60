// Owns libpcap. Offline files now; live interfaces later deliver the same `CapturedFrame`.
import CPcap

/// One captured frame. `bytes` is valid only during the callback that receives it: no copy is made,
/// it points into libpcap's buffer for the input it came from.
public struct CapturedFrame {
    /// Packet time, seconds since the Unix epoch (UTC).
    public var seconds: Int64
    /// Nanoseconds within `seconds` (inputs are opened with nanosecond precision, so pcap, pcap-ns
    /// and pcapng all keep their full resolution).
    public var nanoseconds: Int32
    /// DLT_* link type of the input (`pcap_datalink`).
    public var linkType: Int32
    /// Length of the packet on the wire; `bytes.count` is the captured length, which may be shorter.
    public var originalLength: Int
    /// The captured bytes.
    public var bytes: UnsafeRawBufferPointer
    /// Which input the frame came from (0-based, in the order the inputs were given).
    public var sourceIndex: Int

    /// Packet time as nanoseconds since the Unix epoch.
    @inlinable public var nanosecondsSinceEpoch: Int64 { seconds &* 1_000_000_000 &+ Int64(nanoseconds) }

    @inlinable
    public init(
        seconds: Int64, nanoseconds: Int32, linkType: Int32, originalLength: Int,
        bytes: UnsafeRawBufferPointer, sourceIndex: Int
    ) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.linkType = linkType
        self.originalLength = originalLength
        self.bytes = bytes
        self.sourceIndex = sourceIndex
    }
}

/// A capture input could not be opened or read. Names the input and carries libpcap's message.
public struct CaptureError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The input could not be opened: missing, unreadable, or not a pcap/pcapng file.
        case open
        /// Reading failed part way, typically a file cut short in the middle of a record.
        case read
    }
    public var kind: Kind
    /// The path given ("-" for standard input) or the name given with a file descriptor.
    public var source: String
    /// libpcap's (or the system's) explanation.
    public var message: String
    /// Frames delivered before the failure, from all inputs (0 for `.open`).
    public var framesDelivered: Int

    public init(_ kind: Kind, source: String, message: String, framesDelivered: Int = 0) {
        self.kind = kind
        self.source = source
        self.message = message
        self.framesDelivered = framesDelivered
    }

    public var description: String {
        switch kind {
        case .open: "\(source): cannot open capture: \(message)"
        case .read: "\(source): read error after \(framesDelivered) frames: \(message)"
        }
    }
}

/// libpcap's name for a DLT_* value (e.g. 140 -> "MTP2"), or "DLT_<n>" if libpcap has none.
public func dltName(_ dlt: Int32) -> String {
    guard let name = pcap_datalink_val_to_name(dlt) else { return "DLT_\(dlt)" }
    return String(cString: name)
}
