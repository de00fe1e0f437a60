/// A JSON value of the kinds a ledger line may hold. There are no floating-point numbers: counts,
/// durations and times are integers, so every encoding is exact and reproducible.
public indirect enum JSONValue: Equatable, Sendable {
    case int(Int64)
    case string(String)
    case bool(Bool)
    case object(JSONObject)
    case array([JSONValue])
    case null
}

/// An ordered JSON object with one deterministic encoding: keys in insertion order, no spaces,
/// strings escaped per RFC 8259 (quote, backslash and control characters only; everything else is
/// written as UTF-8). Two runs that build the same objects write byte-identical files.
public struct JSONObject: Equatable, Sendable {
    /// The members in insertion order.
    public private(set) var members: [(key: String, value: JSONValue)] = []

    public init() {}

    /// Sets `key`: replaces the value in place if the key is present, otherwise appends it.
    public mutating func set(_ key: String, _ value: JSONValue) {
        if let i = members.firstIndex(where: { $0.key == key }) {
            members[i].value = value
        } else {
            members.append((key, value))
        }
    }

    /// The value of `key`, if present.
    public subscript(key: String) -> JSONValue? {
        members.first(where: { $0.key == key })?.value
    }

    /// The deterministic encoding, without a line terminator.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        JSONEncoding.append(.object(self), to: &out)
        return out
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

enum JSONEncoding {
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .int(let n): out.append(contentsOf: String(n).utf8)
        case .string(let s): appendString(s, to: &out)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A strict parser for one ledger line (RFC 8259 without fractions or exponents, since the ledger
/// never writes them). Bounded: nesting depth is capped and integers must fit in Int64.
struct JSONParser {
    struct Failure: Error {}
    private let bytes: [UInt8]
    private var i = 0
    private static let maxDepth = 32

    static func parseObject(_ bytes: [UInt8]) -> JSONObject? {
        var parser = JSONParser(bytes: bytes)
        guard let value = try? parser.value(depth: 0) else { return nil }
        parser.skipSpace()
        guard parser.i == bytes.count, case .object(let object) = value else { return nil }
        return object
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D {
            i += 1
        }
    }

    private mutating func expect(_ literal: String) throws(Failure) {
        for b in literal.utf8 {
            guard i < bytes.count, bytes[i] == b else { throw Failure() }
            i += 1
        }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < Self.maxDepth else { throw Failure() }
        skipSpace()
        guard i < bytes.count else { throw Failure() }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var object = JSONObject()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(":")
                let member = try value(depth: depth + 1)
                guard object[key] == nil else { throw Failure() }  // duplicate keys are ambiguous
                object.set(key, member)
                skipSpace()
                guard i < bytes.count else { throw Failure() }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                try expect("}")
                return .object(object)
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw Failure() }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                try expect("]")
                return .array(items)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return .int(try integer())
        }
    }

    private mutating func integer() throws(Failure) -> Int64 {
        let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let start = i
        var magnitude: UInt64 = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(bytes[i] - 0x30))
            guard !o1, !o2 else { throw Failure() }
            magnitude = s
            i += 1
        }
        let digits = i - start
        guard digits > 0, !(digits > 1 && bytes[start] == 0x30) else { throw Failure() }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw Failure() }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw Failure() }
        return Int64(magnitude)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw Failure() }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: throw Failure()
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    private mutating func string() throws(Failure) -> String {
        try expect("\"")
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw Failure() }
            let b = bytes[i]
            i += 1
            switch b {
            case UInt8(ascii: "\""):
                // Reject invalid UTF-8 instead of repairing it: a repaired line would not re-encode to itself.
                guard let s = String(validating: out, as: UTF8.self) else { throw Failure() }
                return s
            case 0..<0x20: throw Failure()
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { throw Failure() }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        try expect("\\u")
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Failure() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw Failure() }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw Failure()
                }
            default: out.append(b)
            }
        }
    }
}

extension JSONValue {
    /// The value as Foundation-style `Any` for reports: Int64, String, Bool, [String: Any], [Any], or
    /// `Optional<Any>.none` for null.
    var anyValue: Any {
        switch self {
        case .int(let n): return n
        case .string(let s): return s
        case .bool(let b): return b
        case .null: return Optional<Any>.none as Any
        case .array(let items): return items.map(\.anyValue)
        case .object(let o): return o.dictionary
        }
    }

    var intValue: Int64? { if case .int(let n) = self { n } else { nil } }
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
}

extension JSONObject {
    /// The members as a dictionary (order is lost), for reports.
    public var dictionary: [String: Any] {
        var d: [String: Any] = [:]
        for m in members { d[m.key] = m.value.anyValue }
        return d
    }
}
