import Testing
import UTCTime

/// Values from `date -u -d @N +%Y-%m-%dT%H:%M:%S` (GNU coreutils).
@Suite struct UTCDateTimeTests {
    static let cases: [(Int64, Int64, Int64, Int64, Int64, Int64, Int64)] = [
        (0, 1970, 1, 1, 0, 0, 0),
        (1_709_553_600, 2024, 3, 4, 12, 0, 0),          // date -u -d @1709553600
        (951_782_400, 2000, 2, 29, 0, 0, 0),            // a leap day in a leap century
        (1_795_255_200, 2026, 11, 21, 10, 0, 0),
        (-1, 1969, 12, 31, 23, 59, 59),
        (253_402_300_799, 9999, 12, 31, 23, 59, 59),
    ]

    @Test(arguments: cases)
    func fieldsAndBack(_ c: (Int64, Int64, Int64, Int64, Int64, Int64, Int64)) {
        let t = UTCDateTime(epochSeconds: c.0)
        #expect([t.year, t.month, t.day, t.hour, t.minute, t.second] == [c.1, c.2, c.3, c.4, c.5, c.6])
        #expect(UTCDateTime(year: c.1, month: c.2, day: c.3, hour: c.4, minute: c.5, second: c.6)?.epochSeconds == c.0)
    }

    @Test func rejectsOutOfRangeFields() {
        #expect(UTCDateTime(year: 2024, month: 13, day: 1, hour: 0, minute: 0, second: 0) == nil)
        #expect(UTCDateTime(year: 2024, month: 1, day: 1, hour: 24, minute: 0, second: 0) == nil)
        #expect(UTCDateTime.pad(7, 2) == "07" && UTCDateTime.pad(2024, 2) == "2024")
    }
}
