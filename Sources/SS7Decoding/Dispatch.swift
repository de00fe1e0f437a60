import ByteParsing

/// Decodes the MTP3 user part by service indicator (Q.704 14.2.1), the one dispatch table the
/// decoder has: SI 0 SNM, 1-2 SLT, 3 SCCP (then TCAP), 5 ISUP; other SIs are counted, not decoded.
struct UserPartDecoder {
    let options: DecodeOptions
    var sccpReassembly = SCCPReassembler()

    init(options: DecodeOptions) {
        self.options = options
    }

    /// Decodes the user part and hands the message to `sink`, then reports a failure, if any: the
    /// message is counted at MTP3 even when its user part (`.other` then) or only its TCAP (SCCP without
    /// TCAP) failed. The message is built in each branch, around its user part: building the user part
    /// first and storing it into a message after cost two more copies of the whole ~200-octet enum.
    @inline(__always)
    mutating func deliver<S: DecodeSink>(
        _ header: SS7Message.Header, _ reader: ByteReader, variant: SS7Variant, _ sink: inout S
    ) {
        var failure: DecodeError?
        do throws(DecodeError) {
            switch header.mtp.si {
            case 0, 1, 2:
                // SNM and SLT: the heading code H0/H1 follows the label (Q.704 15.2, Q.707 5).
                var r = reader
                r.layer = .snm
                let heading = try r.readUInt8()
                sink.message(SS7Message(
                    header,
                    userPart: header.mtp.si == 0
                        ? .networkManagement(headingCode: heading) : .linkTest(headingCode: heading),
                    codes: UserPart.Codes()))
            case 3:
                let (sccp, tcap) = try sccpAndTCAP(reader, mtp: header.mtp, variant: variant, failure: &failure)
                sink.sccpMessage(header, sccp, tcap: tcap, codes: UserPart.Codes(sccp: sccp, tcap: tcap))
            case 5:
                let isup = try ISUPDecoder.decode(reader, variant: variant)
                sink.isupMessage(header, isup, codes: UserPart.Codes(isup: isup))
            default:
                sink.message(SS7Message(header, userPart: .other, codes: UserPart.Codes()))
            }
        } catch {
            sink.message(SS7Message(header, userPart: .other, codes: UserPart.Codes()))
            failure = error
        }
        if let failure { sink.decodeError(failure, link: header.link) }
    }

    @inline(__always)
    private mutating func sccpAndTCAP(
        _ reader: ByteReader, mtp: MTPTransfer, variant: SS7Variant, failure: inout DecodeError?
    ) throws(DecodeError) -> (SCCPMessage, tcap: TCAPMessage?) {
        var message = SCCPMessage(messageType: SCCPMessageType(rawValue: 0))
        try SCCPDecoder.decode(reader, variant: variant, into: &message)
        guard Self.isConnectionless(message.messageType), let data = message.data else {
            return (message, tcap: nil)
        }
        guard message.segmentation != nil else {
            return (message, tcap: Self.tcap(data, calledSSN: message.calledParty?.subsystemNumber, failure: &failure))
        }
        // A segment of a segmented XUDT/LUDT: TCAP is decoded once, from the whole user data, when
        // the last segment arrives. The reassembled bytes do not outlive this call, so `data` is nil.
        let result = sccpReassembly.add(message, opc: mtp.opc)
        if result.evicted > 0 || result.abandoned {
            failure = DecodeError(.sccp, result.abandoned ? .reassemblyInconsistent : .reassemblyLimit, at: data.offset)
        }
        switch result.outcome {
        case .unsegmented:
            return (message, tcap: Self.tcap(data, calledSSN: message.calledParty?.subsystemNumber, failure: &failure))
        case .pending:
            return (message, tcap: nil)
        case .dropped(let error):
            failure = error
            return (message, tcap: nil)
        case .complete(let bytes):
            message.data = nil
            var decoded: TCAPMessage?
            bytes.withUnsafeBytes { raw in
                // Materialized: the reassembled bytes are gone when the sink reads the message.
                decoded = Self.tcap(
                    ByteReader(raw, layer: .sccp), calledSSN: message.calledParty?.subsystemNumber, failure: &failure
                )?.materialized()
            }
            return (message, tcap: decoded)
        }
    }

    /// TCAP if the data is TCAP: not SCCP management (called SSN 1), and the first octet is a TCAP
    /// package tag (Q.773 APPLICATION 0x61-0x67, T1.114 PRIVATE 0xE1-0xE6 and 0xF6). Other SCCP
    /// users (RANAP, BSSAP, ...) are not errors, just not TCAP.
    /// (Given only the called SSN, not the message and the decoder: passing those copied them, ~230
    /// octets, for every SCCP message.)
    private static func tcap(_ data: ByteReader, calledSSN: UInt8?, failure: inout DecodeError?) -> TCAPMessage? {
        if calledSSN == 1 { return nil }
        guard let first = data.peekUInt8(), TCAPPackageType(identifier: first) != nil else { return nil }
        do throws(DecodeError) {
            return try TCAPDecoder.decode(data)
        } catch {
            failure = error
            return nil
        }
    }

    /// UDT, UDTS, XUDT, XUDTS, LUDT, LUDTS: the classes that can carry TCAP.
    static func isConnectionless(_ type: SCCPMessageType) -> Bool {
        switch type {
        case .udt, .udts, .xudt, .xudts, .ludt, .ludts: true
        default: false
        }
    }
}
