/// One line of a team: how many people of one role and level (or years), with the skills the job needs.
public struct TeamMemberInput: Sendable, Hashable, Codable {
    public var count: Int
    public var role: String?
    public var level: String?
    public var years: String?
    public var skills: [String]
    /// Where the member was given ("team.csv line 3", "member 2"), for errors.
    public var place: String

    public init(count: Int, role: String?, level: String? = nil, years: String? = nil, skills: [String] = [], place: String) {
        self.count = count
        self.role = role
        self.level = level
        self.years = years
        self.skills = skills
        self.place = place
    }

    /// The largest team RateCard prices, per line and in all.
    public static let maximumCount = 1000
    public static let maximumMembers = 50

    /// Checks a count of people, naming the place and field.
    public static func validate(count: Int, place: String) throws(TeamError) {
        guard (1...maximumCount).contains(count) else {
            throw TeamError(
                place: place,
                field: "count",
                message: "\(count) is not a number of people; give a whole number from 1 to \(maximumCount)"
            )
        }
    }

    /// Reads the short form of a member: `COUNT LEVEL-OR-YEARS ROLE [SKILLS]`, as in
    /// `1 senior backend Go,PostgreSQL`, `3 mid backend` or `1 4y qa` (the CLI's `--member` and the
    /// team page, one member per line).
    public init(line text: String, place: String) throws(TeamError) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count >= 3 else {
            throw TeamError(
                place: place,
                field: "member",
                message: "'\(InputQuote.make(text))' should read COUNT LEVEL ROLE [SKILLS], e.g. '3 mid backend Go,PostgreSQL'"
            )
        }
        guard let count = Int(words[0]) else {
            throw TeamError(place: place, field: "count", message: "'\(InputQuote.make(words[0]))' is not a whole number of people")
        }
        try Self.validate(count: count, place: place)
        var years: String?
        var level: String?
        let experience = words[1]
        let digits = experience.lowercased().hasSuffix("y") ? String(experience.dropLast()) : experience
        if DecimalText.parse(digits) != nil { years = digits } else { level = experience }
        self.init(
            count: count,
            role: words[2],
            level: level,
            years: years,
            skills: words.count > 3 ? ProfileInput.skillList(words[3...].joined(separator: " ")) : [],
            place: place
        )
    }

    /// The member's profile in a scenario's country and hire type.
    public func profileInput(in scenario: TeamScenario, currency: String?, asOf: String?, businessCountry: String?) -> ProfileInput {
        ProfileInput(
            country: scenario.country,
            city: scenario.city,
            businessCountry: businessCountry,
            years: years,
            level: level,
            skills: skills,
            role: role,
            employment: scenario.hire.rawValue,
            currency: currency,
            asOf: asOf
        )
    }

    /// "3 × mid backend", "1 × 8 y qa".
    public var label: String {
        "\(count) × \(level ?? years.map { "\($0) y" } ?? "") \(role ?? Role.backend.rawValue)"
            + (skills.isEmpty ? "" : " (\(skills.joined(separator: ", ")))")
    }
}

/// Where and how a team is hired: a country (and city) and a hire type.
public struct TeamScenario: Sendable, Hashable, Codable {
    public var country: String
    public var city: String?
    public var hire: HireType

    public init(country: String, city: String? = nil, hire: HireType) {
        self.country = country
        self.city = city
        self.hire = hire
    }

    /// Reads `COUNTRY:HIRE` or `COUNTRY/CITY:HIRE` ("DE:employee", "PL:agency", "US/Austin:freelancer").
    public init(parsing text: String, place: String) throws(TeamError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmed }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw TeamError(
                place: place,
                field: "scenario",
                message: "'\(InputQuote.make(text))' should read COUNTRY:HIRE, e.g. DE:employee, PL:agency, AR:freelancer"
            )
        }
        guard let hire = HireType(parsing: parts[1]) else {
            throw TeamError(place: place, field: "employment", message: "'\(InputQuote.make(parts[1]))' is not employee, freelancer or agency")
        }
        let place = parts[0].split(separator: "/", maxSplits: 1).map { String($0).trimmed }
        self.init(country: place[0], city: place.count > 1 ? place[1] : nil, hire: hire)
    }

    /// The most scenarios one comparison prices side by side.
    public static let maximumScenarios = 6
}

/// A team or scenario that cannot be priced, with where and which field.
public struct TeamError: Error, Sendable, Hashable, CustomStringConvertible {
    public var place: String
    public var field: String
    public var message: String

    public init(place: String, field: String, message: String) {
        self.place = place
        self.field = field
        self.message = message
    }

    public var description: String { "\(place), field \(field): \(message)" }

    /// The field as a JSON path of a team request: `members[2].role`, `scenarios[0].country`.
    public var jsonPath: String {
        if place.hasPrefix("members[") { return "\(place).\(field)" }
        if place.hasPrefix("scenario "), let number = Int(place.dropFirst("scenario ".count)) { return "scenarios[\(number - 1)].\(field)" }
        return field
    }
}

/// One scenario's cost for the whole team: each member's hire cost times their count, and the lines
/// summed by category.
public struct TeamScenarioCost: Sendable, Codable, Hashable {
    public var scenario: TeamScenario
    public var countryName: String
    /// Per person, in member order.
    public var perPerson: [HireCost]
    /// Per member line: count × the person's yearly cost.
    public var memberTotals: [Double]
    public var lines: [CostLine]
    public var totalAnnual: Double
    public var hoursWorked: Double
    public var perHourWorked: Double
    /// Against the first scenario, for the same hours of work.
    public var differenceAnnual: Double
    public var differenceShare: Double
    public var costSource: String
    public var caveats: [String]
    public var dataSources: [String]

    public var label: String { Self.label(scenario, countryName: countryName) }

    /// "Agency, Poland", "In-house, United States (Austin)".
    static func label(_ scenario: TeamScenario, countryName: String) -> String {
        "\(scenario.hire.teamLabel), \(countryName)" + (scenario.city.map { " (\($0))" } ?? "")
    }
}

/// A team priced in several scenarios side by side.
public struct TeamCostComparison: Sendable, Codable, Hashable {
    public var members: [TeamMemberInput]
    public var currency: CurrencyCode
    public var scenarios: [TeamScenarioCost]

    /// Sums per-person comparisons into scenario totals.
    /// - Parameters:
    ///   - members: the team, in order.
    ///   - priced: per scenario, one comparison per member (same order), all in `currency`.
    public init(members: [TeamMemberInput], currency: CurrencyCode, priced: [(scenario: TeamScenario, comparisons: [CostComparison])]) {
        self.members = members
        self.currency = currency
        var scenarios: [TeamScenarioCost] = []
        for (scenario, comparisons) in priced {
            let perPerson = comparisons.map { comparison in comparison.options.first { $0.option == scenario.hire } ?? comparison.employee }
            let counts = members.map { Double($0.count) }
            var byCategory: [CostLine.Category: Double] = [:]
            var order: [CostLine.Category] = []
            for (cost, count) in zip(perPerson, counts) {
                for line in cost.lines {
                    if byCategory[line.category] == nil { order.append(line.category) }
                    byCategory[line.category, default: 0] += line.annual * count
                }
            }
            let lines = order.map { CostLine(category: $0, name: $0.teamLabel, annual: CostCalculator.round(byCategory[$0] ?? 0), note: nil) }
            let total = CostCalculator.round(zip(perPerson, counts).reduce(0) { $0 + $1.0.totalAnnual * $1.1 })
            let hours = zip(perPerson, counts).reduce(0) { $0 + $1.0.hoursWorked * $1.1 }
            // A contractor scenario bears no employer cost: only its hours basis (and, for freelancers,
            // the misclassification risk) concerns it.
            let label = TeamScenarioCost.label(scenario, countryName: comparisons.first?.countryName ?? scenario.country)
            var caveats: [String]
            switch scenario.hire {
            case .employee:
                caveats = comparisons.flatMap(\.caveats).filter { !$0.hasPrefix("Freelancer and agency totals") && !$0.hasPrefix("A long-term") }.map
                { "\(label): \($0)" }
            case .freelancer, .agency:
                let hours = Set(perPerson.map(\.hoursWorked)).sorted().map { ReportFormat.number($0) }.joined(separator: " or ")
                caveats = ["\(label): billed for the hours an employee there actually works (\(hours) h a year each)."]
                if scenario.hire == .freelancer { caveats += comparisons.flatMap(\.caveats).filter { $0.hasPrefix("A long-term") } }
            }
            caveats = caveats.uniquedInOrder()
            scenarios.append(
                TeamScenarioCost(
                    scenario: scenario,
                    countryName: comparisons.first?.countryName ?? scenario.country,
                    perPerson: perPerson,
                    memberTotals: zip(perPerson, counts).map { CostCalculator.round($0.totalAnnual * $1) },
                    lines: lines,
                    totalAnnual: total,
                    hoursWorked: hours,
                    perHourWorked: hours > 0 ? CostCalculator.round(total / hours) : 0,
                    differenceAnnual: 0,
                    differenceShare: 0,
                    costSource: scenario.hire == .employee ? comparisons.first?.costSource ?? "" : "",
                    caveats: caveats,
                    dataSources: comparisons.flatMap(\.dataSources).uniquedInOrder()
                )
            )
        }
        // Compared on equal work: each scenario's cost per hour over the first scenario's hours.
        if let first = scenarios.first {
            for index in scenarios.indices.dropFirst() {
                let sameWork = scenarios[index].perHourWorked * first.hoursWorked
                scenarios[index].differenceAnnual = CostCalculator.round(sameWork - first.totalAnnual)
                scenarios[index].differenceShare = first.totalAnnual > 0 ? (sameWork - first.totalAnnual) / first.totalAnnual : 0
            }
        }
        self.scenarios = scenarios
    }

    /// People in the team.
    public var headcount: Int { members.reduce(0) { $0 + $1.count } }
}

extension HireType {
    /// How a scenario column names the hire type.
    var teamLabel: String {
        switch self {
        case .employee: "In-house"
        case .freelancer: "Freelancers"
        case .agency: "Agency"
        }
    }
}

extension CostLine.Category {
    /// A category's row name in a team comparison.
    var teamLabel: String {
        switch self {
        case .salary: "Gross salaries"
        case .extraMonths: "Customary extra months"
        case .contributions: "Employer contributions"
        case .benefits: "Benefits"
        case .equipment: "Equipment"
        case .overhead: "Office and overhead"
        case .recruiting: "Recruiting"
        case .administration: "Payroll and HR administration"
        case .fees: "Fees (rate × hours)"
        }
    }
}
