import UTCTime

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
    let t = UTCDateTime(epochSeconds: seconds)
    let p = UTCDateTime.pad
    return "\(p(t.year, 4))-\(p(t.month, 2))-\(p(t.day, 2))T\(p(t.hour, 2)):\(p(t.minute, 2)):\(p(t.second, 2))Z"
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
        let ss = num(17, 19)
    else { return nil }
    return UTCDateTime(year: y, month: m, day: d, hour: hh, minute: mm, second: ss)?.epochSeconds
}
