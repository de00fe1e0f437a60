/// An ISUP message type code (Q.763 table 4, T1.113 table 3). Codes the variant does not define are
/// still values: they are counted under their code and have no mnemonic.
public struct ISUPMessageType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let iam = ISUPMessageType(rawValue: 0x01)
    public static let sam = ISUPMessageType(rawValue: 0x02)
    public static let cot = ISUPMessageType(rawValue: 0x05)
    public static let acm = ISUPMessageType(rawValue: 0x06)
    public static let con = ISUPMessageType(rawValue: 0x07)
    public static let anm = ISUPMessageType(rawValue: 0x09)
    public static let rel = ISUPMessageType(rawValue: 0x0C)
    public static let sus = ISUPMessageType(rawValue: 0x0D)
    public static let res = ISUPMessageType(rawValue: 0x0E)
    public static let rlc = ISUPMessageType(rawValue: 0x10)
    public static let ccr = ISUPMessageType(rawValue: 0x11)
    public static let rsc = ISUPMessageType(rawValue: 0x12)
    public static let blo = ISUPMessageType(rawValue: 0x13)
    public static let ubl = ISUPMessageType(rawValue: 0x14)
    public static let bla = ISUPMessageType(rawValue: 0x15)
    public static let uba = ISUPMessageType(rawValue: 0x16)
    public static let grs = ISUPMessageType(rawValue: 0x17)
    public static let cgb = ISUPMessageType(rawValue: 0x18)
    public static let cgu = ISUPMessageType(rawValue: 0x19)
    public static let pam = ISUPMessageType(rawValue: 0x28)
    public static let gra = ISUPMessageType(rawValue: 0x29)
    public static let cpg = ISUPMessageType(rawValue: 0x2C)
    public static let ucic = ISUPMessageType(rawValue: 0x2E)
    public static let cfn = ISUPMessageType(rawValue: 0x2F)
    /// ANSI only (T1.113).
    public static let cra = ISUPMessageType(rawValue: 0xE9)
    public static let crm = ISUPMessageType(rawValue: 0xEA)
    public static let cvr = ISUPMessageType(rawValue: 0xEB)
    public static let cvt = ISUPMessageType(rawValue: 0xEC)
    public static let exm = ISUPMessageType(rawValue: 0xED)

    /// Standard mnemonic (Q.762 for ITU, T1.113 for ANSI: "IAM", "ACM", "ANM", "REL", "RLC", "EXM", ...)
    /// in this variant, nil if the variant does not define the code.
    ///
    /// Where tshark's acronym differs from the standard's, this gives the standard's: UBA (tshark
    /// "UBLA"), USR ("UUI"), IRS ("IDS"), SDM ("SDN"), EXM ("EXIT").
    public func mnemonic(_ variant: SS7Variant) -> String? {
        ISUPMessageLayout.table(variant)[Int(rawValue)]?.mnemonic
    }
}

extension ISUPMessageType: CustomStringConvertible {
    /// The name summaries and ledgers use: the variant's mnemonic, or `0xNN` for an unknown code.
    public func name(_ variant: SS7Variant) -> String {
        mnemonic(variant) ?? hexCode(rawValue)
    }

    /// The ITU name. Use `name(_:)` for ANSI.
    public var description: String { name(.itu) }
}

/// `0xNN`: how a code without a mnemonic is shown.
func hexCode(_ code: UInt8) -> String {
    let h = String(code, radix: 16, uppercase: true)
    return "0x" + (h.count < 2 ? "0" + h : h)
}

/// How a message is laid out after its type code: the mandatory fixed part's length in octets, the
/// number of mandatory variable parameters (one pointer each), and whether a pointer to an optional
/// part follows them.
struct ISUPMessageLayout: Sendable {
    let mnemonic: String
    let fixedLength: Int
    let variableCount: Int
    let hasOptionalPart: Bool

    @inline(__always)
    static func table(_ variant: SS7Variant) -> [ISUPMessageLayout?] {
        switch variant {
        case .itu: itu
        case .ansi: ansi
        }
    }

    private static func indexed(_ rows: [Row]) -> [ISUPMessageLayout?] {
        var table = [ISUPMessageLayout?](repeating: nil, count: 256)
        for (code, mnemonic, fixed, variable, optional) in rows {
            precondition(table[Int(code)] == nil, "duplicate ISUP message type \(code)")
            table[Int(code)] = ISUPMessageLayout(
                mnemonic: mnemonic, fixedLength: fixed, variableCount: variable, hasOptionalPart: optional)
        }
        return table
    }

    private typealias Row = (UInt8, String, Int, Int, Bool)

    // Columns: code, mnemonic, mandatory fixed octets, mandatory variable parameters, optional part.
    // Layouts from Q.763 clause 4 (tables 32 ff.) as packet-isup.c's dissect_isup_message walks them;
    // T1.113 as its dissect_ansi_isup_message walks them. The two share every layout but the IAM's and
    // the RLC's, so the table is written once, with each variant's own rows beside it.
    // CRG (0x31) has a national format and PAM (0x28) carries another message: neither is walked
    // here beyond its type (PAM's inner message is checked by the decoder).
    private static let shared: [Row] = [
        (0x02, "SAM", 0, 1, true),   // subsequent number
        (0x03, "INR", 2, 0, true),   // information request indicators
        (0x04, "INF", 2, 0, true),   // information indicators
        (0x05, "COT", 1, 0, false),  // continuity indicators
        (0x06, "ACM", 2, 0, true),   // backward call indicators
        (0x07, "CON", 2, 0, true),   // backward call indicators
        (0x08, "FOT", 0, 0, true),
        (0x09, "ANM", 0, 0, true),
        (0x0C, "REL", 0, 1, true),   // cause indicators
        (0x0D, "SUS", 1, 0, true),   // suspend/resume indicators
        (0x0E, "RES", 1, 0, true),   // suspend/resume indicators
        (0x11, "CCR", 0, 0, false),
        (0x12, "RSC", 0, 0, false),
        (0x13, "BLO", 0, 0, false),
        (0x14, "UBL", 0, 0, false),
        (0x15, "BLA", 0, 0, false),
        (0x16, "UBA", 0, 0, false),
        (0x17, "GRS", 0, 1, false),  // range and status
        (0x18, "CGB", 1, 1, false),  // circuit group supervision message type; range and status
        (0x19, "CGU", 1, 1, false),
        (0x1A, "CGBA", 1, 1, false),
        (0x1B, "CGUA", 1, 1, false),
        (0x1F, "FAR", 1, 0, true),   // facility indicator
        (0x20, "FAA", 1, 0, true),   // facility indicator
        (0x21, "FRJ", 1, 1, true),   // facility indicator; cause indicators
        (0x24, "LPA", 0, 0, false),
        (0x28, "PAM", 0, 0, false),  // followed by the passed-along message
        (0x29, "GRA", 0, 1, false),  // range and status
        (0x2A, "CQM", 0, 1, false),  // range and status
        (0x2B, "CQR", 0, 2, false),  // range and status; circuit state indicator
        (0x2C, "CPG", 1, 0, true),   // event information
        (0x2D, "USR", 0, 1, true),   // user-to-user information
        (0x2E, "UCIC", 0, 0, false),
        (0x2F, "CFN", 0, 1, true),   // cause indicators
        (0x30, "OLM", 0, 0, false),
        (0x31, "CRG", 0, 0, false),  // national format
        (0x32, "NRM", 0, 0, true),
        (0x33, "FAC", 0, 0, true),
        (0x34, "UPT", 0, 0, true),
        (0x35, "UPA", 0, 0, true),
        (0x36, "IDR", 0, 0, true),
        (0x37, "IRS", 0, 0, true),
        (0x38, "SGM", 0, 0, true),
        (0x40, "LOP", 0, 0, true),
        (0x41, "APM", 0, 0, true),
        (0x42, "PRI", 0, 0, true),
        (0x43, "SDM", 0, 0, true),
    ]

    static let itu: [ISUPMessageLayout?] = indexed(shared + [
        (0x01, "IAM", 5, 1, true),   // NCI(1) FCI(2) CPC(1) TMR(1); called party number
        (0x10, "RLC", 0, 0, true),
    ])

    // ANSI's own IAM (no TMR; user service information before the called party number) and RLC
    // (no optional part), plus the ANSI-only circuit reservation/validation and exit messages.
    static let ansi: [ISUPMessageLayout?] = indexed(shared + [
        (0x01, "IAM", 4, 2, true),   // NCI(1) FCI(2) CPC(1); user service information, called party number
        (0x10, "RLC", 0, 0, false),
        (0xE9, "CRA", 0, 0, false),  // circuit reservation acknowledgement
        (0xEA, "CRM", 1, 0, false),  // circuit reservation: nature of connection indicators
        (0xEB, "CVR", 2, 0, true),   // CVR response indicator, circuit group characteristics indicator
        (0xEC, "CVT", 0, 0, false),  // circuit validation test
        (0xED, "EXM", 0, 0, true),   // exit: outgoing trunk group number etc., all optional
    ])
}
