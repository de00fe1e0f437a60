import ByteParsing
import SS7Decoding
import TariffPolicy
import Testing

// Every expected value below is worked by hand from CHARGING-RULES.md; the reasoning is in the comments.

@Suite struct WorkedExampleTests {
    // The worked example (ANSI), row by row. Link 1 is acme's (customer 0, link 0); sent = from the STP.

    @Test func originatingIAMFromSTP() {
        var c = Classifier(plan: workedExamplePlan())
        // IAM 244-10-3 -> 250-5-1 from the STP: OPC 244-10-3 is a company end office (244-10-*) ->
        // formulation; every IAM -> transport; from the STP with OPC not a company STP -> switching.
        let r = c.classify(message(fromSTP, opc: ansi(244, 10, 3), dpc: ansi(250, 5, 1), si: SI.isup, isup(.iam)), interface: nil)
        #expect(
            r == Classification(
                link: 0, customer: 0, direction: .fromSTP, isCallSetupRequest: true,
                events: events(.isupSignalFormulation, .isupSignalTransport, .isupSignalSwitching)))
    }

    @Test func terminatingIAMTowardSTP() {
        var c = Classifier(plan: workedExamplePlan())
        // IAM 250-5-1 -> 244-10-3 toward the STP: OPC 250-5-1 is not a company signalling point ->
        // no formulation; transport; toward the STP with DPC 244-10-3 not a company STP -> switching.
        let r = c.classify(message(towardSTP, opc: ansi(250, 5, 1), dpc: ansi(244, 10, 3), si: SI.isup, isup(.iam)), interface: nil)
        #expect(
            r == Classification(
                link: 0, customer: 0, direction: .towardSTP, isCallSetupRequest: true,
                events: events(.isupSignalTransport, .isupSignalSwitching)))
    }

    @Test(arguments: [ISUPMessageType.acm, .anm, .rel, .rlc])
    func otherISUPMessagesAreNotCharged(_ type: ISUPMessageType) {
        var c = Classifier(plan: workedExamplePlan())
        // Only an IAM is a call set-up request: ACM, ANM, REL, RLC are counted per link, not charged.
        for (link, opc, dpc) in [
            (fromSTP, ansi(244, 10, 3), ansi(250, 5, 1)), (towardSTP, ansi(250, 5, 1), ansi(244, 10, 3)),
        ] {
            let r = c.classify(message(link, opc: opc, dpc: dpc, si: SI.isup, isup(type)), interface: nil)
            #expect(r == Classification(link: 0, customer: 0, direction: link == fromSTP ? .fromSTP : .towardSTP))
        }
    }

    @Test func lnpQueryIsAQueryCharge() {
        var c = Classifier(plan: workedExamplePlan())
        // QWP 250-5-1 -> 244-1-0, GT-routed, TT 11: TT 11 is the LNP database's (database 0) ->
        // query_lnp only, in lieu of message charges.
        let r = c.classify(
            message(towardSTP, opc: ansi(250, 5, 1), dpc: ansi(244, 1, 0), si: SI.sccp,
                    tcap(.ansiQueryWithPermission, called: gt(tt: 11))), interface: nil)
        #expect(
            r == Classification(
                link: 0, customer: 0, direction: .towardSTP, isDataRequest: true, events: events(.query(database: 0))))
        #expect(workedExamplePlan().name(of: .query(database: 0)) == "query_lnp")
    }

    @Test func foreignCNAMQueryIsTransportAndSwitching() {
        var c = Classifier(plan: workedExamplePlan())
        // QWP 250-5-1 -> 244-1-0, GT-routed, TT 5: no company database has TT 5 -> tcap transport;
        // DPC is a company STP but the called party routes on GT (the STP translated it) -> switching.
        let r = c.classify(
            message(towardSTP, opc: ansi(250, 5, 1), dpc: ansi(244, 1, 0), si: SI.sccp,
                    tcap(.ansiQueryWithPermission, called: gt(tt: 5))), interface: nil)
        #expect(
            r == Classification(
                link: 0, customer: 0, direction: .towardSTP, isDataRequest: true,
                events: events(.tcapSignalTransport, .tcapSignalSwitching)))
    }

    @Test func responseIsNotCharged() {
        var c = Classifier(plan: workedExamplePlan())
        // Response from the database back to 250-5-1 (from the STP): not a data request.
        let r = c.classify(
            message(fromSTP, opc: ansi(244, 1, 0), dpc: ansi(250, 5, 1), si: SI.sccp,
                    tcap(.ansiResponse, called: ssnRouted(11, pc: ansi(250, 5, 1)))), interface: nil)
        #expect(r == Classification(link: 0, customer: 0, direction: .fromSTP))
    }

    @Test func networkManagementAndTestsAreNotCharged() {
        var c = Classifier(plan: workedExamplePlan())
        // SLTM (H0=1, H1=1) and TFP (H0=4, H1=1): counted per link only.
        let sltm = c.classify(message(towardSTP, opc: ansi(250, 5, 1), dpc: ansi(244, 1, 0), si: SI.slt, .linkTest(headingCode: 0x11)), interface: nil)
        let tfp = c.classify(message(fromSTP, opc: ansi(244, 1, 0), dpc: ansi(250, 5, 1), si: SI.snm, .networkManagement(headingCode: 0x14)), interface: nil)
        #expect(sltm == Classification(link: 0, customer: 0, direction: .towardSTP))
        #expect(tfp == Classification(link: 0, customer: 0, direction: .fromSTP))
    }

    @Test func ituEquivalent() {
        // The same rows in ITU numbering (STPs 2-100-0/1, end offices 2-110-*, acme 3-50-1), ITU
        // Begin as the data request and ITU End as the response.
        var c = Classifier(plan: ituPlan())
        let eo = itu(2, 110, 3), stp = itu(2, 100, 0), acme = itu(3, 50, 1)
        #expect(
            c.classify(message(fromSTP, opc: eo, dpc: acme, si: SI.isup, isup(.iam)), interface: nil)
                == Classification(
                    link: 0, customer: 0, direction: .fromSTP, isCallSetupRequest: true,
                    events: events(.isupSignalFormulation, .isupSignalTransport, .isupSignalSwitching)))
        #expect(
            c.classify(message(towardSTP, opc: acme, dpc: eo, si: SI.isup, isup(.iam)), interface: nil)
                == Classification(
                    link: 0, customer: 0, direction: .towardSTP, isCallSetupRequest: true,
                    events: events(.isupSignalTransport, .isupSignalSwitching)))
        for type in [ISUPMessageType.acm, .anm, .rel, .rlc] {
            #expect(
                c.classify(message(fromSTP, opc: eo, dpc: acme, si: SI.isup, isup(type)), interface: nil)
                    == Classification(link: 0, customer: 0, direction: .fromSTP))
        }
        #expect(
            c.classify(message(towardSTP, opc: acme, dpc: stp, si: SI.sccp, tcap(.ituBegin, called: gt(tt: 11))), interface: nil)
                == Classification(
                    link: 0, customer: 0, direction: .towardSTP, isDataRequest: true, events: events(.query(database: 0))))
        #expect(
            c.classify(message(towardSTP, opc: acme, dpc: stp, si: SI.sccp, tcap(.ituBegin, called: gt(tt: 5))), interface: nil)
                == Classification(
                    link: 0, customer: 0, direction: .towardSTP, isDataRequest: true,
                    events: events(.tcapSignalTransport, .tcapSignalSwitching)))
        #expect(
            c.classify(message(fromSTP, opc: stp, dpc: acme, si: SI.sccp, tcap(.ituEnd, called: ssnRouted(11))), interface: nil)
                == Classification(link: 0, customer: 0, direction: .fromSTP))
        #expect(
            c.classify(message(towardSTP, opc: acme, dpc: stp, si: SI.slt, .linkTest(headingCode: 0x11)), interface: nil)
                == Classification(link: 0, customer: 0, direction: .towardSTP))
    }
}

@Suite struct ChargeEventTests {
    @Test func noSwitchingWhenTheSTPIsAnEnd() {
        var c = Classifier(plan: workedExamplePlan())
        // Toward the STP with DPC a company STP (244-1-1): not switched. From the STP with OPC a
        // company STP (244-1-0): not switched. Transport still applies to every IAM.
        let toward = c.classify(message(towardSTP, opc: ansi(250, 5, 1), dpc: ansi(244, 1, 1), si: SI.isup, isup(.iam)), interface: nil)
        let from = c.classify(message(fromSTP, opc: ansi(244, 1, 0), dpc: ansi(250, 5, 1), si: SI.isup, isup(.iam)), interface: nil)
        #expect(toward.events == events(.isupSignalTransport))
        #expect(from.events == events(.isupSignalTransport))
    }

    @Test func noTCAPSwitchingWhenTheSTPIsTheSSNRoutedDestination() {
        var c = Classifier(plan: workedExamplePlan())
        // QWP to DPC 244-1-0 (a company STP), called party routed on SSN 254 (no database): the STP
        // itself is the destination -> tcap transport only.
        let r = c.classify(
            message(towardSTP, opc: ansi(250, 5, 1), dpc: ansi(244, 1, 0), si: SI.sccp,
                    tcap(.ansiQueryWithoutPermission, called: ssnRouted(254))), interface: nil)
        #expect(r.isDataRequest)
        #expect(r.events == events(.tcapSignalTransport))
        // The same SSN-routed query to a DPC that is not a company STP is switched.
        let other = c.classify(
            message(towardSTP, opc: ansi(250, 5, 1), dpc: ansi(252, 1, 1), si: SI.sccp,
                    tcap(.ansiQueryWithoutPermission, called: ssnRouted(254))), interface: nil)
        #expect(other.events == events(.tcapSignalTransport, .tcapSignalSwitching))
    }

    @Test func formulationOnlyForCompanySignalingPoints() {
        var c = Classifier(plan: workedExamplePlan())
        // From the STP, OPC 252-1-1 is another carrier's switch (not 244-10-*): no formulation.
        let r = c.classify(message(fromSTP, opc: ansi(252, 1, 1), dpc: ansi(250, 5, 1), si: SI.isup, isup(.iam)), interface: nil)
        #expect(r.events == events(.isupSignalTransport, .isupSignalSwitching))
    }

    @Test func decodeErrorsAreNeverCharged() {
        var c = Classifier(plan: workedExamplePlan())
        // A failed ISUP decode reaches the classifier as UserPart.other.
        let r = c.classify(message(fromSTP, opc: ansi(244, 10, 3), dpc: ansi(250, 5, 1), si: SI.isup, .other), interface: nil)
        #expect(r == Classification(link: 0, customer: 0, direction: .fromSTP))
    }

    @Test(arguments: [SCCPMessageType.udts, .xudts, .ludts])
    func returnedQueriesAreNotDataRequests(_ type: SCCPMessageType) {
        var c = Classifier(plan: workedExamplePlan())
        // A QWP to TT 11 returned in a service message is not a request: nothing charged.
        let r = c.classify(
            message(fromSTP, opc: ansi(244, 1, 0), dpc: ansi(250, 5, 1), si: SI.sccp,
                    tcap(.ansiQueryWithPermission, called: gt(tt: 11), sccpType: type)), interface: nil)
        #expect(r == Classification(link: 0, customer: 0, direction: .fromSTP))
    }

    @Test func xudtCarriesDataRequests() {
        var c = Classifier(plan: workedExamplePlan())
        // XUDT (not a service message) carrying a QWP to TT 11 is a data request to LNP.
        let r = c.classify(
            message(towardSTP, opc: ansi(250, 5, 1), dpc: ansi(244, 1, 0), si: SI.sccp,
                    tcap(.ansiQueryWithPermission, called: gt(tt: 11), sccpType: .xudt)), interface: nil)
        #expect(r.events == events(.query(database: 0)))
    }

    @Test func unidirectionalOnlyWhenConfigured() {
        let msg = message(towardSTP, opc: ansi(250, 5, 1), dpc: ansi(244, 1, 0), si: SI.sccp,
                          tcap(.ansiUnidirectional, called: gt(tt: 5)))
        var byDefault = Classifier(plan: workedExamplePlan())
        #expect(byDefault.classify(msg, interface: nil) == Classification(link: 0, customer: 0, direction: .towardSTP))
        var plan = workedExamplePlan()
        plan.dataRequests.insert(.ansiUnidirectional)
        var configured = Classifier(plan: plan)
        #expect(
            configured.classify(msg, interface: nil)
                == Classification(
                    link: 0, customer: 0, direction: .towardSTP, isDataRequest: true,
                    events: events(.tcapSignalTransport, .tcapSignalSwitching)))
    }

    @Test func defaultDataRequestsAreQWPQWoPAndBegin() {
        // CHARGING-RULES.md: QWP 0xE2, QWoP 0xE3, Begin 0x62; nothing else.
        for type in TCAPPackageType.allCases {
            let expected = [0xE2, 0xE3, 0x62].contains(type.identifier)
            #expect(TCAPPackageSet.defaultDataRequests.contains(type) == expected, "\(type)")
        }
    }

    @Test func eventSetAndNames() {
        var set = ChargeEventSet()
        #expect(set.isEmpty && set.count == 0)
        set.insert(.tcapSignalSwitching)
        set.insert(.isupSignalFormulation)
        set.insert(.query(database: 2))
        #expect(set.count == 3)
        #expect(set.contains(.query(database: 2)) && !set.contains(.query(database: 0)))
        #expect(!set.contains(.isupSignalTransport))
        // Ledger order: the fixed events in the rules' order, then the query.
        #expect(Array(set) == [.isupSignalFormulation, .tcapSignalSwitching, .query(database: 2)])
        let plan = NetworkPlan(
            variant: .ansi,
            databases: [.init(name: "800db"), .init(name: "lidb"), .init(name: "lnp")])
        #expect(set.map { plan.name(of: $0) } == ["isup_signal_formulation", "tcap_signal_switching", "query_lnp"])
        #expect(
            ChargeEvent.fixed.map { plan.name(of: $0) } == [
                "isup_signal_formulation", "isup_signal_transport", "isup_signal_switching",
                "tcap_signal_transport", "tcap_signal_switching",
            ])
    }
}

@Suite struct DirectionAndAttributionTests {
    @Test func mtp2SentFlagMeaningIsConfigured() {
        // OPC/DPC are company-to-company so point codes cannot decide: only the flag does.
        let m = { (sent: Bool) in
            message(.mtp2(link: 1, sent: sent), opc: ansi(244, 10, 3), dpc: ansi(244, 10, 4), si: SI.isup, isup(.acm))
        }
        var fromWhenSent = Classifier(plan: workedExamplePlan(mtp2Sent: .fromSTP))
        #expect(fromWhenSent.classify(m(true), interface: nil).direction == .fromSTP)
        #expect(fromWhenSent.classify(m(false), interface: nil).direction == .towardSTP)
        var towardWhenSent = Classifier(plan: workedExamplePlan(mtp2Sent: .towardSTP))
        #expect(towardWhenSent.classify(m(true), interface: nil).direction == .towardSTP)
        #expect(towardWhenSent.classify(m(false), interface: nil).direction == .fromSTP)
        var unset = Classifier(plan: workedExamplePlan(mtp2Sent: nil))
        #expect(unset.classify(m(true), interface: nil).direction == .unknown)
    }

    @Test func directionFromPointCodesWhenTheFlagMeansNothing() {
        var c = Classifier(plan: workedExamplePlan(mtp2Sent: nil))
        // OPC 250-5-1 is acme's -> toward the STP; DPC 250-5-1 is acme's -> from the STP.
        let up = c.classify(message(fromSTP, opc: ansi(250, 5, 1), dpc: ansi(244, 10, 3), si: SI.isup, isup(.iam)), interface: nil)
        let down = c.classify(message(fromSTP, opc: ansi(244, 10, 3), dpc: ansi(250, 5, 1), si: SI.isup, isup(.iam)), interface: nil)
        #expect(up.direction == .towardSTP && up.customer == 0 && up.link == 0)
        #expect(down.direction == .fromSTP && down.customer == 0)
        // Same events as the worked example's rows, now with the direction from point codes.
        #expect(up.events == events(.isupSignalTransport, .isupSignalSwitching))
        #expect(down.events == events(.isupSignalFormulation, .isupSignalTransport, .isupSignalSwitching))
    }

    @Test func unknownDirectionSwitchingNeedsNeitherEndToBeAnSTP() {
        // Link 1 with no flag meaning, point codes not acme's: direction unknown. Documented choice:
        // switched unless OPC or DPC is a company STP.
        var c = Classifier(plan: workedExamplePlan(mtp2Sent: nil))
        let neither = c.classify(message(fromSTP, opc: ansi(244, 10, 3), dpc: ansi(252, 1, 1), si: SI.isup, isup(.iam)), interface: nil)
        #expect(neither.direction == .unknown && neither.customer == 0)
        #expect(neither.events == events(.isupSignalFormulation, .isupSignalTransport, .isupSignalSwitching))
        let stpEnd = c.classify(message(fromSTP, opc: ansi(244, 10, 3), dpc: ansi(244, 1, 1), si: SI.isup, isup(.iam)), interface: nil)
        #expect(stpEnd.events == events(.isupSignalFormulation, .isupSignalTransport))
    }

    @Test func sctpEndpointOrder() {
        // Link id sctp:10.1.0.1:2906-10.0.0.1:2905: the customer's endpoint first.
        let customerEnd = IPAddress(ipv4: 0x0A01_0001), stpEnd = IPAddress(ipv4: 0x0A00_0001)
        let toward = SCTPEndpoints(source: customerEnd, destination: stpEnd, sourcePort: 2906, destinationPort: 2905)
        let from = SCTPEndpoints(source: stpEnd, destination: customerEnd, sourcePort: 2905, destinationPort: 2906)
        var plan = workedExamplePlan()
        plan.links.append(NetworkPlan.Link(name: "acme-m3ua", key: .sctp(towardSTP: toward), customer: 0, variant: .ansi))
        var c = Classifier(plan: plan)
        // Point codes would say the opposite (OPC 244-10-3 -> DPC acme = from the STP): the
        // endpoints win where the capture carries them.
        let m = { (e: SCTPEndpoints) in
            message(.sctp(e), opc: ansi(244, 10, 3), dpc: ansi(250, 5, 1), si: SI.isup, isup(.acm))
        }
        #expect(c.classify(m(toward), interface: nil) == Classification(link: 2, customer: 0, direction: .towardSTP))
        #expect(c.classify(m(from), interface: nil) == Classification(link: 2, customer: 0, direction: .fromSTP))
        // Another association (other port) is not this link: attributed by point codes (DPC acme).
        var other = toward
        other.sourcePort = 2907
        #expect(c.classify(m(other), interface: nil) == Classification(link: nil, customer: 0, direction: .fromSTP))
    }

    @Test func unconfiguredLinksAreAttributedByPointCodes() {
        var c = Classifier(plan: workedExamplePlan())
        let link7 = LinkIdentity.mtp2(link: 7, sent: true)
        // OPC 251-3-3 belongs to beta (251-*-*) -> beta, toward the STP.
        let beta = c.classify(message(link7, opc: ansi(251, 3, 3), dpc: ansi(244, 10, 3), si: SI.isup, isup(.iam)), interface: nil)
        #expect(
            beta == Classification(
                link: nil, customer: 1, direction: .towardSTP, isCallSetupRequest: true,
                events: events(.isupSignalTransport, .isupSignalSwitching)))
        // DPC 250-5-1 belongs to acme -> acme, from the STP.
        let acme = c.classify(message(link7, opc: ansi(244, 10, 3), dpc: ansi(250, 5, 1), si: SI.isup, isup(.iam)), interface: nil)
        #expect(acme.customer == 0 && acme.direction == .fromSTP && acme.link == nil)
        // Nobody's: unattributed, direction unknown, still charged (nothing is dropped). Neither end
        // is a company STP -> switched; OPC 244-10-9 is a company end office -> formulation.
        let nobody = c.classify(message(link7, opc: ansi(244, 10, 9), dpc: ansi(252, 1, 1), si: SI.isup, isup(.iam)), interface: nil)
        #expect(
            nobody == Classification(
                link: nil, customer: nil, direction: .unknown, isCallSetupRequest: true,
                events: events(.isupSignalFormulation, .isupSignalTransport, .isupSignalSwitching)))
    }

    @Test func interfaceLinks() {
        var c = Classifier(plan: workedExamplePlan())
        let m = message(.unknown, opc: ansi(244, 10, 3), dpc: ansi(252, 1, 1), si: SI.isup, isup(.acm))
        // iface:eth1 is beta's link (index 1): anything on eth1 no more specific link claims.
        #expect(c.classify(m, interface: "eth1") == Classification(link: 1, customer: 1, direction: .unknown))
        #expect(c.classify(m, interface: "eth2") == Classification(link: nil, customer: nil, direction: .unknown))
        #expect(c.classify(m, interface: nil) == Classification(link: nil, customer: nil, direction: .unknown))
        // MTP2 link 1 on eth1 is acme's link, not beta's.
        var onLink1 = m
        onLink1.link = fromSTP
        #expect(c.classify(onLink1, interface: "eth1") == Classification(link: 0, customer: 0, direction: .fromSTP))
        // An unconfigured MTP2 link on eth1 falls to the interface link.
        onLink1.link = .mtp2(link: 9, sent: true)
        #expect(c.classify(onLink1, interface: "eth1") == Classification(link: 1, customer: 1, direction: .unknown))
    }

    @Test func cacheFollowsTheLink() {
        // Alternating links must not reuse the previous answer.
        var c = Classifier(plan: workedExamplePlan())
        let ids: [(LinkIdentity, String?, Int?, Direction)] = [
            (fromSTP, nil, 0, .fromSTP), (towardSTP, nil, 0, .towardSTP), (.unknown, "eth1", 1, .unknown),
            (.unknown, nil, nil, .unknown), (fromSTP, "eth1", 0, .fromSTP), (.mtp2(link: 2, sent: true), nil, nil, .unknown),
            (towardSTP, nil, 0, .towardSTP),
        ]
        for _ in 0..<2 {
            for (id, interface, link, direction) in ids {
                let r = c.classify(message(id, opc: ansi(244, 10, 3), dpc: ansi(244, 10, 4), si: SI.isup, isup(.anm)), interface: interface)
                #expect(r.link == link && r.direction == direction, "\(id) \(interface ?? "-")")
            }
        }
    }
}

@Suite struct DatabaseMatchTests {
    // lnp: TT 11, and SSN 247 at 244-20-3; 800db: GT prefix 1800.
    func plan(order: [DatabaseMatch] = DatabaseMatch.allCases) -> NetworkPlan {
        var p = workedExamplePlan()
        p.databases = [
            NetworkPlan.Database(name: "lnp", translationTypes: [11], pointCodes: [mask("244-20-3")], ssns: [247]),
            NetworkPlan.Database(name: "800db", gtPrefixes: [DigitString("1800")]),
        ]
        p.databaseMatchOrder = order
        return p
    }

    func query(_ c: inout Classifier, dpc: PointCode = ansi(244, 1, 0), _ called: SCCPAddress) -> ChargeEventSet {
        c.classify(
            message(towardSTP, opc: ansi(250, 5, 1), dpc: dpc, si: SI.sccp, tcap(.ansiQueryWithPermission, called: called)),
            interface: nil
        ).events
    }

    let foreign = events(.tcapSignalTransport, .tcapSignalSwitching)

    @Test func byTranslationType() {
        var c = Classifier(plan: plan())
        #expect(query(&c, gt(tt: 11)) == events(.query(database: 0)))
        #expect(query(&c, gt(tt: 12)) == foreign)
        // TT of an SSN-routed address is not used for routing: not matched by TT.
        var ssnWithTT = ssnRouted(8, pc: ansi(252, 1, 1))
        ssnWithTT.translationType = 11
        #expect(query(&c, dpc: ansi(252, 1, 1), ssnWithTT) == foreign)
    }

    @Test func byPointCodeAndSSN() {
        var c = Classifier(plan: plan())
        // SSN-routed to 244-20-3 SSN 247: lnp, whether the PC is in the address or only the MTP DPC.
        #expect(query(&c, dpc: ansi(244, 20, 3), ssnRouted(247, pc: ansi(244, 20, 3))) == events(.query(database: 0)))
        #expect(query(&c, dpc: ansi(244, 20, 3), ssnRouted(247)) == events(.query(database: 0)))
        // The address's own PC wins over the DPC.
        #expect(query(&c, dpc: ansi(244, 20, 3), ssnRouted(247, pc: ansi(244, 20, 4))) == foreign)
        // Right PC, wrong SSN: not the database.
        #expect(query(&c, dpc: ansi(244, 20, 3), ssnRouted(248)) == foreign)
    }

    @Test func byGTPrefix() {
        var c = Classifier(plan: plan())
        #expect(query(&c, gt(tt: 0, digits: "18005551234")) == events(.query(database: 1)))
        #expect(query(&c, gt(tt: 0, digits: "18015551234")) == foreign)
        // Shorter than the prefix: no match.
        #expect(query(&c, gt(tt: 0, digits: "180")) == foreign)
    }

    @Test func matchOrderDecides() {
        // TT 11 (lnp) and digits 1800... (800db) both match: the first way in the order wins.
        let both = gt(tt: 11, digits: "18005551234")
        var ttFirst = Classifier(plan: plan())
        #expect(query(&ttFirst, both) == events(.query(database: 0)))
        var prefixFirst = Classifier(plan: plan(order: [.gtPrefix, .translationType]))
        #expect(query(&prefixFirst, both) == events(.query(database: 1)))
        // A way left out of the order is never used.
        var noPrefix = Classifier(plan: plan(order: [.translationType, .pointCodeSSN]))
        #expect(query(&noPrefix, gt(tt: 0, digits: "18005551234")) == foreign)
    }
}
