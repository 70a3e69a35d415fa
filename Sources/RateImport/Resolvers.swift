import RateCore

/// Lookups repeated on every row, memoised per import: a survey has a few hundred distinct country
/// and technology spellings across hundreds of thousands of rows.
final class CachedResolvers {
    let tables: ReferenceTables
    private var countries: [String: Country?] = [:]
    private var skills: [String: Skill?] = [:]
    private var cities: [String: String?] = [:]

    init(tables: ReferenceTables) {
        self.tables = tables
    }

    func country(_ text: String) -> Country? {
        if let cached = countries[text] { return cached }
        let resolved = tables.countries.resolve(text)
        countries[text] = resolved
        return resolved
    }

    func city(_ text: String) -> String? {
        if let cached = cities[text] { return cached }
        let resolved = tables.cities.normalise(text)
        cities[text] = resolved
        return resolved
    }

    /// Resolves the skills of several multi-select fields, in order, without duplicates.
    func skills(_ lists: [String?], separator: Character) -> [Skill] {
        var seen = Set<String>()
        var result: [Skill] = []
        for list in lists {
            guard let list else { continue }
            for part in list.split(separator: separator) {
                let key = String(part)
                let skill: Skill?
                if let cached = skills[key] { skill = cached } else {
                    skill = tables.skills.resolve(key)
                    skills[key] = skill
                }
                if let skill, seen.insert(skill.name).inserted { result.append(skill) }
            }
        }
        return result
    }

    /// The country field of a row, or the rejection to report.
    func requireCountry(_ row: Row, field: String) -> Result<Country, RowIssue> {
        guard let text = row[field] else {
            return .failure(RowIssue(line: row.line, field: field, value: row.raw(field), reason: .missingCountry,
                                     message: "no country given; the row cannot be placed"))
        }
        guard let country = country(text) else {
            return .failure(RowIssue(line: row.line, field: field, value: text, reason: .unknownCountry,
                                     message: "'\(text)' is not a country RateCard knows; use an ISO 3166 code or name, or add an alias to country-aliases.csv"))
        }
        return .success(country)
    }
}

/// Experience answers as the surveys word them.
enum ExperienceText {
    /// "7", "Less than 1 year", "More than 50 years", "6 - 10 years", "11+ years".
    static func parse(_ text: String?) -> Experience {
        guard let text else { return .unknown }
        if let years = Double(text), years >= 0 { return Experience(years: years) }
        if let band = NumberText.band(text) { return Experience(bandLow: band.low, bandHigh: band.high) }
        return .unknown
    }
}
