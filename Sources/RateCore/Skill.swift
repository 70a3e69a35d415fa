/// A technology or skill, by its canonical name when the catalogue knows it, else as written.
public struct Skill: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let name: String
    /// Whether the catalogue recognised it. Unknown skills are kept, not dropped.
    public let isKnown: Bool

    public init(name: String, isKnown: Bool) {
        self.name = name
        self.isKnown = isKnown
    }

    public var description: String { name }
    public static func < (lhs: Skill, rhs: Skill) -> Bool { lhs.name.lowercased() < rhs.name.lowercased() }
}

/// The canonical skill catalogue with aliases ("golang" → Go, "C# / .NET" → C#, "Postgres" → PostgreSQL).
public struct SkillCatalog: Sendable {
    public struct Entry: Sendable, Hashable, Codable {
        public var name: String
        public var kind: String
        public var aliases: [String]
    }

    public private(set) var entries: [Entry] = []
    private var byKey: [String: String] = [:]

    /// - Parameter rows: rows of `skills.csv` (`skill`, `kind`, `aliases` separated by `|`).
    public init(rows: [[String: String]]) {
        for row in rows {
            let name = (row["skill"] ?? "").trimmed
            guard !name.isEmpty else { continue }
            let aliases = (row["aliases"] ?? "").split(separator: "|").map { String($0).trimmed }.filter { !$0.isEmpty }
            entries.append(Entry(name: name, kind: (row["kind"] ?? "").trimmed, aliases: aliases))
            byKey[SkillCatalog.key(name)] = name
            for alias in aliases { byKey[SkillCatalog.key(alias)] = name }
        }
    }

    /// Skill names compare without case or spaces but keep symbols, so "C#", "C++" and "C" stay apart.
    static func key(_ text: String) -> String {
        // ASCII fast path: skill names are looked up on every estimate request.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(
                decoding: text.utf8.compactMap { byte -> UInt8? in
                    switch byte {
                    case 0x41...0x5A: byte + 0x20
                    case 0x09...0x0D, 0x20: nil
                    default: byte
                    }
                },
                as: UTF8.self
            )
        }
        return String(text.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    /// The skill for a name as written; `nil` for blank text.
    public func resolve(_ text: String) -> Skill? {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { return nil }
        if let name = byKey[SkillCatalog.key(trimmed)] { return Skill(name: name, isKnown: true) }
        return Skill(name: trimmed, isKnown: false)
    }

    /// Resolves a list, dropping blanks and duplicates, keeping first-seen order.
    public func resolve<S: Sequence>(all texts: S) -> [Skill] where S.Element: StringProtocol {
        var seen = Set<String>()
        var skills: [Skill] = []
        for text in texts {
            guard let skill = resolve(String(text)), seen.insert(skill.name).inserted else { continue }
            skills.append(skill)
        }
        return skills
    }
}
