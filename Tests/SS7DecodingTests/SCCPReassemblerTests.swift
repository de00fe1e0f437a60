import ByteParsing
import Testing

@testable import SS7Decoding

/// Segment rules (Q.714 4.1.1.2, Q.713 3.17): the first segment has F=1 and the number of segments
/// still to come; each later one has F=0 and one fewer; 0 marks the last. Key: OPC, calling party
/// address, segmentation local reference.
@Suite struct SCCPReassemblerTests {
    static let hlr = SCCPAddress(routesOnSSN: true, subsystemNumber: 6)
    static let msc = SCCPAddress(routesOnSSN: true, subsystemNumber: 8)

    static func seg(_ first: Bool, _ remaining: UInt8, ref: UInt32 = 0x123456) -> SCCPSegmentation {
        SCCPSegmentation(isFirst: first, inSequence: false, remainingSegments: remaining, localReference: ref)
    }

    static func add(
        _ reassembler: inout SCCPReassembler, _ segmentation: SCCPSegmentation?, _ data: [UInt8]?,
        opc: UInt32 = 1, calling: SCCPAddress? = hlr
    ) -> SCCPReassembler.Result {
        ByteReader.withReader(over: data ?? [], layer: .sccp) { (r: inout ByteReader) in
            var m = SCCPMessage(messageType: .xudt)
            m.segmentation = segmentation
            m.callingParty = calling
            m.data = data == nil ? nil : r
            return reassembler.add(m, opc: PointCode(opc))
        }
    }

    static let inconsistent = SCCPReassembler.Outcome.dropped(DecodeError(.sccp, .reassemblyInconsistent, at: 0))
    static let limit = SCCPReassembler.Outcome.dropped(DecodeError(.sccp, .reassemblyLimit, at: 0))

    @Test func threeSegmentsInOrder() {
        var r = SCCPReassembler()
        #expect(Self.add(&r, Self.seg(true, 2), [1, 2]).outcome == .pending)
        #expect(Self.add(&r, Self.seg(false, 1), [3]).outcome == .pending)
        #expect(Self.add(&r, Self.seg(false, 0), [4, 5, 6]).outcome == .complete([1, 2, 3, 4, 5, 6]))
        #expect(r.pendingCount == 0)
    }

    @Test func unsegmentedMessagesPassThrough() {
        var r = SCCPReassembler()
        #expect(Self.add(&r, nil, [1]).outcome == .unsegmented)
        // A first segment with none remaining is the whole message.
        #expect(Self.add(&r, Self.seg(true, 0), [1]).outcome == .unsegmented)
        #expect(r.pendingCount == 0)
        #expect(Self.add(&r, Self.seg(true, 1), nil).outcome
            == .dropped(DecodeError(.sccp, .missingMandatory, at: 0)))
    }

    @Test func outOfOrderDuplicateAndOrphanSegments() {
        var r = SCCPReassembler()
        // A later segment with no first segment.
        #expect(Self.add(&r, Self.seg(false, 0), [9]).outcome == Self.inconsistent)
        // A skipped segment drops the message.
        #expect(Self.add(&r, Self.seg(true, 2), [1]).outcome == .pending)
        #expect(Self.add(&r, Self.seg(false, 0), [3]).outcome == Self.inconsistent)
        #expect(r.pendingCount == 0)
        // A duplicate segment drops the message; what follows it is orphaned.
        #expect(Self.add(&r, Self.seg(true, 2), [1]).outcome == .pending)
        #expect(Self.add(&r, Self.seg(false, 1), [2]).outcome == .pending)
        #expect(Self.add(&r, Self.seg(false, 1), [2]).outcome == Self.inconsistent)
        #expect(Self.add(&r, Self.seg(false, 0), [3]).outcome == Self.inconsistent)
        #expect(r.pendingCount == 0)
    }

    @Test func aNewFirstSegmentAbandonsThePendingOne() {
        var r = SCCPReassembler()
        #expect(Self.add(&r, Self.seg(true, 1), [1]).abandoned == false)
        let restart = Self.add(&r, Self.seg(true, 1), [7])
        #expect(restart.outcome == .pending && restart.abandoned)
        #expect(Self.add(&r, Self.seg(false, 0), [8]).outcome == .complete([7, 8]))
    }

    @Test func keysKeepMessagesApart() {
        var r = SCCPReassembler()
        #expect(Self.add(&r, Self.seg(true, 1), [1], opc: 1).outcome == .pending)
        #expect(Self.add(&r, Self.seg(true, 1), [2], opc: 2).outcome == .pending)
        #expect(Self.add(&r, Self.seg(true, 1), [3], opc: 1, calling: Self.msc).outcome == .pending)
        #expect(Self.add(&r, Self.seg(true, 1, ref: 7), [4], opc: 1).outcome == .pending)
        #expect(r.pendingCount == 4)
        #expect(Self.add(&r, Self.seg(false, 0), [20], opc: 2).outcome == .complete([2, 20]))
        #expect(Self.add(&r, Self.seg(false, 0, ref: 7), [40], opc: 1).outcome == .complete([4, 40]))
        #expect(Self.add(&r, Self.seg(false, 0), [30], opc: 1, calling: Self.msc).outcome == .complete([3, 30]))
        #expect(Self.add(&r, Self.seg(false, 0), [10], opc: 1).outcome == .complete([1, 10]))
    }

    @Test func segmentAndByteLimits() {
        var r = SCCPReassembler(limits: .init(maxSegments: 4, maxBytes: 4))
        #expect(Self.add(&r, Self.seg(true, 4), [1]).outcome == Self.limit)  // 5 segments
        #expect(Self.add(&r, Self.seg(true, 1), [1, 2, 3, 4, 5]).outcome == Self.limit)
        #expect(Self.add(&r, Self.seg(true, 3), [1, 2, 3]).outcome == .pending)  // 4 segments
        #expect(Self.add(&r, Self.seg(false, 2), [4, 5]).outcome == Self.limit)  // 5 bytes
        #expect(r.pendingCount == 0)
        // Q.713 allows 16 segments at most, whatever the limits say.
        #expect(SCCPReassembler.Limits(maxSegments: 100).maxSegments == 16)
    }

    @Test func theOldestIsEvictedWhenFull() {
        var r = SCCPReassembler(limits: .init(maxPending: 2))
        #expect(Self.add(&r, Self.seg(true, 1, ref: 1), [1]).evicted == 0)
        #expect(Self.add(&r, Self.seg(true, 1, ref: 2), [2]).evicted == 0)
        let third = Self.add(&r, Self.seg(true, 1, ref: 3), [3])
        #expect(third.outcome == .pending && third.evicted == 1)
        #expect(r.pendingCount == 2)
        #expect(Self.add(&r, Self.seg(false, 0, ref: 1), [10]).outcome == Self.inconsistent)
        #expect(Self.add(&r, Self.seg(false, 0, ref: 2), [20]).outcome == .complete([2, 20]))
        #expect(Self.add(&r, Self.seg(false, 0, ref: 3), [30]).outcome == .complete([3, 30]))
    }

    @Test func oldReassembliesExpire() {
        var r = SCCPReassembler(limits: .init(maxAge: 3))
        #expect(Self.add(&r, Self.seg(true, 1), [1]).outcome == .pending)  // call 1
        #expect(Self.add(&r, nil, [0]).evicted == 0)  // call 2
        #expect(Self.add(&r, nil, [0]).evicted == 0)  // call 3
        #expect(Self.add(&r, nil, [0]).evicted == 1)  // call 4: 3 calls old
        #expect(r.pendingCount == 0)
        #expect(Self.add(&r, Self.seg(false, 0), [2]).outcome == Self.inconsistent)
    }

    @Test func boundedUnderChurn() {
        var r = SCCPReassembler(limits: .init(maxPending: 8))
        var evicted = 0
        for ref in 0..<10_000 {
            let result = Self.add(&r, Self.seg(true, 15, ref: UInt32(ref)), [UInt8(truncatingIfNeeded: ref)])
            evicted += result.evicted
            #expect(r.pendingCount <= 8)
        }
        #expect(evicted == 10_000 - 8)
        // The 8 newest are still there, in order.
        #expect(Self.add(&r, Self.seg(false, 14, ref: 9_999), [1]).outcome == .pending)
        #expect(Self.add(&r, Self.seg(false, 14, ref: 9_991), [1]).outcome == Self.inconsistent)
    }
}
