import Foundation
import RateCore

/// How every backend stores a self-report's observation: JSON with sorted keys.
public enum SelfReportCoding {
    public static func encode(_ observation: Observation) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(observation), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> Observation {
        try JSONDecoder().decode(Observation.self, from: Data(text.utf8))
    }
}

/// How every backend stores an observation's skills: catalogue skills and other skills in two
/// `;`-separated columns (a `;` inside a free-text skill becomes `,`).
public enum SkillColumns {
    public static func split(_ skills: [Skill]) -> (known: String, other: String) {
        var known = ""
        var other = ""
        for skill in skills {
            if skill.isKnown {
                if !known.isEmpty { known += ";" }
                known += skill.name
            } else {
                if !other.isEmpty { other += ";" }
                other += skill.name.replacingOccurrences(of: ";", with: ",")
            }
        }
        return (known, other)
    }

    public static func join(known: String, other: String) -> [Skill] {
        var skills: [Skill] = []
        if !known.isEmpty { skills += known.split(separator: ";").map { Skill(name: String($0), isKnown: true) } }
        if !other.isEmpty { skills += other.split(separator: ";").map { Skill(name: String($0), isKnown: false) } }
        return skills
    }
}
