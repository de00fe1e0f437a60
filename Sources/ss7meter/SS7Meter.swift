import ArgumentParser

@main
struct SS7Meter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ss7meter",
        abstract: "Meter SS7 signalling for CCSAC billing.",
        subcommands: [Decode.self, Replay.self, Run.self, LedgerCommand.self, ConfigCommand.self])
}
