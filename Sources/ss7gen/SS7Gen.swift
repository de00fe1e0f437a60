import ArgumentParser

@main
struct SS7Gen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ss7gen", abstract: "Write generated ANSI/ITU SS7 traffic to a pcap file.")
}
