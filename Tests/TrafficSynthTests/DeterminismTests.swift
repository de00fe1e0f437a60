import Foundation
import Testing
import TrafficSynth

/// The committed samples under captures/generated and the ss7gen command lines that made them
/// (captures/README.md lists the same lines).
let samples: [(name: String, options: GeneratorOptions)] = Combination.all.map { c in
    ("\(c.variant.rawValue)-\(c.link.rawValue)",
     GeneratorOptions(variant: c.variant, link: c.link, seed: 1, size: ScenarioSize(calls: 20, queries: 20),
                      bundle: c.link == .m3ua ? 4 : 1, retransmissions: c.link == .m3ua ? 3 : 0))
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite struct DeterminismTests {
    @Test func committedSamplesEqualWhatTheGeneratorWritesToday() throws {
        for (name, options) in samples {
            let (summary, sink) = try Generator.run(options, sink: MemorySink())
            let dir = packageRoot.appendingPathComponent("captures/generated")
            let pcap = try Data(contentsOf: dir.appendingPathComponent("\(name).pcap"))
            let json = try String(contentsOf: dir.appendingPathComponent("\(name).expected.json"), encoding: .utf8)
            #expect(Array(pcap) == sink.bytes, "\(name).pcap differs from the generator's output")
            #expect(json == summary.json(), "\(name).expected.json differs")
        }
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let o = GeneratorOptions(variant: .ansi, link: .m3ua, seed: 9, size: ScenarioSize(calls: 10, queries: 10),
                                 bundle: 2, retransmissions: 2)
        let a = try Generator.run(o, sink: MemorySink()).1.bytes
        let b = try Generator.run(o, sink: MemorySink()).1.bytes
        var other = o
        other.seed = 10
        let c = try Generator.run(other, sink: MemorySink()).1.bytes
        #expect(a == b)
        #expect(a != c)
    }

    @Test func sameMessagesOnEveryLinkType() throws {
        // The link layer draws from its own stream: the MSUs of a seed do not depend on the link.
        var seen: [[String]] = []
        for link in LinkKind.allCases {
            var msgs: [String] = []
            let o = GeneratorOptions(variant: .itu, link: link, seed: 5, size: ScenarioSize(calls: 5, queries: 5))
            _ = try Generator.run(o, sink: MemorySink()) { msgs.append("\($0.index) \($0.header) \($0.content)") }
            seen.append(msgs)
        }
        #expect(seen[0] == seen[1] && seen[1] == seen[2])
        #expect(seen[0].count > 30)
    }

    @Test func approximateMessageTarget() throws {
        let o = GeneratorOptions(variant: .ansi, link: .mtp3, seed: 2, size: ScenarioSize(calls: 1, queries: 1, messages: 5000))
        let (s, _) = try Generator.run(o, sink: MemorySink())
        #expect(s.messages >= 5000 && s.messages < 5000 + 40)
        #expect(s.frames == s.messages)
    }
}
