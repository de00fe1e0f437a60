import ArgumentParser
import DecodeFrontend
import SS7Decoding

extension SS7Variant: ExpressibleByArgument {}

/// How captures are framed, where the wire does not say: shared by every command that decodes.
struct CaptureFormatOptions: ParsableArguments {
    @Flag(help: "MTP2 frames (DLT 139/140) end with the 2-octet FCS.")
    var mtp2Fcs = false

    @Flag(help: "MTP2 uses Annex A extended sequence numbers (DLT 140, or DLT 139 when its header says unknown).")
    var mtp2AnnexA = false

    @Option(help: "ANSI SLS width in bits: 8 or 5.")
    var ansiSls: Int = 8

    @Flag(help: "M3UA is Internet-Draft 6 (Protocol Data tag 0x0002), not RFC 4666.")
    var m3uaDraft6 = false

    func validate() throws {
        guard ansiSls == 5 || ansiSls == 8 else { throw ValidationError("--ansi-sls must be 5 or 8") }
    }

    /// The options, with the variant left at its default (commands that meter take it from the
    /// configuration, per source and link).
    var options: DecodeOptions {
        DecodeOptions(mtp2HasFCS: mtp2Fcs, mtp2AnnexA: mtp2AnnexA, ansiSLSBits: ansiSls, m3uaDraft6: m3uaDraft6)
    }
}

/// `decode` also takes the variant on the command line (it reads no configuration).
struct DecodeOptionGroup: ParsableArguments {
    @Option(help: "SS7 variant of MTP3, SCCP and ISUP: itu or ansi. (TCAP tells its own.)")
    var variant: SS7Variant = .itu

    @OptionGroup var format: CaptureFormatOptions

    var options: DecodeOptions {
        var o = format.options
        o.variant = variant
        return o
    }
}

struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode SS7 captures: one line per message, or a summary of counts.",
        discussion: """
            Files are read in packet-time order across files; '-' reads a capture from standard input.
            Link types: \(LinkType.supportedNames).
            """)

    @OptionGroup var decoding: DecodeOptionGroup

    @Flag(help: "Print counts instead of one line per message.")
    var summary = false

    @Flag(help: "With --summary: print the counts as a JSON object.")
    var json = false

    @Argument(help: "pcap or pcapng files ('-' for standard input).")
    var captures: [String]

    func validate() throws {
        if json && !summary { throw ValidationError("--json goes with --summary") }
        if captures.isEmpty { throw ValidationError("name at least one capture file") }
    }

    func run() throws {
        // A failure (unreadable file, unsupported link type) is printed as "Error: ..." with exit 1.
        let out = OutputBuffer()
        let result = try DecodeRun.run(paths: captures, options: decoding.options, lines: summary ? nil : out)
        if summary { out.line(json ? result.json() : result.text()) }
        out.flush()
    }
}
