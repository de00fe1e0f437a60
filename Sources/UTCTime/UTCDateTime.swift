/// The UTC calendar fields of a Unix time, and back, by Howard Hinnant's `civil_from_days` and
/// `days_from_civil`: exact integer arithmetic for any date, with no Foundation formatter or time zone
/// data, so that packet times print the same everywhere. Formats are the callers'; this is only the
/// calendar.
public struct UTCDateTime: Hashable, Sendable {
    public var year: Int64
    public var month: Int64
    public var day: Int64
    public var hour: Int64
    public var minute: Int64
    public var second: Int64

    /// The fields of `epochSeconds` (seconds since 1970-01-01T00:00:00Z; negative values too).
    public init(epochSeconds: Int64) {
        let days = Self.floorDiv(epochSeconds, 86_400)
        let secs = epochSeconds - days * 86_400
        let z = days + 719_468
        let era = Self.floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        hour = secs / 3600
        minute = secs / 60 % 60
        second = secs % 60
    }

    /// Fields within their ranges (month 1-12, day 1-31, hour < 24, minute < 60, second < 61), else nil.
    public init?(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64) {
        guard (1...12).contains(month), (1...31).contains(day), (0..<24).contains(hour), (0..<60).contains(minute),
            (0..<61).contains(second)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Seconds since the epoch.
    public var epochSeconds: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = Self.floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// `value` in decimal, zero-padded on the left to `width` digits.
    public static func pad(_ value: Int64, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
