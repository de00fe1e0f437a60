import ByteParsing

/// Decodes the ISUP message carried in an MTP3 user part (SI = 5): CIC, message type, then the
/// mandatory fixed part, the pointers to the mandatory variable parameters, and the pointer to the
/// optional part (Q.763 clause 1.3; T1.113 the same with ANSI's codes and layouts).
///
/// Every known message type is walked, so that a bad pointer or length is a `DecodeError` rather
/// than a message counted under its type. Only the IAM's parameters are decoded. Octets after the
/// structure are ignored, as tshark ignores them (real captures carry some, e.g. a check sequence).
public enum ISUPDecoder {
    /// Parameter names (Q.763 table 5; T1.113 table 5).
    enum Parameter {
        static let callingPartyNumber: UInt8 = 0x0A
        static let transitNetworkSelection: UInt8 = 0x23
        // ANSI only: in ITU these codes are unassigned or mean something else.
        static let jurisdiction: UInt8 = 0xC4
        static let carrierIdentification: UInt8 = 0xC5
        static let originatingLineInformation: UInt8 = 0xEA
        static let chargeNumber: UInt8 = 0xEB
    }

    /// Decodes the message from the reader's cursor (the first CIC octet) to its end.
    @inline(__always)
    public static func decode(_ reader: ByteReader, variant: SS7Variant) throws(DecodeError) -> ISUPMessage {
        var r = reader.rest(as: .isup)
        // The CIC is sent least significant octet first; the top 4 (ITU) or 2 (ANSI) bits are spare.
        let cic = try r.readUInt16LE() & (variant == .ansi ? 0x3FFF : 0x0FFF)
        let type = ISUPMessageType(rawValue: try r.readUInt8())
        guard let layout = ISUPMessageLayout.table(variant)[Int(type.rawValue)] else {
            return ISUPMessage(cic: cic, messageType: type)  // unknown: counted by its code, not walked
        }
        switch type {
        case .iam:
            try checkInitialAddress(r, layout: layout, variant: variant)
            return ISUPMessage(cic: cic, iamBody: r, variant: variant)
        case .pam:
            try passedAlong(r, variant: variant)
        default:
            _ = try walk(r, layout, variable: { _, _ throws(DecodeError) in }, optional: { _, _ throws(DecodeError) in })
        }
        return ISUPMessage(cic: cic, messageType: type)
    }

    /// Checks the parts that follow the message type and returns the mandatory fixed part. Calls
    /// `variable` with each mandatory variable parameter's index and value, and `optional` with each
    /// optional parameter's name and value. A pointer counts from its own octet (Q.763 1.3.2).
    @inline(__always)
    static func walk(
        _ body: ByteReader, _ layout: ISUPMessageLayout,
        variable: (Int, ByteReader) throws(DecodeError) -> Void,
        optional: (UInt8, ByteReader) throws(DecodeError) -> Void
    ) throws(DecodeError) -> ByteReader {
        var r = body
        let fixed = try r.readSlice(length: layout.fixedLength)
        // `r` now starts at the pointers; a pointer must lead past all of them and stay inside.
        let pointerCount = layout.variableCount &+ (layout.hasOptionalPart ? 1 : 0)
        for i in 0..<layout.variableCount {
            guard let pointer = r.peekUInt8(at: i) else { throw DecodeError(.isup, .truncated, at: r.end) }
            let target = i &+ Int(pointer)
            guard pointer != 0, target >= pointerCount, let length = r.peekUInt8(at: target) else {
                throw DecodeError(.isup, .badPointer, at: r.offset &+ i)
            }
            guard Int(length) < r.remaining &- target else {
                throw DecodeError(.isup, .badLength, at: r.offset &+ target)
            }
            try variable(i, try r.sub(from: target &+ 1, count: Int(length)))
        }
        guard layout.hasOptionalPart else { return fixed }
        let at = layout.variableCount
        guard let pointer = r.peekUInt8(at: at) else { throw DecodeError(.isup, .truncated, at: r.end) }
        guard pointer != 0 else { return fixed }  // no optional part
        let target = at &+ Int(pointer)
        guard target >= pointerCount, target < r.remaining else {
            throw DecodeError(.isup, .badPointer, at: r.offset &+ at)
        }
        var parameters = try r.sub(from: target, count: r.remaining &- target)
        // Each round consumes at least two octets, so the loop ends; running out of octets before
        // the end-of-optional-parameters octet (0) is a truncation.
        while true {
            let name = try parameters.readUInt8()
            if name == 0 { break }
            let length = Int(try parameters.readUInt8())
            guard length <= parameters.remaining else {
                throw DecodeError(.isup, .badLength, at: parameters.offset &- 1)
            }
            try optional(name, try parameters.readSlice(length: length))
        }
        return fixed
    }

    /// Pass-along (PAM) carries another message, type first, without CIC. It is walked once: a PAM
    /// inside a PAM is refused rather than followed.
    static func passedAlong(_ body: ByteReader, variant: SS7Variant) throws(DecodeError) {
        var r = body
        let type = ISUPMessageType(rawValue: try r.readUInt8())
        guard type != .pam else { throw DecodeError(.isup, .tooDeep, at: r.offset &- 1) }
        guard let layout = ISUPMessageLayout.table(variant)[Int(type.rawValue)] else { return }
        _ = try walk(r, layout, variable: { _, _ throws(DecodeError) in }, optional: { _, _ throws(DecodeError) in })
    }

    /// Throws exactly what `initialAddress` throws, in the same order, without decoding digits: the
    /// structure walk, and each billing parameter too short for its fixed octets (called, calling and
    /// charge numbers need 2; transit network selection, carrier identification and OLI need 1).
    static func checkInitialAddress(
        _ body: ByteReader, layout: ISUPMessageLayout, variant: SS7Variant
    ) throws(DecodeError) {
        var calledSeen = false
        let calledIndex = layout.variableCount &- 1
        _ = try walk(
            body, layout,
            variable: { i, value throws(DecodeError) in
                guard i == calledIndex else { return }
                guard value.remaining >= 2 else { throw DecodeError(.isup, .badLength, at: value.offset) }
                calledSeen = true
            },
            optional: { name, value throws(DecodeError) in
                let minimum: Int
                switch (name, variant) {
                case (Parameter.callingPartyNumber, _): minimum = 2
                case (Parameter.transitNetworkSelection, _): minimum = 1
                case (Parameter.chargeNumber, .ansi): minimum = 2
                case (Parameter.carrierIdentification, .ansi): minimum = 1
                case (Parameter.originatingLineInformation, .ansi): minimum = 1
                default: return
                }
                guard value.remaining >= minimum else { throw DecodeError(.isup, .badLength, at: value.offset) }
            })
        guard calledSeen else { throw DecodeError(.isup, .missingMandatory, at: body.offset) }
    }

    static func initialAddress(
        _ body: ByteReader, layout: ISUPMessageLayout, variant: SS7Variant
    ) throws(DecodeError) -> ISUPInitialAddress {
        var called: ISUPPartyNumber?
        var calling: ISUPPartyNumber?
        var charge: ISUPPartyNumber?
        var carrier: DigitString?
        var tns: ISUPTransitNetworkSelection?
        var jurisdiction: DigitString?
        var oli: UInt8?
        let calledIndex = layout.variableCount &- 1  // ANSI puts user service information first
        var fixed = try walk(
            body, layout,
            variable: { i, value throws(DecodeError) in
                if i == calledIndex { called = try partyNumber(value, calling: false) }
            },
            optional: { name, value throws(DecodeError) in
                switch (name, variant) {
                case (Parameter.callingPartyNumber, _): calling = try partyNumber(value, calling: true)
                case (Parameter.transitNetworkSelection, _): tns = try transitNetwork(value, variant: variant)
                case (Parameter.chargeNumber, .ansi): charge = try partyNumber(value, calling: false)
                case (Parameter.carrierIdentification, .ansi): carrier = try carrierCode(value)
                case (Parameter.jurisdiction, .ansi): jurisdiction = packedDigits(value)
                case (Parameter.originatingLineInformation, .ansi):
                    var v = value
                    guard let octet = try? v.readUInt8() else { throw DecodeError(.isup, .badLength, at: v.offset) }
                    oli = octet
                default: break
                }
            })
        // The walk read the fixed part's full length, so these reads cannot fail.
        let nci = try fixed.readUInt8()
        let fci = try fixed.readUInt16BE()
        let cpc = try fixed.readUInt8()
        let tmr: UInt8? = variant == .itu ? try fixed.readUInt8() : nil
        guard let called else { throw DecodeError(.isup, .missingMandatory, at: body.offset) }
        return ISUPInitialAddress(
            natureOfConnection: nci, forwardCallIndicators: fci, callingPartyCategory: cpc,
            transmissionMediumRequirement: tmr, calledParty: called, callingParty: calling,
            chargeNumber: charge, carrierIdentification: carrier, transitNetworkSelection: tns,
            jurisdiction: jurisdiction, originatingLineInformation: oli)
    }

    /// Called, calling or charge number: octet 1 odd/even (bit 8) and NAI; octet 2 NPI (bits 7-5),
    /// and for a calling number APRI (bits 4-3) and screening (bits 2-1); then BCD address signals.
    static func partyNumber(_ value: ByteReader, calling: Bool) throws(DecodeError) -> ISUPPartyNumber {
        var r = value
        guard r.remaining >= 2 else { throw DecodeError(.isup, .badLength, at: r.offset) }
        let first = try r.readUInt8()
        let second = try r.readUInt8()
        var digits = DigitString()
        try digits.appendBCD(from: &r, byteCount: r.remaining, odd: first & 0x80 != 0)
        return ISUPPartyNumber(
            natureOfAddress: first & 0x7F, numberingPlan: (second >> 4) & 0x07, digits: digits,
            presentation: calling ? (second >> 2) & 0x03 : nil, screening: calling ? second & 0x03 : nil)
    }

    /// Transit network selection. ITU: octet 1 odd/even, TNI, NIP; then BCD digits. ANSI: octet 1
    /// spare, TNI, NIP; octets 2-3 the carrier code digits; octet 4 circuit code (bits 8-5).
    static func transitNetwork(_ value: ByteReader, variant: SS7Variant) throws(DecodeError) -> ISUPTransitNetworkSelection {
        var r = value
        guard let first = try? r.readUInt8() else { throw DecodeError(.isup, .badLength, at: r.offset) }
        var digits = DigitString()
        var circuitCode: UInt8?
        switch variant {
        case .itu:
            try digits.appendBCD(from: &r, byteCount: r.remaining, odd: first & 0x80 != 0)
        case .ansi:
            digits = packedDigits(try r.readSlice(length: min(2, r.remaining)))
            if let octet = r.peekUInt8() { circuitCode = octet >> 4 }
        }
        return ISUPTransitNetworkSelection(
            typeOfNetworkIdentification: (first >> 4) & 0x07, networkIdentificationPlan: first & 0x0F,
            networkIdentification: digits, circuitCode: circuitCode)
    }

    /// ANSI carrier identification: octet 1 spare, TNI, NIP; octets 2-3 the carrier code digits.
    static func carrierCode(_ value: ByteReader) throws(DecodeError) -> DigitString {
        var r = value
        guard r.remaining >= 1 else { throw DecodeError(.isup, .badLength, at: r.offset) }
        try r.skip(1)
        return packedDigits(r)
    }

    /// BCD digits, low nibble first, up to the first filler nibble (15).
    static func packedDigits(_ value: ByteReader) -> DigitString {
        var r = value
        var digits = DigitString()
        while let octet = try? r.readUInt8() {
            guard octet & 0x0F != 0x0F else { break }
            digits.append(octet & 0x0F)
            guard octet >> 4 != 0x0F else { break }
            digits.append(octet >> 4)
        }
        return digits
    }
}
