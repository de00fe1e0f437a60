import ByteParsing
import SS7Decoding

/// Counts what the decoder reports, the way `decode --summary` prints it. Counters are flat arrays
/// indexed by code where the code space is small, so counting costs no allocation per message.
public struct DecodeSummary: DecodeSink {
    public let variant: SS7Variant
    public internal(set) var frames = 0
    public private(set) var messages = 0
    public private(set) var octets = 0
    public private(set) var sctpRetransmissions = 0
    public private(set) var fisu = 0
    public private(set) var lssu = 0
    public private(set) var mtp2Retransmissions = 0
    /// Messages the tap did not see, by transport, from sequence-number gaps.
    public private(set) var sequenceGaps: [String: Int] = [:]
    public private(set) var errors: [DecodeError: Int] = [:]
    /// Service indicators, ISUP types, SCCP types and TCAP packages in one flat array (`Offset` gives
    /// each range), so that counting a message checks one array's uniqueness, not four.
    /// Inline, not an `Array`: counting then needs no copy-on-write check (one a message per table).
    private var counts = InlineArray<784, Int>(repeating: 0)
    private enum Offset {
        static let serviceIndicators = 0
        static let isup = 16
        static let sccp = 272
        static let tcap = 528
        static let total = 784
    }
    private var serviceIndicators: [Int] { (Offset.serviceIndicators..<Offset.isup).map { counts[$0] } }
    private var isupTypes: [Int] { (Offset.isup..<Offset.sccp).map { counts[$0] } }
    private var sccpTypes: [Int] { (Offset.sccp..<Offset.tcap).map { counts[$0] } }
    private var tcapPackages: [Int] { (Offset.tcap..<Offset.total).map { counts[$0] } }
    // Open-addressed with a multiplicative hash: SipHash in a Dictionary was ~500 instructions a message.
    /// SIGTRAN (layer, class < 16, type < 32), every defined one, flat; other values in `sigtranOther`.
    private var sigtranCounts = InlineArray<1536, Int>(repeating: 0)
    private var sigtranOther = CounterTable<UInt32>()
    /// SCCP messages by the subsystem number in their called (0-255) and calling (256-511) party
    /// address, where the address has one: which subsystems (HLR 6, 800 database, LNP...) are addressed.
    private var subsystems = InlineArray<512, Int>(repeating: 0)
    private var pointCodePairs = CounterTable<UInt64>()
    /// Distinct `OPC>DPC` pairs counted apart, at most: the pairs come from the input, and a capture of
    /// random point codes (ITU alone has 2^28 pairs) must not grow the summary without bound. Messages of
    /// pairs beyond are counted together in `otherPointCodePairs` (`opc_dpc_other`).
    public var maxPointCodePairs = 262_144
    /// Messages whose `OPC>DPC` pair came after `maxPointCodePairs` others.
    public private(set) var otherPointCodePairs = 0

    public init(variant: SS7Variant) {
        self.variant = variant
        // The inline sizes are literals (a generic argument cannot be `Offset.total`): held to the layout.
        precondition(counts.count == Offset.total && sigtranCounts.count == 3 * 16 * 32)
    }

    @inline(__always)
    public mutating func message(_ message: SS7Message) {
        count(message.mtp, octets: message.octets, codes: message.codes)
        if case .sccp(let sccp, _) = message.userPart { countSubsystems(sccp) }
    }

    // ISUP and SCCP messages are counted unassembled: the summary reads only the header and codes.
    @inline(__always)
    public mutating func isupMessage(_ header: SS7Message.Header, _ isup: ISUPMessage, codes: UserPart.Codes) {
        count(header.mtp, octets: header.octets, codes: codes)
    }

    @inline(__always)
    public mutating func sccpMessage(
        _ header: SS7Message.Header, _ sccp: SCCPMessage, tcap: TCAPMessage?, codes: UserPart.Codes
    ) {
        count(header.mtp, octets: header.octets, codes: codes)
        countSubsystems(sccp)
    }

    @inline(__always)
    private mutating func countSubsystems(_ sccp: SCCPMessage) {
        if let ssn = sccp.calledParty?.subsystemNumber { subsystems[Int(ssn)] += 1 }
        if let ssn = sccp.callingParty?.subsystemNumber { subsystems[256 + Int(ssn)] += 1 }
    }

    @inline(__always)
    private mutating func count(_ mtp: MTPTransfer, octets: Int, codes: UserPart.Codes) {
        messages += 1
        self.octets += octets
        if !pointCodePairs.add(UInt64(mtp.opc.value) << 32 | UInt64(mtp.dpc.value), limit: maxPointCodePairs) {
            otherPointCodePairs += 1
        }
        // Codes are 0...255 (or -1 for none): inside their 256-slot ranges.
        counts[Offset.serviceIndicators + Int(mtp.si & 0x0F)] += 1
        if codes.isupType >= 0 { counts[Offset.isup + Int(codes.isupType)] += 1 }
        if codes.sccpType >= 0 { counts[Offset.sccp + Int(codes.sccpType)] += 1 }
        if codes.tcapPackage >= 0 { counts[Offset.tcap + Int(codes.tcapPackage)] += 1 }
    }

    public mutating func sigtran(_ message: SigtranMessage) {
        if message.messageClass < 16 && message.messageType < 32 {
            sigtranCounts[Int(message.protocolName.rawValue) &* 512 &+ Int(message.messageClass) &* 32
                &+ Int(message.messageType)] += 1
            return
        }
        let key = UInt32(message.protocolName.rawValue) << 16 | UInt32(message.messageClass) << 8
            | UInt32(message.messageType)
        sigtranOther.add(key)
    }

    public mutating func signalUnit(_ unit: MTP2SignalUnit, link: LinkIdentity) {
        switch unit {
        case .fisu: fisu += 1
        case .lssu: lssu += 1
        }
    }

    public mutating func decodeError(_ error: DecodeError, link: LinkIdentity) {
        errors[error, default: 0] += 1
    }

    public mutating func sctpRetransmission(link: LinkIdentity) {
        sctpRetransmissions += 1
    }

    public mutating func mtp2Retransmission(link: LinkIdentity) {
        mtp2Retransmissions += 1
    }

    public mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {
        sequenceGaps[transport == .mtp2 ? "mtp2" : "sctp", default: 0] += Int(missing)
    }

    public mutating func countFrame() { frames += 1 }

    // MARK: Reading the counts

    public var decodeErrorTotal: Int { errors.values.reduce(0, +) }

    /// Decode errors by `layer.reason`.
    public var decodeErrorsByName: [String: Int] {
        var out: [String: Int] = [:]
        for (e, n) in errors { out[e.name, default: 0] += n }
        return out
    }

    /// MTP3 messages by service indicator name.
    public var mtp3: [String: Int] {
        var out: [String: Int] = [:]
        for (si, n) in serviceIndicators.enumerated() where n > 0 { out[Self.serviceIndicatorName(UInt8(si))] = n }
        return out
    }

    /// ISUP messages by the variant's standard mnemonic ("0xNN" when unknown).
    public var isup: [String: Int] {
        var out: [String: Int] = [:]
        for (code, n) in isupTypes.enumerated() where n > 0 {
            let type = ISUPMessageType(rawValue: UInt8(code))
            out[type.name(variant)] = n
        }
        return out
    }

    public var sccp: [String: Int] {
        var out: [String: Int] = [:]
        for (code, n) in sccpTypes.enumerated() where n > 0 {
            out[SCCPMessageType(rawValue: UInt8(code)).name] = n
        }
        return out
    }

    /// TCAP packages, split by standard: `ansi` and `itu`, keyed by package name.
    public var tcap: (ansi: [String: Int], itu: [String: Int]) {
        var ansi: [String: Int] = [:]
        var itu: [String: Int] = [:]
        let packages = tcapPackages
        for package in TCAPPackageType.allCases {
            let n = packages[Int(package.rawValue)]
            guard n > 0 else { continue }
            if package.isANSI { ansi[package.summaryKey] = n } else { itu[package.summaryKey] = n }
        }
        return (ansi, itu)
    }

    /// M3UA messages by `CLASS/TYPE`.
    public var m3ua: [String: Int] { sigtranByKey(.m3ua) }
    public var m2ua: [String: Int] { sigtranByKey(.m2ua) }
    public var m2pa: [String: Int] { sigtranByKey(.m2pa) }

    private func sigtranByKey(_ layer: SigtranMessage.Layer) -> [String: Int] {
        var out: [String: Int] = [:]
        let flat = (0..<sigtranCounts.count).lazy.filter { $0 / 512 == Int(layer.rawValue) }
            .map { (key: UInt32($0 / 512) << 16 | UInt32($0 / 32 % 16) << 8 | UInt32($0 % 32), count: self.sigtranCounts[$0]) }
        for (key, n) in Array(flat) + sigtranOther.entries where n > 0 && key >> 16 == UInt32(layer.rawValue) {
            if let m = SigtranMessage(packedKey: key) { out[m.key, default: 0] += n }
        }
        return out
    }

    /// SCCP messages by called and by calling party subsystem number (decimal), for the addresses that
    /// carry one.
    public var sccpSubsystems: (called: [String: Int], calling: [String: Int]) {
        var called: [String: Int] = [:]
        var calling: [String: Int] = [:]
        for ssn in 0..<256 {
            if subsystems[ssn] > 0 { called[String(ssn)] = subsystems[ssn] }
            if subsystems[256 + ssn] > 0 { calling[String(ssn)] = subsystems[256 + ssn] }
        }
        return (called, calling)
    }

    /// Messages per `OPC>DPC`, point codes in the variant's notation.
    public var opcDpc: [String: Int] {
        var out: [String: Int] = [:]
        for (key, n) in pointCodePairs.entries {
            let opc = PointCode(UInt32(truncatingIfNeeded: key >> 32))
            let dpc = PointCode(UInt32(truncatingIfNeeded: key))
            out["\(opc.formatted(variant))>\(dpc.formatted(variant))", default: 0] += n
        }
        return out
    }

    /// Q.704 14.2.1 service indicator names.
    public static func serviceIndicatorName(_ si: UInt8) -> String { ServiceIndicator.name(si) }
}
