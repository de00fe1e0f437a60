/// Which family of SS7 standards a link speaks. It is a value carried by the decode context and
/// set per run or per link by configuration, never a global and never guessed per packet.
/// (TCAP is the one exception: its first tag's class says ANSI or ITU, see `TCAPMessage`.)
public enum SS7Variant: String, Sendable, Hashable, CaseIterable {
    /// ITU-T Q.704/Q.713/Q.763: 14-bit point codes, 4-bit SLS, 12-bit CIC.
    case itu
    /// ANSI T1.111/T1.112/T1.113: 24-bit network-cluster-member point codes, 5- or 8-bit SLS, 14-bit CIC.
    case ansi
}
