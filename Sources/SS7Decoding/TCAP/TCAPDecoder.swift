import ByteParsing

/// Decodes the TCAP layer: package type, transaction IDs, component count and first operation.
///
/// What the meter counts is the package type, so once the package tag and the transaction IDs
/// are read the message is returned even when the dialogue or component portion is malformed
/// (tshark counts such packages too); the component count then stops at the fault. Bytes after the
/// package TLV are ignored, as tshark ignores them.
public enum TCAPDecoder {
    /// The first tag's class tells which standard: PRIVATE -> ANSI, APPLICATION -> ITU.
    ///
    /// Throws `.unknownType` for any other first tag, and a BER error (`.truncated`, `.badLength`,
    /// `.tooDeep`...) when the package TLV or its transaction ID cannot be read. Errors name `.tcap`.
    @inline(__always)
    public static func decode(_ reader: ByteReader) throws(DecodeError) -> TCAPMessage {
        var r = reader.rest(as: .tcap)
        guard let first = r.peekUInt8() else { throw r.error(.truncated) }
        guard let packageType = TCAPPackageType(identifier: first) else { throw r.error(.unknownType) }
        var body = try r.readBERElement(depth: 0).contents
        var message = TCAPMessage(packageType: packageType)
        if packageType.isANSI {
            try readANSITransactionID(&body, into: &message)
        } else {
            try readITUTransactionIDs(&body, into: &message)
        }
        message.portions = body  // walked when asked for (see `TCAPMessage`)
        return message
    }

    // MARK: Transaction portion

    /// Q.773: OTID [APPLICATION 8] (0x48) and DTID [APPLICATION 9] (0x49), 1...4 octets,
    /// come first. Begin carries OTID, End and Abort DTID, Continue both, Unidirectional none; a
    /// missing one is accepted, since the package type is what is counted.
    @inline(__always)
    static func readITUTransactionIDs(_ body: inout ByteReader, into message: inout TCAPMessage) throws(DecodeError) {
        while let tag = body.peekUInt8(), tag == 0x48 || tag == 0x49 {
            let element = try body.readBERElement(depth: 1)
            var octets = element.contents
            let count = octets.remaining
            guard (1...4).contains(count) else { throw octets.error(.badLength) }
            let id = TCAPTransactionID(value: try octets.readBigEndian(count: count), length: count)
            if tag == 0x48 { message.originatingTransactionID = id } else { message.destinationTransactionID = id }
        }
    }

    /// T1.114: one Transaction ID element [PRIVATE 7] (0xC7) of 0, 4 or 8 octets: the
    /// originating ID, then the responding ID, as the package type requires (Unidirectional none,
    /// Queries originating, Response responding, Conversations both). A 4-octet ID in a Response or
    /// Abort is the responding ID; elsewhere the originating ID.
    static func readANSITransactionID(_ body: inout ByteReader, into message: inout TCAPMessage) throws(DecodeError) {
        guard body.peekUInt8() == 0xC7 else { return }
        var octets = try body.readBERElement(depth: 1).contents
        switch octets.remaining {
        case 0:
            break
        case 4:
            let id = TCAPTransactionID(value: try octets.readUInt32BE(), length: 4)
            switch message.packageType {
            case .ansiResponse, .ansiAbort: message.destinationTransactionID = id
            default: message.originatingTransactionID = id
            }
        case 8:
            message.originatingTransactionID = TCAPTransactionID(value: try octets.readUInt32BE(), length: 4)
            message.destinationTransactionID = TCAPTransactionID(value: try octets.readUInt32BE(), length: 4)
        default:
            throw octets.error(.badLength)
        }
    }

    // MARK: Dialogue and component portions

    /// ITU dialogue portion 0x6B and component portion 0x6C; ANSI dialogue portion 0xF9 and
    /// component sequence 0xE8. Anything else (ITU P-abort cause 0x4A, ANSI abort causes) is skipped.
    /// A malformed portion ends the walk, keeping what was read before it (see the type's comment).
    static func readPortions(_ portions: ByteReader, isANSI: Bool) -> TCAPPortions {
        var body = portions
        var result = TCAPPortions()
        do throws(DecodeError) {
            while !body.isEmpty {
                let element = try body.readBERElement(depth: 1)
                switch element.tag.octet {
                case 0x6B, 0xF9:
                    result.hasDialoguePortion = true
                case 0x6C, 0xE8:
                    try readComponents(element.contents, isANSI: isANSI, into: &result)
                default:
                    break
                }
            }
        } catch {
            // Malformed dialogue or component portion: keep what was read.
        }
        return result
    }

    /// Counts the components and takes the operation code of the first Invoke. A malformed Invoke
    /// leaves `firstOperation` nil but does not stop the count.
    static func readComponents(
        _ portion: ByteReader, isANSI: Bool, into result: inout TCAPPortions
    ) throws(DecodeError) {
        var components = portion
        var seenInvoke = false
        while !components.isEmpty {
            let component = try components.readBERElement(depth: 2)
            result.componentCount += 1
            guard !seenInvoke else { continue }
            switch (isANSI, component.tag.octet) {
            case (false, 0xA1):  // ITU Invoke [1]
                seenInvoke = true
                result.firstOperation = try? ituOperation(component.contents)
            case (true, 0xE9), (true, 0xED):  // ANSI InvokeLast, InvokeNotLast
                seenInvoke = true
                result.firstOperation = try? ansiOperation(component.contents)
            default:
                break
            }
        }
    }

    /// Q.773 Invoke: invokeID INTEGER, linkedID [0] optional, then the operation code: local
    /// INTEGER (0x02) or global OBJECT IDENTIFIER (0x06).
    static func ituOperation(_ invoke: ByteReader) throws(DecodeError) -> TCAPOperationCode {
        var r = invoke
        var element = try r.readBERElement(depth: 3)
        guard element.tag.octet == 0x02 else { throw r.error(.unexpectedTag) }
        element = try r.readBERElement(depth: 3)
        if element.tag.octet == 0x80 { element = try r.readBERElement(depth: 3) }
        switch element.tag.octet {
        case 0x02:
            var octets = element.contents
            let count = octets.remaining
            guard (1...4).contains(count) else { throw octets.error(.badLength) }
            // Two's complement: the first octet carries the sign.
            var value = Int32(Int8(bitPattern: try octets.readUInt8()))
            for _ in 1..<count { value = value << 8 | Int32(try octets.readUInt8()) }
            return .local(value)
        case 0x06:
            return .global
        default:
            throw r.error(.unexpectedTag)
        }
    }

    /// T1.114 Invoke: Component IDs (0xCF), then the operation code, national (0xD0) or private
    /// (0xD1), two octets: operation family, then specifier.
    static func ansiOperation(_ invoke: ByteReader) throws(DecodeError) -> TCAPOperationCode {
        var r = invoke
        var element = try r.readBERElement(depth: 3)
        if element.tag.octet == 0xCF { element = try r.readBERElement(depth: 3) }
        let tag = element.tag.octet
        guard tag == 0xD0 || tag == 0xD1 else { throw r.error(.unexpectedTag) }
        var octets = element.contents
        guard octets.remaining == 2 else { throw octets.error(.badLength) }
        let code = try octets.readUInt16BE()
        return tag == 0xD0 ? .ansiNational(code) : .ansiPrivate(code)
    }
}

extension ByteReader {
    /// `count` (0...4) octets as a big-endian number.
    fileprivate mutating func readBigEndian(count: Int) throws(DecodeError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count { value = value << 8 | UInt32(try readUInt8()) }
        return value
    }
}
