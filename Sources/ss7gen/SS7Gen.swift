// ss7gen: writes generated ANSI/ITU SS7 traffic to a pcap file and its expected summary.
import ArgumentParser
import TrafficSynth

extension Variant: ExpressibleByArgument {}
extension LinkKind: ExpressibleByArgument {}

@main
struct SS7Gen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ss7gen", abstract: "Write generated ANSI/ITU SS7 traffic to a pcap file.")

    @Option(help: "ansi or itu.") var variant: Variant
    @Option(help: "m3ua (DLT 1 Ethernet/IPv4/SCTP/M3UA), mtp2 (DLT 139) or mtp3 (DLT 141).") var link: LinkKind
    @Option(help: "Seed of the deterministic generator.") var seed: UInt64 = 1
    @Option(help: "Calls (IAM ... RLC).") var calls: Int = 0
    @Option(help: "TCAP transactions.") var queries: Int = 0
    @Option(help: "Approximate total of MSUs instead of fixed counts (calls:queries gives the mix).")
    var messages: Int?
    @Option(help: "M3UA: at most K DATA chunks bundled in one SCTP packet.") var bundle: Int = 1
    @Option(help: "M3UA: number of SCTP DATA chunks sent again.") var retransmissions: Int = 0
    @Option(help: "The pcap file to write.") var out: String
    @Option(help: "Where to write the expected summary JSON (message counts, and the charges per customer).")
    var expect: String?

    func validate() throws {
        guard calls >= 0, queries >= 0, bundle >= 1, retransmissions >= 0, (messages ?? 0) >= 0 else {
            throw ValidationError("counts must not be negative and --bundle at least 1")
        }
        if link != .m3ua && (bundle != 1 || retransmissions != 0) {
            throw ValidationError("--bundle and --retransmissions apply to --link m3ua only")
        }
    }

    func run() throws {
        let options = GeneratorOptions(
            variant: variant, link: link, seed: seed,
            size: ScenarioSize(calls: calls, queries: queries, messages: messages),
            bundle: bundle, retransmissions: retransmissions)
        let (summary, sink) = try Generator.run(options, sink: try FileSink(path: out))
        try sink.close()
        if let expect {
            let f = try FileSink(path: expect)
            try f.write(Array(summary.json().utf8))
            try f.close()
        }
    }
}
