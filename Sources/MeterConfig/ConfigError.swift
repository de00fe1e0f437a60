/// One problem in a configuration file, with where it is: the line and the key path
/// (`link[1].customer`, `network.company_stps[0]`; arrays of tables count from 0).
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line; nil only when there is no line to point at (the file could not be read, or a
    /// required table is absent).
    public var line: Int?
    /// Empty for syntax errors and unreadable files.
    public var keyPath: String
    public var message: String

    public init(line: Int?, keyPath: String, message: String) {
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    /// `line 23: link[1].customer: no customer named "acm" (customers: acme, beta)`.
    public var description: String {
        var s = line.map { "line \($0): " } ?? ""
        if !keyPath.isEmpty { s += keyPath + ": " }
        return s + message
    }
}

/// Finds the line of a table header or of a key in TOML text, for errors that the TOML parser does
/// not position (it reports lines for syntax errors only). It reads just enough TOML to do so:
/// comments, basic and literal strings, and brackets of multi-line arrays and inline tables.
struct LineLocator {
    private struct Section {
        var name: String
        /// Occurrence of a `[[name]]` header, nil for `[name]` and the root.
        var occurrence: Int?
        var line: Int
        /// First line of each key (its first dotted component).
        var keys: [String: Int] = [:]
    }

    private var sections: [Section]

    init(text: String) {
        var sections = [Section(name: "", occurrence: nil, line: 1)]
        var occurrences: [String: Int] = [:]
        var depth = 0
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let (code, delta) = Self.scan(raw)
            let line = code.trimmed(" \t\r")
            defer { depth = max(0, depth + delta) }
            guard depth == 0, !line.isEmpty else { continue }
            if line.hasPrefix("[[") {
                guard let end = line.firstRange(of: "]]") else { continue }
                let name = Self.unquote(line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound])
                let n = occurrences[name, default: 0]
                occurrences[name] = n + 1
                sections.append(Section(name: name, occurrence: n, line: number))
            } else if line.hasPrefix("[") {
                guard let end = line.firstIndex(of: "]") else { continue }
                sections.append(Section(name: Self.unquote(line.dropFirst()[..<end]), occurrence: nil, line: number))
            } else if let eq = line.firstIndex(of: "=") {
                let key = Self.unquote(line[..<eq].split(separator: ".", maxSplits: 1).first ?? "")
                if sections[sections.count - 1].keys[key] == nil { sections[sections.count - 1].keys[key] = number }
            }
        }
        self.sections = sections
    }

    /// The line of `key` in the table `table` (occurrence `occurrence` of an array of tables), else
    /// of the table's header, else of a root key of that name (inline tables); nil if none.
    func line(table: String, occurrence: Int?, key: String?) -> Int? {
        if table.isEmpty, let key {
            // A top-level name: its table header, else a root key (inline table or plain value).
            let header = sections.first { $0.name == key || $0.name.hasPrefix(key + ".") }
            return header?.line ?? sections[0].keys[key] ?? sections[0].line
        }
        if let s = sections.first(where: { $0.name == table && $0.occurrence == occurrence }) {
            if let key, let l = s.keys[key] { return l }
            return s.line
        }
        return sections[0].keys[table]
    }

    /// The line without its comment, and how many brackets/braces it leaves open.
    private static func scan(_ line: Substring) -> (Substring, Int) {
        var delta = 0
        var quote: Character?
        var escaped = false
        var end = line.endIndex
        for i in line.indices {
            let c = line[i]
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "#": end = i
            case "[", "{": delta += 1
            case "]", "}": delta -= 1
            default: break
            }
            if end != line.endIndex { break }
        }
        return (line[..<end], delta)
    }

    private static func unquote(_ s: Substring) -> String {
        var t = s.trimmed(" \t")
        if t.count >= 2, let f = t.first, f == "\"" || f == "'", t.last == f { t = String(t.dropFirst().dropLast()) }
        return t
    }
}

extension StringProtocol {
    /// Without leading and trailing characters of `set` (no Foundation needed for this).
    func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
