/// Service indicator names (Q.704 14.2.1, T1.111.4), as summaries and ledgers print them.
public enum ServiceIndicator {
    public static func name(_ si: UInt8) -> String {
        switch si {
        case 0: "SNM"
        case 1: "MTN"
        case 2: "MTNS"
        case 3: "SCCP"
        case 4: "TUP"
        case 5: "ISUP"
        case 6: "DUP_C"
        case 7: "DUP_F"
        case 8: "MTP_TEST"
        case 9: "BISUP"
        case 10: "SISUP"
        case 12: "AAL2"
        case 13: "BICC"
        case 14: "GCP"
        default: "SI_\(si)"
        }
    }
}
