import RateCore

/// Lookups repeated on every row, memoised per import: a survey has a few hundred distinct country
/// and technology spellings across hundreds of thousands of rows.
final class CachedResolvers {
    let tables: ReferenceTables
    private var countries: [String: Country?] = [:]
    private var skills: [String: Skill?] = [:]
    private var cities: [String: (name: String, key: String)?] = [:]
    private var roles: [String: Role] = [:]
    private var employments: [String: EmploymentType?] = [:]
    private var levels: [String: ExperienceLevel?] = [:]
    private var dates: [String: CalendarDate?] = [:]

    init(tables: ReferenceTables) {
        self.tables = tables
    }

    func country(_ text: String) -> Country? {
        if let cached = countries[text] { return cached }
        let resolved = tables.countries.resolve(text)
        countries[text] = resolved
        return resolved
    }

    /// The canonical city name and its grouping key.
    func city(_ text: String) -> (name: String, key: String)? {
        if let cached = cities[text] { return cached }
        let resolved = tables.cities.normalise(text).map { ($0, TextKey.make($0)) }
        cities[text] = resolved
        return resolved
    }

    /// `Role(surveyLabel:)`, memoised: the label matching is substring search over a few dozen needles.
    func role(_ label: String, compute: (String) -> Role = Role.init(surveyLabel:)) -> Role {
        if let cached = roles[label] { return cached }
        let role = compute(label)
        roles[label] = role
        return role
    }

    func date(_ text: String) -> CalendarDate? {
        if let cached = dates[text] { return cached }
        let value = CalendarDate(iso: text)
        dates[text] = value
        return value
    }

    func employment(_ label: String) -> EmploymentType? {
        if let cached = employments[label] { return cached }
        let value = EmploymentType(parsing: label)
        employments[label] = value
        return value
    }

    /// An employment decided from another answer (DOU's company type), memoised by that answer:
    /// the rule lower-cases and searches, and 150,000 rows share a dozen answers.
    func employment(derivedFrom answer: String, rule: (String) -> EmploymentType?) -> EmploymentType? {
        let key = "\u{1}" + answer
        if let cached = employments[key] { return cached }
        let value = rule(answer)
        employments[key] = value
        return value
    }

    func level(_ title: String) -> ExperienceLevel? {
        if let cached = levels[title] { return cached }
        let value =
            ExperienceLevel(parsing: title)
            ?? ExperienceLevel.allCases.first { level in
                title.lowercased().hasPrefix(level == .entry ? "junior" : level == .mid ? "middle" : level.rawValue)
            }
        levels[title] = value
        return value
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
                if let cached = skills[key] {
                    skill = cached
                } else {
                    skill = tables.skills.resolve(key)
                    skills[key] = skill
                }
                if let skill, seen.insert(skill.name).inserted { result.append(skill) }
            }
        }
        return result
    }

    /// The country field of a row; throws the rejection to report.
    func requireCountry(_ row: Row, field: String) throws(RowIssue) -> Country {
        guard let text = row[field] else {
            throw RowIssue(
                line: row.line,
                field: field,
                value: row.raw(field),
                reason: .missingCountry,
                message: "no country given; the row cannot be placed"
            )
        }
        guard let country = country(text) else {
            throw RowIssue(
                line: row.line,
                field: field,
                value: text,
                reason: .unknownCountry,
                message: "'\(text)' is not a country RateCard knows; use an ISO 3166 code or name, or add an alias to country-aliases.csv"
            )
        }
        return country
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
