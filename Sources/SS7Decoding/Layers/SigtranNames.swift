/// Message class and type mnemonics of the SIGTRAN adaptation layers, as the RFCs name them.
enum SigtranNames {
    /// RFC 4666 3.1.3 (M3UA) and RFC 3331 3.1.3 (M2UA) share the class numbers 0-4 and 9/10.
    static func className(_ p: SigtranMessage.Layer, _ c: UInt8) -> String {
        switch (p, c) {
        case (.m2pa, 11): "M2PA"
        case (_, 0): "MGMT"
        case (.m3ua, 1): "TRANSFER"
        case (.m3ua, 2): "SSNM"
        case (_, 3): "ASPSM"
        case (_, 4): "ASPTM"
        case (.m2ua, 6): "MAUP"
        case (.m3ua, 9): "RKM"
        case (.m2ua, 10): "IIM"
        default: "CLASS_\(c)"
        }
    }

    static func typeName(_ p: SigtranMessage.Layer, _ c: UInt8, _ t: UInt8) -> String? {
        switch (p, c, t) {
        case (_, 0, 0): "ERR"
        case (_, 0, 1): "NTFY"
        case (.m3ua, 1, 1): "DATA"
        case (.m3ua, 2, 1): "DUNA"
        case (.m3ua, 2, 2): "DAVA"
        case (.m3ua, 2, 3): "DAUD"
        case (.m3ua, 2, 4): "SCON"
        case (.m3ua, 2, 5): "DUPU"
        case (.m3ua, 2, 6): "DRST"
        case (_, 3, 1): "ASPUP"
        case (_, 3, 2): "ASPDN"
        case (_, 3, 3): "BEAT"
        case (_, 3, 4): "ASPUP_ACK"
        case (_, 3, 5): "ASPDN_ACK"
        case (_, 3, 6): "BEAT_ACK"
        case (_, 4, 1): "ASPAC"
        case (_, 4, 2): "ASPIA"
        case (_, 4, 3): "ASPAC_ACK"
        case (_, 4, 4): "ASPIA_ACK"
        case (.m3ua, 9, 1): "REG_REQ"
        case (.m3ua, 9, 2): "REG_RSP"
        case (.m3ua, 9, 3): "DEREG_REQ"
        case (.m3ua, 9, 4): "DEREG_RSP"
        case (.m2ua, 6, 1): "DATA"
        case (.m2ua, 6, 2): "EST_REQ"
        case (.m2ua, 6, 3): "EST_CFM"
        case (.m2ua, 6, 4): "REL_REQ"
        case (.m2ua, 6, 5): "REL_CFM"
        case (.m2ua, 6, 6): "REL_IND"
        case (.m2ua, 6, 7): "STATE_REQ"
        case (.m2ua, 6, 8): "STATE_CFM"
        case (.m2ua, 6, 9): "STATE_IND"
        case (.m2ua, 6, 10): "RETR_REQ"
        case (.m2ua, 6, 11): "RETR_CFM"
        case (.m2ua, 6, 12): "RETR_IND"
        case (.m2ua, 6, 13): "RETR_COMP_IND"
        case (.m2ua, 6, 14): "CONG_IND"
        case (.m2ua, 6, 15): "DATA_ACK"
        case (.m2ua, 10, 1): "REG_REQ"
        case (.m2ua, 10, 2): "REG_RSP"
        case (.m2ua, 10, 3): "DEREG_REQ"
        case (.m2ua, 10, 4): "DEREG_RSP"
        case (.m2pa, 11, 1): "USER_DATA"
        case (.m2pa, 11, 2): "LINK_STATUS"
        default: nil
        }
    }

    static func key(_ p: SigtranMessage.Layer, _ c: UInt8, _ t: UInt8) -> String {
        "\(className(p, c))/\(typeName(p, c, t) ?? "TYPE_\(t)")"
    }
}
