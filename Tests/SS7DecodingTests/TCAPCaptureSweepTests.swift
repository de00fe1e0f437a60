import Testing
import ByteParsing
@testable import SS7Decoding

/// Every TCAP message in the public captures that tshark 4.0.17 decodes as `tcap` or `ansi_tcap`
/// (files and options as in /work/shared/captures/public/INDEX.md; frames holding several MSUs give
/// several messages). Bytes: the proto's pos/size in `tshark -T pdml`, cut from `tshark -x`.
/// Expected values: tshark's fields: the package `*_element`, `tcap.otid`/`tcap.dtid` or
/// `ansi_tcap.identifier`, the item count of `tcap.components`/`ansi_tcap.componentPortion`, the
/// local/private opcode of the first invoke (`camel.local`, `gsm_old.localValue`,
/// `ansi_tcap.private`), and any dialogue portion or abort reason.
@Suite struct TCAPCaptureSweepTests {
    static let messages: [RealTCAP] = [
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 1",
            "628187480206f76b1e281c060700118605010101a011600f80020780a1090607040000010032016c" +
            "61a15f020101020100305780012a830884111487095040f79c01029f32061487572586f9bf341481" +
            "07913366020000f0a3098007313233343536379f3605a12345678f9f3707913366020000f09f3807" +
            "111487085040f79f39080230900211223370",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("06f7"), componentCount: 1,
                firstOperation: .local(0), hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 2",
            "6581be480213b8490206f76b2a2828060700118605010101a01d611b80020780a109060704000001" +
            "003201a203020100a305a1030201006c8187a165020101020117305da05b300b800104810100a203" +
            "800102300b800105810100a203800102300b800106810100a203800102300b800107810101a20380" +
            "0102300b800109810100a203800101300b800109810100a203800102300b80010a810101a2038001" +
            "01a116020102020123300e8007a0058003008ca0a203800101a10602010302011f",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("13b8"),
                destinationTransactionID: tcapTID("06f7"), componentCount: 3, firstOperation: .local(23),
                hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 3",
            "651c480206f7490213b86c12a1100201020201183008800107a403800101",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("06f7"),
                destinationTransactionID: tcapTID("13b8"), componentCount: 1, firstOperation: .local(24))),
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 4",
            "653a4802ec0f49020d7c6c30a117020103020124040fa00da003810101a10380011a820100a11502" +
            "0104020118300d800109a303810101a403800100",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("ec0f"),
                destinationTransactionID: tcapTID("0d7c"), componentCount: 2, firstOperation: .local(36))),
        RealTCAP(
            "wiresharkwiki__camel.pcap frame 5",
            "64124902ec0f6c0ca10a02010402011604028490",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("ec0f"), componentCount: 1,
                firstOperation: .local(22))),
        RealTCAP(
            "wiresharkwiki__camel2.pcap frame 1",
            "6281994804070004006b1a2818060700118605010101a00d600ba1090607040000010032016c75a1" +
            "73020101020100306b80016e8208839021721090000f830303975785010a8c06831407010900bb05" +
            "80038090a39c01029d068314070109009e0203619f320806079209100491f9bf35038301119f3605" +
            "13fa3d3dea9f37069122705700709f39080250114231016500bf3b088106912270570070",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("07000400"), componentCount: 1,
                firstOperation: .local(0), hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__camel2.pcap frame 2",
            "6581b24802047b4904070004006b2a2828060700118605010101a01d611b80020780a10906070400" +
            "0001003201a203020100a305a1030201006c7aa165020101020117305da05b300b800104810100a2" +
            "03800102300b800105810100a203800102300b800106810100a203800102300b800107810101a203" +
            "800102300b800109810100a203800101300b800109810100a203800102300b80010a810101a20380" +
            "0101a1110201020201143009a00704050210792210",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("047b"),
                destinationTransactionID: tcapTID("07000400"), componentCount: 2, firstOperation: .local(23),
                hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__camel2.pcap frame 3",
            "65264804070004004902047b6c1aa1180201020201183010800104a206a20480028490a303810102",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("07000400"),
                destinationTransactionID: tcapTID("047b"), componentCount: 1, firstOperation: .local(24))),
        RealTCAP(
            "wiresharkwiki__camel2.pcap frame 4",
            "64144904070004006c0ca10a02010302011604028495",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("07000400"), componentCount: 1,
                firstOperation: .local(22))),
        RealTCAP(
            "wiresharkwiki__gsm_map_with_ussd_string.pcap frame 1",
            "626a48042f3b46026b3a2838060700118605010101a02d602b80020780a109060704000001001302" +
            "be1a2818060704000001010101a00da00b80099656051124006913f66c26a12402010102013b301c" +
            "04010f040eaa180da682dd6c31192d36bbdd468007917267415827f2",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("2f3b4602"), componentCount: 1,
                firstOperation: .local(59), hasDialoguePortion: true)),
        // tshark leaves this component undissected (Data); its bytes a1 1e 02 01 00 02 01 01 are an
        // Invoke with invokeID 0 and local opcode 1.
        RealTCAP(
            "wiresharkwiki__japan_tcap_over_m2pa.pcap frame 3",
            "62284804182500016c20a11e020100020101301684090100210a082012111184090200210a060900" +
            "0000",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("18250001"), componentCount: 1,
                firstOperation: .local(1))),
        RealTCAP(
            "wiresharkwiki__japan_tcap_over_m2pa.pcap frame 5",
            "641b4904182500016c13a211020100300c0201018207010a0689661111",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("18250001"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 1",
            "6264480482a3d1e66b1e281c060700118605010101a011600f80020780a109060704000001000503" +
            "6c3ca13a0201010201163032800791217643782bf88301008607916164268230f98704150472bdab" +
            "04030205c0b10f0a0101040a0a088413217643782908",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("82a3d1e6"), componentCount: 1,
                firstOperation: .local(22), hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 1 message 2",
            "651e48048321aaeb49043d1a45bc6c10a20e02011130090201073004860205c0",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("8321aaeb"),
                destinationTransactionID: tcapTID("3d1a45bc"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 2",
            "644249044a6600036b262824060700118605010101a0196117a109060704000001001d03a2030201" +
            "00a305a1030201006c12a210020101300b02014730063004a1028100",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("4a660003"), componentCount: 1,
                hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 2 message 2",
            "672d490482a3d1e66b252823060700118605010101a0186416800100be11280f0607040000010101" +
            "01a004a4028000",
            TCAPMessage(packageType: .ituAbort, destinationTransactionID: tcapTID("82a3d1e6"),
                hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 2 message 3",
            "65404804351911154904836166166c32a1300201120201073028a726a00d04012b30083006820110" +
            "840104a015040121301030068301108401043006820110840104",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("35191115"),
                destinationTransactionID: tcapTID("83616616"), componentCount: 1, firstOperation: .local(7))),
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 2 message 4",
            "645149041428fdd06b262824060700118605010101a0196117a109060704000001001403a2030201" +
            "00a305a1030201006c21a21f02018b301a02012d3015040813200684407182f3a009810791616426" +
            "8220f0",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("1428fdd0"), componentCount: 1,
                hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__SRI_Invalid_MSISDN11.pcap frame 2 message 5",
            "645149040f2822656b262824060700118605010101a0196117a109060704000001001403a2030201" +
            "00a305a1030201006c21a21f02016c301a02012d3015040813200634509080f9a009810791216013" +
            "8350f2",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("0f282265"), componentCount: 1,
                hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__packlog-example.cap frame 3",
            "672e4904009059566b262824060700118605010101a0196117a109060704000001001902a2030201" +
            "01a305a103020102",
            TCAPMessage(packageType: .ituAbort, destinationTransactionID: tcapTID("00905956"),
                hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__packlog-example.cap frame 4",
            "62264804005d6add6b1e281c060700118605010101a011600f80020780a109060704000001001902",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("005d6add"),
                hasDialoguePortion: true)),
        RealTCAP(
            "wiresharkwiki__packlog-example.cap frame 5",
            "64104904003059246c08a306020101020122",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("00305924"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 1",
            "e257c70400000048e84fe94dcf0101d102090ff2448107000c020000120084060100210454819503" +
            "000c029601139f50060200010302089f200509090000089f7b0207309f82170120bf82180c9f8215" +
            "037070189f82190103",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("00000048"),
                componentCount: 1, firstOperation: .ansiPrivate(2319))),
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 2",
            "e269c70400000049e861e95fcf0101d1020940f2568107000c020000120084060100210454819503" +
            "000c029f7b0207309f82170126bf82180c9f8215037070189f821901039f50060200010302088904" +
            "fe3a2e7e880517193254819601139f821302fe209f82350300158f",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("00000049"),
                componentCount: 1, firstOperation: .ansiPrivate(2368))),
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 3",
            "e414c70400000049e80cea0acf0101f2059f81000101",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("00000049"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 4",
            "e257c7040000004ae84fe94dcf0101d102090ff2448107000c020000120084060100210454819503" +
            "000c029601139f50060200010302089f200509090000089f7b0207309f82170122bf82180c9f8215" +
            "037070189f82190103",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("0000004a"),
                componentCount: 1, firstOperation: .ansiPrivate(2319))),
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 5",
            "e27fc7040000004be877e975cf0101d1020940f26c8107000c020000120084060100210454819503" +
            "000c029f7b0207309f82170127bf82180c9f8215037070189f821901039f50060200010302089f57" +
            "060600010421439f5801178904fe3a2e7e9f5d06000021045481880517193254819601139f821302" +
            "fe209f823503001599",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("0000004b"),
                componentCount: 1, firstOperation: .ansiPrivate(2368))),
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 6",
            "e41dc7040000004be815ea13cf0101f20e9f810001019f8231053940000006",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("0000004b"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 7",
            "e166c700e862e960cf0101d1020955f2578107000c02000012008904fe3a2e7e9503000c02880517" +
            "193254819f821302fe209f8235030015c19f7b0207309f82170145bf82180c9f8215037070189f82" +
            "1901039f210200019f5d0600002104548182020001960113",
            TCAPMessage(packageType: .ansiUnidirectional, componentCount: 1, firstOperation: .ansiPrivate(2389))),
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 8",
            "e25ac7040000004de852e950cf017ad1020956f2478107000c02000012008904fe3a2e7e9503000c" +
            "02880517193254819f821302fe209f8235030015f39f821701469f210200019f5d06000021045481" +
            "9f8234010182020001960113",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("0000004d"),
                componentCount: 1, firstOperation: .ansiPrivate(2390))),
        RealTCAP(
            "wiresharkwiki__ansi_map_win.pcap frame 9",
            "e418c7040000004de810ea0ecf017af2099f8231053940000006",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("0000004d"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_tcap_over_itu_sccp_over_mtp3_over_mtp2.pcap frame 1",
            "e27cc70461060390e874e972cf0101d102092ff26995033940018805011890002789048d2ad4fe81" +
            "07394001011c30009f6204000000009f7b020c719f21021004840a0100210b403480000102820201" +
            "049f5d090000210a33135009279f50090200210a33135009279f82170124bf82180c9f8215037d7b" +
            "1f9f8219010f",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("61060390"),
                componentCount: 1, firstOperation: .ansiPrivate(2351))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 1",
            "e233c70400000000e82be929cf0100d1020935f2209f69009f74009f81000108880516193204009f" +
            "814101019f8143052222222222",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("00000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2357))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 2",
            "e427c70400000000e81fea1dcf0100f2188904fe3a2fe59f81380500000026319503000c069f3101" +
            "00",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("00000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 3",
            "e239c70401000000e831e92fcf0101d1020935f2269f69009f74009f8100010e8904fe3a2fe58805" +
            "16193204009f814101019f8143052222222222",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("01000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2357))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 4",
            "e40fc70401000000e807ea05cf0101f200",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("01000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 5",
            "e232c70402000000e82ae928cf0102d1020935f21f9f6907090100030000009f74008904fe3a2fe5" +
            "880516193204009f81410101",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("02000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2357))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 6",
            "e416c70402000000e80eea0ccf0102f2079f690409010000",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("02000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 7",
            "e231c70403000000e829e927cf0103d1020935f21e9f69060004000102039f74008904fe3a2fe588" +
            "0516193204009f81410101",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("03000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2357))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 8",
            "e451c70403000000e849ea47cf0103f2429f693f0004001429c0012d40c1f3e3f9fe76198dc50040" +
            "020000800106a61912345a10021020060f9f1fcff3b0cc6e28020010000403070f9f1bf80623d000" +
            "000000",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("03000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 9",
            "e240c70404000000e838e936cf0104d1020935f22d9f69150101001129c0010000637f00c47a85c0" +
            "40020000809f74008904fe3a2fe5880516193204009f81410101",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("04000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2357))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 10",
            "e416c70404000000e80eea0ccf0104f2079f690401010000",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("04000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 11",
            "e22cc70405000000e824e922cf0105d1020935f2199f6901059f74008904fe3a2fe5880516193204" +
            "009f81410101",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("05000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2357))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 12",
            "e414c70405000000e80cea0acf0105f2059f69020500",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("05000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 13",
            "e239c70406000000e831e92fcf0106d1020935f2269f69009f74009f810001098904fe3a2fe58805" +
            "16193204009f813b0516193254109f81410101",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("06000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2357))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 14",
            "e24bc70414000000e843e941cf0101d102090df2388904fe3a2fe5880516193254109503000c0691" +
            "01039601139f210200019f2005010a0000079f68070031d30a0000089f2201039f7b0203a0",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("14000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2317))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 15",
            "e43cc70414000000e834ea32cf0101f22d9601138e0206009503000c109f4e010199037a0d119f5d" +
            "07000021063654109701079f7301009f750100980102",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("14000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 16",
            "e40fc70406000000e807ea05cf0106f200",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("06000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 17",
            "e235c70417000000e82de92bcf0101d102090ff2228107000c060000010084070100210636541095" +
            "03000c069601139f2005090a000008",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("17000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2319))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 18",
            "e441c70417000000e839ea37cf0101f2328904fe3a2fe5880516193254109503000c069f5801179f" +
            "5d07000021063654109f200504040000069f640700002106365410",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("17000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 19",
            "e22bc7041a000000e823e921cf0101d1020917f2188904fe3a2fe588051619325410930104960113" +
            "9f7b0203a0",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("1a000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2327))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 20",
            "e430c7041a000000e828ea26cf0101f2218407060021063654209f5801039f5d0700002106365410" +
            "9f640700002106365410",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("1a000000"), componentCount: 1)),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 21",
            "e235c7041d000000e82de92bcf0101d102090ff2228107000c060000030084070100210636542095" +
            "03000c069601139f2005090a000008",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("1d000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2319))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 22",
            "e23ec70405000000e836e934cf0101d1020910f22b8107000c06000003008904fe3a2fd788051619" +
            "3254209503000c069601139f210200019f2005090a000008",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("05000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2320))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 23",
            "e23ec70405000000e836e934cf0101d1020910f22b8107000c06000003008904fe3a2fd788051619" +
            "3254209503000c069601139f210200019f2005090a000008",
            TCAPMessage(packageType: .ansiQueryWithPermission, originatingTransactionID: tcapTID("05000000"),
                componentCount: 1, firstOperation: .ansiPrivate(2320))),
        RealTCAP(
            "wiresharkwiki__ansi_map_ota.pcap frame 24",
            "e424c7041d000000e81cea1acf0101f2158904fe3a2fd7880516193254209503000c06940104",
            TCAPMessage(packageType: .ansiResponse, destinationTransactionID: tcapTID("1d000000"), componentCount: 1)),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__invokeUpdate.pcap frame 1",
            "625d480325c60f6b1e281c060700118605010101a011600f80020780a1090607040000010001036c" +
            "36a134020101020102302c040854046001073104f5810691683152149304069168315214938a0405" +
            "3b4600a60a800206c08400850206c0",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("25c60f"), componentCount: 1,
                firstOperation: .local(2), hasDialoguePortion: true)),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_cgGT_in_end_of_msg.pcap frame 1",
            "62464804c610036e6b1e281c060700118605010101a011600f80020780a109060704000001000e03" +
            "6c80a11a0201010201383012800854046001076029f002010181008301000000",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("c610036e"), componentCount: 1,
                firstOperation: .local(56), hasDialoguePortion: true)),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_continue.pcap frame 1",
            "65164804e1140b714904000063656c08a106020103020138",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("e1140b71"),
                destinationTransactionID: tcapTID("00006365"), componentCount: 1, firstOperation: .local(56))),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_could_not_find_comp.pcap frame 1",
            "6581b048040000636a49040f000a8f6c81a1a1819e020102020107308195b081920500a1818d302e" +
            "02010a9002f121920324621f94080777656262696e678009017396fefe65fb000081020800820311" +
            "9e0083029e00302d0201029002f121920324621f9407066d6f62696c658009027396fefe75fb0000" +
            "810208008203119e0083029e00302c0201049002f121920324621f940605686b63736c8009027396" +
            "fefe75fb0000810208008203119e0083029e00",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("0000636a"),
                destinationTransactionID: tcapTID("0f000a8f"), componentCount: 1, firstOperation: .local(7))),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_long_length_continue2.pcap frame 1",
            "6581984804000063d049048ac000646b262824060700118605010101a0196117a109060704000001" +
            "000e03a203020100a305a1030201006c62a260020100305b020138a356a15430520410c799935376" +
            "8f3910bd51d517add702c80408f13f5e1e41771f5b0410e6ec7711f837e5956d98c22532ee045304" +
            "102d73f39c70e66f6599b4c056169b0b3c04100f991c89fd36800068431750c32ee325",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("000063d0"),
                destinationTransactionID: tcapTID("8ac00064"), componentCount: 1, hasDialoguePortion: true)),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_long_length_in_dialogue.pcap frame 1",
            "644b4904000006636b802880060700118605010101a080618080020780a180060704000001000203" +
            "0000a2800201000000a380a1800201000000000000000000000000006c07a2800201000000",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("00000663"), componentCount: 1,
                hasDialoguePortion: true)),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_op_code.pcap frame 1",
            "6581b04804000063744904037f02076c81a1a1819e020102020107308195b081920500a1818d302e" +
            "02010a9002f121920324621f94080777656262696e678009017396fefe65fb000081020800820311" +
            "9e0083029e00302d0201029002f121920324621f9407066d6f62696c658009027396fefe75fb0000" +
            "810208008203119e0083029e00302c0201049002f121920324621f940605686b63736c8009027396" +
            "fefe75fb0000810208008203119e0083029e00",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("00006374"),
                destinationTransactionID: tcapTID("037f0207"), componentCount: 1, firstOperation: .local(7))),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_payload_data.pcap frame 1",
            "625d4803259e086b1e281c060700118605010101a011600f80020780a1090607040000010001036c" +
            "36a134020101020102302c040854046001073104f5810691683152149304069168315214938a0485" +
            "973a00a60a800206c08400850206c0",
            TCAPMessage(packageType: .ituBegin, originatingTransactionID: tcapTID("259e08"), componentCount: 1,
                firstOperation: .local(2), hasDialoguePortion: true)),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_special.pcap frame 2",
            "64819249048b6a000e6b262824060700118605010101a0196117a109060704000001000e03a20302" +
            "0100a305a1030201006c62a260020101305b020138a356a1543052041066a025e022b9f9ba6fd2b6" +
            "fdf481f75b04081050701acbd138df0410dffb32834b68a0732b99b133f5aa535104105660b9f9d0" +
            "b133bb1c01625d4d79b7ca0410c1d26e7f402a80007c962260ec8fd846",
            TCAPMessage(packageType: .ituEnd, destinationTransactionID: tcapTID("8b6a000e"), componentCount: 1,
                hasDialoguePortion: true)),
        RealTCAP(
            "timkam-ss7-firewall-rule-mining__test_pcap__test_unknown_tcap_tag.pcap frame 1",
            "658198480400006385490403f805fe6b262824060700118605010101a0196117a109060704000001" +
            "000e03a203020100a305a1030201006c62a2600201d7305b020138a356a15430520410cf21405abc" +
            "a441d9b407085d4a7c325d0408c5daf88b62767dc80410e0d0fa8a32a48acf6ca8a7936f0219ef04" +
            "109d0df7e210e4cf97fc3f70b6e359c448041084c4ebc9edb480007677ad3b6ed6a227",
            TCAPMessage(packageType: .ituContinue, originatingTransactionID: tcapTID("00006385"),
                destinationTransactionID: tcapTID("03f805fe"), componentCount: 1, hasDialoguePortion: true)),
    ]

    @Test(arguments: messages)
    func matchesTshark(_ m: RealTCAP) throws {
        #expect(try decodeTCAP(m.bytes) == m.expected)
    }

    @Test func packageTypeTotalsMatchTruthJSON() throws {
        // truth.json: tcap_itu message_type and tcap_ansi package_type, summed over these files.
        var totals: [String: Int] = [:]
        for m in Self.messages {
            let type = try decodeTCAP(m.bytes).packageType
            totals[type.summaryKey + (type.isANSI ? "/ansi" : ""), default: 0] += 1
        }
        #expect(totals == [
            "begin": 9, "continue": 12, "end": 9, "abort": 2,
            "query_with_permission/ansi": 19, "response/ansi": 14, "unidirectional/ansi": 1,
        ])
    }
}
