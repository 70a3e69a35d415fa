import RateCore

/// Reads a team file: a CSV with one line per kind of member. Columns (header names in any case):
/// `count` and `role` are required, and `level` or `years` (or both); `skills` is optional, with
/// skills separated by `;` or `,` inside the cell. Example:
///
/// ```
/// count,role,level,skills
/// 1,backend,senior,Go;PostgreSQL
/// 3,backend,mid,
/// 1,qa,mid,
/// ```
public enum TeamFile {
    public static func read(path: String) throws -> [TeamMemberInput] {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let reader = try CSVReader(source: InputFile.open(path: path), path: path)
        guard let header = try reader.next() else {
            throw TeamError(place: "\(name) line 1", field: "header", message: "the file is empty; its first line should be count,role,level,skills")
        }
        let columns = header.fields.enumerated().reduce(into: [String: Int]()) { $0[TextKey.make($1.element)] = $1.offset }
        func column(_ names: String...) -> Int? { names.lazy.compactMap { columns[$0] }.first }
        let count = column("count", "people", "headcount")
        let role = column("role")
        let level = column("level")
        let years = column("years", "yearsexperience", "experience")
        let skills = column("skills")
        for (required, index) in [("count", count), ("role", role)] where index == nil {
            throw TeamError(
                place: "\(name) line \(header.line)",
                field: required,
                message: "the header has no '\(required)' column; it should have count, role, level or years, and optionally skills"
            )
        }
        guard level != nil || years != nil else {
            throw TeamError(place: "\(name) line \(header.line)", field: "level", message: "the header needs a 'level' or a 'years' column")
        }
        var members: [TeamMemberInput] = []
        while let record = try reader.next() {
            let place = "\(name) line \(record.line)"
            func cell(_ index: Int?) -> String? {
                guard let index, index < record.fields.count else { return nil }
                let text = record.fields[index].trimmed
                return text.isEmpty ? nil : text
            }
            if record.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            guard let countText = cell(count) else { throw TeamError(place: place, field: "count", message: "empty; give a whole number of people") }
            guard let people = Int(countText) else {
                throw TeamError(place: place, field: "count", message: "'\(InputQuote.make(countText))' is not a whole number of people")
            }
            try TeamMemberInput.validate(count: people, place: place)
            guard let roleText = cell(role) else { throw TeamError(place: place, field: "role", message: "empty; give a role such as backend or qa") }
            guard Role(parsing: roleText) != nil else {
                throw TeamError(
                    place: place,
                    field: "role",
                    message: "'\(InputQuote.make(roleText))' is not a role; use \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            guard cell(level) != nil || cell(years) != nil else {
                throw TeamError(
                    place: place,
                    field: level != nil ? "level" : "years",
                    message: "give a level (entry, mid, senior, lead) or years of experience"
                )
            }
            members.append(
                TeamMemberInput(
                    count: people,
                    role: roleText,
                    level: cell(level),
                    years: cell(years),
                    skills: ProfileInput.skillList(cell(skills)),
                    place: place
                )
            )
            guard members.count <= TeamMemberInput.maximumMembers else {
                throw TeamError(place: place, field: "members", message: "more than \(TeamMemberInput.maximumMembers) member lines")
            }
        }
        return members
    }
}
