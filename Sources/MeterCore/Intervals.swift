/// Packet time in nanoseconds since the Unix epoch (UTC).
public typealias PacketTime = Int64

/// Intervals aligned to UTC boundaries of packet time, so that a replay bins exactly as live metering
/// did (as Zeek's `calc_next_rotate` aligns rotation to whole intervals).
public struct IntervalSchedule: Sendable, Hashable {
    public let lengthSeconds: Int64

    public init(lengthSeconds: Int64) {
        precondition(lengthSeconds > 0, "interval length must be positive")
        self.lengthSeconds = lengthSeconds
    }

    /// Start (UTC seconds) of the interval holding `time`; floor division, so times before 1970 bin too.
    public func start(containing time: PacketTime) -> Int64 {
        let seconds = time >= 0 ? time / 1_000_000_000 : (time - 999_999_999) / 1_000_000_000
        let r = seconds % lengthSeconds
        return r >= 0 ? seconds - r : seconds - r - lengthSeconds
    }

    public func end(ofIntervalStarting start: Int64) -> Int64 { start + lengthSeconds }
}

/// RFC 3339 UTC text of whole seconds, `2026-11-21T10:15:00Z`.
public func rfc3339(_ seconds: Int64) -> String {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let secs = seconds - days * 86_400
    let z = days + 719_468  // Howard Hinnant's civil_from_days
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    func pad(_ v: Int64, _ w: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secs / 3600, 2)):\(pad(secs / 60 % 60, 2)):\(pad(secs % 60, 2))Z"
}

/// Parses `rfc3339`'s output (and `YYYY-MM-DDThh:mm:ssZ` generally) back to UTC seconds.
public func parseRFC3339(_ text: String) -> Int64? {
    let u = Array(text.utf8)
    guard u.count == 20, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58, u[19] == 90 else { return nil }
    func num(_ a: Int, _ b: Int) -> Int64? {
        var v: Int64 = 0
        for i in a..<b {
            guard u[i] >= 48 && u[i] <= 57 else { return nil }
            v = v * 10 + Int64(u[i] - 48)
        }
        return v
    }
    guard let y = num(0, 4), let m = num(5, 7), let d = num(8, 10), let hh = num(11, 13), let mm = num(14, 16),
        let ss = num(17, 19), (1...12).contains(m), (1...31).contains(d), hh < 24, mm < 60, ss < 61
    else { return nil }
    // days_from_civil (Hinnant).
    let yy = m <= 2 ? y - 1 : y
    let era = (yy >= 0 ? yy : yy - 399) / 400
    let yoe = yy - era * 400
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let days = era * 146_097 + doe - 719_468
    return days * 86_400 + hh * 3600 + mm * 60 + ss
}
