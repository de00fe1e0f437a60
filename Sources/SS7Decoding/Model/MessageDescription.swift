import ByteParsing

/// One-line text of a decoded user part, for `ss7meter decode` output (not used on the counting path).
public enum MessageDescription {
    public static func describe(_ userPart: UserPart, variant: SS7Variant) -> String {
        switch userPart {
        case let .networkManagement(h): "SNM h0h1=\(hexCode(h))"
        case let .linkTest(h): "SLT h0h1=\(hexCode(h))"
        case let .isup(m): isup(m, variant)
        case let .sccp(m, tcap): sccp(m, tcap, variant)
        case .other: "-"
        }
    }

    static func isup(_ m: ISUPMessage, _ variant: SS7Variant) -> String {
        var s = "ISUP \(m.messageType.name(variant)) cic=\(m.cic)"
        if let iam = m.initialAddress {
            s += " called=\(iam.calledParty.digits)"
            if let calling = iam.callingParty { s += " calling=\(calling.digits)" }
            if let charge = iam.chargeNumber { s += " charge=\(charge.digits)" }
            if let cip = iam.carrierIdentification { s += " cip=\(cip)" }
            if let jip = iam.jurisdiction { s += " jip=\(jip)" }
            if let oli = iam.originatingLineInformation { s += " oli=\(oli)" }
            s += " cpc=\(iam.callingPartyCategory)"
        }
        return s
    }

    static func address(_ a: SCCPAddress?, _ variant: SS7Variant) -> String {
        guard let a else { return "-" }
        var parts: [String] = [a.routesOnSSN ? "ri=ssn" : "ri=gt"]
        if let pc = a.pointCode { parts.append("pc=\(pc.formatted(variant))") }
        if let ssn = a.subsystemNumber { parts.append("ssn=\(ssn)") }
        if let tt = a.translationType { parts.append("tt=\(tt)") }
        if a.digits.count > 0 { parts.append("gt=\(a.digits)") }
        return parts.joined(separator: ",")
    }

    static func sccp(_ m: SCCPMessage, _ tcap: TCAPMessage?, _ variant: SS7Variant) -> String {
        var s = "SCCP \(m.messageType.name)"
        if m.calledParty != nil || m.callingParty != nil {
            s += " called=\(address(m.calledParty, variant)) calling=\(address(m.callingParty, variant))"
        }
        if let t = tcap {
            s += " TCAP \(t.packageType.isANSI ? "ansi" : "itu") \(t.packageType.summaryKey)"
            if let o = t.originatingTransactionID { s += " otid=\(o)" }
            if let d = t.destinationTransactionID { s += " dtid=\(d)" }
            switch t.firstOperation {
            case .local(let code)?: s += " op=local:\(code)"
            case .global?: s += " op=global"
            case .ansiNational(let code)?: s += " op=national:\(code)"
            case .ansiPrivate(let code)?: s += " op=private:\(code)"
            case nil: break
            }
        }
        return s
    }
}
