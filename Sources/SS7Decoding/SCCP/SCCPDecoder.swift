import ByteParsing

/// Decodes SCCP messages (ITU-T Q.713, ANSI T1.112.3): the MTP3 user part of an SI=3 message.
///
/// Every message type is walked: its fixed part, its mandatory variable parameters through their
/// pointers and its optional part up to End of Optional Parameters. Pointers that are zero or lead
/// outside the message throw `.badPointer`; parameters whose length runs past the message (or does not
/// fit their format) throw `.badLength`; a short fixed part throws `.truncated`. Bytes after the
/// last parameter are ignored, as tshark ignores them.
public enum SCCPDecoder {
    /// The mandatory variable parameters of a message type, in pointer order.
    private enum Mandatory { case none, called, data, calledCallingData }

    /// Decodes one SCCP message. An unknown message type is not an error (tshark shows "Unknown
    /// message" and counts it): only `messageType` is set.
    public static func decode(_ reader: ByteReader, variant: SS7Variant) throws(DecodeError) -> SCCPMessage {
        var m = SCCPMessage(messageType: SCCPMessageType(rawValue: 0))
        try decode(reader, variant: variant, into: &m)
        return m
    }

    /// `decode`, written into `m` (whatever it held before is replaced): a decoded message is ~130
    /// octets, and returning one cost two copies of it (`memcpy` calls) per message.
    public static func decode(
        _ reader: ByteReader, variant: SS7Variant, into m: inout SCCPMessage
    ) throws(DecodeError) {
        var r = reader.rest(as: .sccp)
        let message = r  // pointers are resolved against the whole message
        let type = SCCPMessageType(rawValue: try r.readUInt8())
        m = SCCPMessage(messageType: type)

        // Fixed part (Q.713 section 4), then which mandatory variable parameters follow.
        var mandatory = Mandatory.none
        var hasOptional = false
        var long = false
        switch type {
        case .cr:
            m.sourceLocalReference = try r.readUInt24LE()
            m.protocolClass = try r.readUInt8() & 0x0F
            mandatory = .called
            hasOptional = true
        case .cc:
            m.destinationLocalReference = try r.readUInt24LE()
            m.sourceLocalReference = try r.readUInt24LE()
            m.protocolClass = try r.readUInt8() & 0x0F
            hasOptional = true
        case .cref:
            m.destinationLocalReference = try r.readUInt24LE()
            try r.skip(1)  // refusal cause
            hasOptional = true
        case .rlsd:
            m.destinationLocalReference = try r.readUInt24LE()
            m.sourceLocalReference = try r.readUInt24LE()
            try r.skip(1)  // release cause
            hasOptional = true
        case .rlc, .rsc:
            m.destinationLocalReference = try r.readUInt24LE()
            m.sourceLocalReference = try r.readUInt24LE()
        case .rsr:
            m.destinationLocalReference = try r.readUInt24LE()
            m.sourceLocalReference = try r.readUInt24LE()
            try r.skip(1)  // reset cause
        case .dt1:
            m.destinationLocalReference = try r.readUInt24LE()
            try r.skip(1)  // segmenting/reassembling
            mandatory = .data
        case .dt2:
            m.destinationLocalReference = try r.readUInt24LE()
            try r.skip(2)  // sequencing/segmenting
            mandatory = .data
        case .ak:
            m.destinationLocalReference = try r.readUInt24LE()
            try r.skip(2)  // receive sequence number, credit
        case .ed:
            m.destinationLocalReference = try r.readUInt24LE()
            mandatory = .data
        case .ea:
            m.destinationLocalReference = try r.readUInt24LE()
        case .err:
            m.destinationLocalReference = try r.readUInt24LE()
            try r.skip(1)  // error cause
        case .it:
            m.destinationLocalReference = try r.readUInt24LE()
            m.sourceLocalReference = try r.readUInt24LE()
            m.protocolClass = try r.readUInt8() & 0x0F
            try r.skip(3)  // sequencing/segmenting, credit
        case .udt:
            m.protocolClass = try r.readUInt8() & 0x0F
            mandatory = .calledCallingData
        case .udts:
            m.returnCause = try r.readUInt8()
            mandatory = .calledCallingData
        case .xudt, .ludt:
            m.protocolClass = try r.readUInt8() & 0x0F
            try r.skip(1)  // hop counter
            mandatory = .calledCallingData
            hasOptional = true
            long = type == .ludt
        case .xudts, .ludts:
            m.returnCause = try r.readUInt8()
            try r.skip(1)  // hop counter
            mandatory = .calledCallingData
            hasOptional = true
            long = type == .ludts
        default:
            return
        }

        // Each mandatory variable parameter in pointer order, decoded as soon as it is found (so that the
        // first fault in wire order is the one reported).
        switch mandatory {
        case .none: break
        case .called:
            m.calledParty = try decodeAddress(pointed(&r, in: message, long: long, data: false), variant: variant)
        case .data:
            m.data = try pointed(&r, in: message, long: long, data: true)
        case .calledCallingData:
            m.calledParty = try decodeAddress(pointed(&r, in: message, long: long, data: false), variant: variant)
            m.callingParty = try decodeAddress(pointed(&r, in: message, long: long, data: false), variant: variant)
            m.data = try pointed(&r, in: message, long: long, data: true)
        }
        if hasOptional, let target = try readPointer(&r, in: message, long: long) {
            try decodeOptional(in: message, at: target, into: &m, variant: variant)
        }
    }

    /// The type of an SCCP management message (the first octet of the UDT's data to SSN 1).
    public static func managementType(_ data: ByteReader) throws(DecodeError) -> SCCPManagementType {
        var r = data
        return SCCPManagementType(rawValue: try r.readUInt8())
    }

    // MARK: - Pointers and parameters

    /// Reads a pointer and returns its target as an offset from the message start, or nil for a
    /// zero pointer. A 1-octet pointer counts from itself; a 2-octet one (LUDT, LUDTS) counts from
    /// its second octet, as tshark reads it.
    @inline(__always)
    private static func readPointer(
        _ r: inout ByteReader, in message: ByteReader, long: Bool
    ) throws(DecodeError) -> Int? {
        let at = r.offset &- message.offset
        let value = long ? Int(try r.readUInt16LE()) : Int(try r.readUInt8())
        guard value != 0 else { return nil }
        let target = at &+ value &+ (long ? 1 : 0)
        guard target < message.remaining else { throw DecodeError(.sccp, .badPointer, at: r.offset) }
        return target
    }

    /// The value of the mandatory variable parameter whose pointer `r` reads next. LUDT's data is Long
    /// Data, with a 2-octet length; its addresses keep 1 octet (Q.713 4.20).
    @inline(__always)
    private static func pointed(
        _ r: inout ByteReader, in message: ByteReader, long: Bool, data: Bool
    ) throws(DecodeError) -> ByteReader {
        guard let target = try readPointer(&r, in: message, long: long) else {
            throw DecodeError(.sccp, .badPointer, at: r.offset &- (long ? 2 : 1))
        }
        return try parameter(in: message, at: target, longLength: long && data)
    }

    /// The value of the length-prefixed parameter at `target` (an offset from the message start).
    @inline(__always)
    private static func parameter(
        in message: ByteReader, at target: Int, longLength: Bool
    ) throws(DecodeError) -> ByteReader {
        var p = try message.sub(from: target, count: message.remaining &- target)
        let start = p.offset
        do throws(DecodeError) {
            let length = longLength ? Int(try p.readUInt16LE()) : Int(try p.readUInt8())
            return try p.readSlice(length: length)
        } catch {
            throw DecodeError(.sccp, .badLength, at: start)
        }
    }

    /// Walks the optional part (Q.713 2.3): name, length, value, up to End of Optional Parameters.
    private static func decodeOptional(
        in message: ByteReader, at target: Int, into m: inout SCCPMessage, variant: SS7Variant
    ) throws(DecodeError) {
        var r = try message.sub(from: target, count: message.remaining &- target)
        while true {
            let name = try r.readUInt8()
            if name == 0x00 { return }
            let lengthAt = r.offset
            let length = Int(try r.readUInt8())
            guard length <= r.remaining else { throw DecodeError(.sccp, .badLength, at: lengthAt) }
            var value = try r.readSlice(length: length)
            switch name {
            case 0x03: m.calledParty = try decodeAddress(value, variant: variant)
            case 0x04: m.callingParty = try decodeAddress(value, variant: variant)
            case 0x0F: m.data = value
            case 0x10:
                // F bit, C bit, 2 spare bits, remaining segments; 3-octet segmentation local reference
                guard length == 4 else { throw DecodeError(.sccp, .badLength, at: lengthAt) }
                let octet = try value.readUInt8()
                m.segmentation = SCCPSegmentation(
                    isFirst: octet & 0x80 != 0, inSequence: octet & 0x40 != 0,
                    remainingSegments: octet & 0x0F, localReference: try value.readUInt24LE())
            default: break  // hop counter, importance, credit, ISNI, INS, MTI...: checked for bounds only
            }
        }
    }

    // MARK: - Addresses

    /// Decodes a called/calling party address parameter value. A value too short for what its
    /// address indicator announces throws `.badLength`.
    @inline(__always)
    static func decodeAddress(_ value: ByteReader, variant: SS7Variant) throws(DecodeError) -> SCCPAddress {
        var r = value
        do throws(DecodeError) {
            let ai = try r.readUInt8()
            var a = SCCPAddress(
                routesOnSSN: ai & 0x40 != 0, globalTitleIndicator: (ai >> 2) & 0x0F,
                nationalIndicator: ai & 0x80 != 0)
            // An ANSI address whose national indicator is 0 is "coded to international standards":
            // tshark then reads the ITU indicator bits, 14-bit PC and PC-before-SSN order.
            if variant == .itu || ai & 0x80 == 0 {
                // bit 2 SSN indicator, bit 1 PC indicator; PC 14 bits, least significant octet first
                if ai & 0x01 != 0 { a.pointCode = PointCode(UInt32(try r.readUInt16LE() & 0x3FFF)) }
                if ai & 0x02 != 0 { a.subsystemNumber = try r.readUInt8() }
            } else {
                // bit 2 PC indicator, bit 1 SSN indicator; SSN first, then PC member, cluster, network
                if ai & 0x01 != 0 { a.subsystemNumber = try r.readUInt8() }
                if ai & 0x02 != 0 { a.pointCode = PointCode(try r.readUInt24LE()) }
            }
            if a.globalTitleIndicator != 0 {
                try decodeGlobalTitle(&r, into: &a, variant: variant)
            }
            return a
        } catch {
            throw DecodeError(.sccp, .badLength, at: Int(error.offset))
        }
    }

    /// The GT format follows the configured variant even for an international-coded ANSI address,
    /// as tshark 4.0 decodes it: ITU GTI 1 (NAI with O/E), 2 (TT), 3 (TT, NP/ES), 4 (TT, NP/ES,
    /// NAI); ANSI GTI 1 (TT, NP/ES), 2 (TT). The digits are BCD, odd only when the O/E bit says odd
    /// or the encoding scheme is not "BCD, even"; any other GTI is read as digits only.
    private static func decodeGlobalTitle(
        _ r: inout ByteReader, into a: inout SCCPAddress, variant: SS7Variant
    ) throws(DecodeError) {
        let gti = a.globalTitleIndicator
        var even = true
        let hasTT = gti == 2 || (variant == .itu && (gti == 3 || gti == 4)) || (variant == .ansi && gti == 1)
        if hasTT { a.translationType = try r.readUInt8() }
        if (variant == .itu && (gti == 3 || gti == 4)) || (variant == .ansi && gti == 1) {
            let npes = try r.readUInt8()
            a.numberingPlan = npes >> 4
            even = npes & 0x0F == 2
        }
        if variant == .itu && (gti == 1 || gti == 4) {
            let nai = try r.readUInt8()
            if gti == 1 { even = nai & 0x80 == 0 }
            a.natureOfAddress = nai & 0x7F
        }
        try a.digits.appendBCD(from: &r, byteCount: r.remaining, odd: !even)
    }
}
