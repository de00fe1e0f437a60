// libFuzzer target for the whole frame decoder (link layer to ISUP/TCAP), built by scripts/fuzz.sh.
//
// Input: one selector octet, then the frame.
//   bits 0-3  link type: `FuzzSelector.linkTypes[n % 11]`; n 11...15 also selects a 5-bit ANSI SLS
//   bit 4     variant ANSI (else ITU)
//   bit 5     MTP2 frames end with the FCS
//   bit 6     M3UA Internet-Draft 6
//   bit 7     MTP2 Annex A
// One FrameDecoder per option set lives across inputs, so that IPv4 fragment, SCTP fragment and
// retransmission, and SCCP segment state is fuzzed too (a crash may then need the inputs before it:
// libFuzzer's crash file is the last input only).
//
// The file is not main.swift on purpose: libFuzzer supplies `main`, so top-level code would never run
// and globals in main.swift would never be initialised; globals here are initialised lazily. In a plain
// `swift build` (no sanitizer) the target is still an executable, and `FuzzMain` below gives it a
// `main` that reads inputs from files, so the same code replays a crash without libFuzzer.

import ByteParsing
import SS7Decoding

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The meaning of an input's first octet (documented above; the regression tests use the same table).
enum FuzzSelector {
    static let linkTypes: [LinkType] = [
        .ethernet, .linuxSLL, .linuxSLL2, .rawIP, .ipv4, .ipv6, .null, .loop, .mtp2WithPseudoHeader, .mtp2, .mtp3,
    ]

    static func linkType(_ selector: UInt8) -> LinkType { linkTypes[Int(selector & 0x0F) % linkTypes.count] }

    /// 32 option sets: the high nibble, and whether the low nibble is 11...15 (5-bit ANSI SLS).
    static func optionSet(_ selector: UInt8) -> Int {
        Int(selector >> 4) << 1 | (selector & 0x0F >= 11 ? 1 : 0)
    }

    static func options(_ selector: UInt8) -> DecodeOptions {
        DecodeOptions(
            variant: selector & 0x10 != 0 ? .ansi : .itu, mtp2HasFCS: selector & 0x20 != 0,
            mtp2AnnexA: selector & 0x80 != 0, ansiSLSBits: selector & 0x0F >= 11 ? 5 : 8,
            m3uaDraft6: selector & 0x40 != 0)
    }
}

/// Reads every field of every event and every printing helper, folding them into one number, so that
/// the optimiser keeps all decoding work and the description code is fuzzed too.
struct TouchingSink: DecodeSink {
    var variant: SS7Variant
    var h: UInt64 = 0

    mutating func mix(_ v: UInt64) { h = (h ^ v) &* 0x0000_0100_0000_01B3 }
    mutating func mix(_ v: (some BinaryInteger)?) { mix(v.map { UInt64(truncatingIfNeeded: $0) } ?? 0xFFFF_FFFF_FFFF) }
    mutating func mix(_ s: String) { mix(UInt64(s.utf8.count)); for b in s.utf8 { mix(UInt64(b)) } }
    mutating func mix(_ d: DigitString?) {
        guard let d else { return mix(UInt64(0xD16)) }
        mix(d.count)
        mix(d.isTruncated ? 1 : 0)
        for i in 0..<d.count { mix(d[i]) }
        mix(d.description)
    }

    mutating func mix(_ link: LinkIdentity) {
        switch link {
        case .unknown: mix(UInt64(1))
        case let .mtp2(n, sent): mix(n); mix(sent ? 1 : 0)
        case let .sctp(e):
            mix(e.source.high); mix(e.source.low); mix(e.source.isIPv6 ? 1 : 0)
            mix(e.destination.high); mix(e.destination.low); mix(e.destination.isIPv6 ? 1 : 0)
            mix(e.sourcePort); mix(e.destinationPort)
        }
        mix(link.description)
    }

    mutating func mix(_ n: ISUPPartyNumber?) {
        guard let n else { return mix(UInt64(0x15)) }
        mix(n.natureOfAddress); mix(n.numberingPlan); mix(n.digits); mix(n.presentation); mix(n.screening)
    }

    mutating func mix(_ a: SCCPAddress?) {
        guard let a else { return mix(UInt64(0xADD)) }
        mix(a.routesOnSSN ? 1 : 0); mix(a.globalTitleIndicator); mix(a.subsystemNumber); mix(a.pointCode?.value)
        mix(a.translationType); mix(a.numberingPlan); mix(a.natureOfAddress); mix(a.digits)
        mix(a.nationalIndicator ? 1 : 0)
        if let pc = a.pointCode { mix(pc.formatted(variant)); mix(pc.ituZoneAreaPoint) }
    }

    mutating func mix(_ id: TCAPTransactionID?) {
        guard let id else { return mix(UInt64(0x7C)) }
        mix(id.value); mix(id.length); mix(id.description)
    }

    mutating func mix(_ r: ByteReader?) {
        guard let r else { return mix(UInt64(0xDA7A)) }
        mix(r.offset); mix(r.remaining); mix(r.fingerprint)
    }

    mutating func message(_ m: SS7Message) {
        mix(m.transport.rawValue); mix(m.transport.name); mix(m.link)
        mix(m.mtp.opc.value); mix(m.mtp.dpc.value); mix(m.mtp.si); mix(ServiceIndicator.name(m.mtp.si))
        mix(m.mtp.ni); mix(m.mtp.priority)
        mix(m.mtp.sls); mix(m.mtp.opc.formatted(variant)); mix(m.mtp.dpc.formatted(variant))
        mix(m.octets); mix(m.forwardSequenceNumber)
        switch m.userPart {
        case let .networkManagement(h): mix(UInt64(0x100)); mix(h)
        case let .linkTest(h): mix(UInt64(0x200)); mix(h)
        case .other: mix(UInt64(0x300))
        case let .isup(i):
            mix(i.cic); mix(i.messageType.rawValue); mix(i.messageType.description)
            mix(i.messageType.mnemonic(variant) ?? "?")
            // The decoder checked the IAM without decoding it: decoding it now must succeed.
            let initialAddress = i.initialAddress
            if i.messageType == .iam && initialAddress == nil { fatalError("a checked IAM did not decode") }
            if let iam = initialAddress {
                mix(iam.natureOfConnection); mix(iam.forwardCallIndicators); mix(iam.callingPartyCategory)
                mix(iam.transmissionMediumRequirement); mix(iam.calledParty); mix(iam.callingParty)
                mix(iam.chargeNumber); mix(iam.carrierIdentification); mix(iam.jurisdiction)
                mix(iam.originatingLineInformation)
                if let t = iam.transitNetworkSelection {
                    mix(t.typeOfNetworkIdentification); mix(t.networkIdentificationPlan)
                    mix(t.networkIdentification); mix(t.circuitCode)
                }
            }
        case let .sccp(s, tcap):
            mix(s.messageType.rawValue); mix(s.messageType.mnemonic ?? "?"); mix(s.protocolClass)
            mix(s.sourceLocalReference); mix(s.destinationLocalReference)
            mix(s.calledParty); mix(s.callingParty); mix(s.data); mix(s.returnCause)
            if let g = s.segmentation {
                mix(g.isFirst ? 1 : 0); mix(g.inSequence ? 1 : 0); mix(g.remainingSegments); mix(g.localReference)
            }
            if let first = s.data?.peekUInt8() { mix(SCCPManagementType(rawValue: first).mnemonic ?? "?") }
            if let t = tcap {
                mix(t.packageType.rawValue); mix(t.packageType.identifier); mix(t.packageType.summaryKey)
                mix(t.originatingTransactionID); mix(t.destinationTransactionID); mix(t.componentCount)
                mix(t.hasDialoguePortion ? 1 : 0)
                switch t.firstOperation {
                case let .local(c)?: mix(UInt64(1)); mix(c)
                case .global?: mix(UInt64(2))
                case let .ansiNational(c)?: mix(UInt64(3)); mix(c)
                case let .ansiPrivate(c)?: mix(UInt64(4)); mix(c)
                case nil: mix(UInt64(5))
                }
            }
        }
        mix(MessageDescription.describe(m.userPart, variant: variant))
    }

    mutating func sigtran(_ m: SigtranMessage) {
        mix(m.protocolName.rawValue); mix(m.messageClass); mix(m.messageType); mix(m.link); mix(m.key)
    }

    mutating func signalUnit(_ unit: MTP2SignalUnit, link: LinkIdentity) { mix(unit.rawValue); mix(link) }

    mutating func decodeError(_ error: DecodeError, link: LinkIdentity) {
        mix(error.layer.rawValue); mix(error.reason.rawValue); mix(error.offset); mix(error.name); mix(link)
        mix(error.description)
    }

    mutating func sctpRetransmission(link: LinkIdentity) { mix(UInt64(0x5C7)); mix(link) }

    mutating func mtp2Retransmission(link: LinkIdentity) { mix(UInt64(0x372)); mix(link) }

    mutating func sequenceGap(_ transport: SequencedTransport, link: LinkIdentity, missing: UInt32) {
        mix(transport.rawValue); mix(link); mix(missing)
    }
}

/// One decoder per option set, kept across inputs (fuzzer executable only: the library has no globals).
nonisolated(unsafe) var decoders = [FrameDecoder?](repeating: nil, count: 32)
/// Where the sink's result goes, so that it is observable and nothing is optimised away.
nonisolated(unsafe) var blackHole: UInt64 = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let selector = data[0]
    let set = FuzzSelector.optionSet(selector)
    let options = FuzzSelector.options(selector)
    var decoder = decoders[set] ?? FrameDecoder(options: options)
    decoders[set] = nil  // keep the decoder's buffers uniquely referenced while it works
    var sink = TouchingSink(variant: options.variant)
    decoder.decode(
        UnsafeRawBufferPointer(start: data + 1, count: size - 1), linkType: FuzzSelector.linkType(selector),
        into: &sink)
    decoders[set] = decoder
    blackHole ^= sink.h
    return 0
}

#if !FUZZING
/// Without libFuzzer (a plain `swift build`): `FuzzFrameDecoder FILE...` feeds each file to the target in
/// order, through the same decoders, and prints the sink's hash. Useful to replay a crash sequence.
@main
enum FuzzMain {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let f = fopen(path, "rb") else { continue }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&buffer, 1, buffer.count, f)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            fclose(f)
            bytes.withUnsafeBufferPointer { b in
                if let base = b.baseAddress { _ = fuzz(base, b.count) }
            }
        }
        print(String(blackHole, radix: 16))
    }
}
#endif
