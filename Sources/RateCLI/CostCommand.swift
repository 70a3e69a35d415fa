import ArgumentParser
import Foundation
import RateApp
import RateCore
import RateImport

/// `ratecard cost`
struct CostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Total yearly cost of hiring: in-house employee against freelancer and agency, itemised.",
        discussion: """
            Employer contributions, caps, leave and customary extra months come from employer-costs.json (bundled; --employer-costs FILE or RATECARD_EMPLOYER_COSTS to use your own), and for countries without an entry from OECD Taxing Wages, the statutory leave table and the year's public holidays.

            A team: --team FILE (a CSV with count, role, level or years, and optionally skills) or --member "3 mid backend Go,PostgreSQL" (repeatable), priced in each --scenario COUNTRY:HIRE side by side, e.g. --scenario DE:employee --scenario PL:agency --scenario AR:freelancer. Without --scenario, the team is priced in --country as employees, freelancers and an agency.
            """
    )

    @Option(help: "Developer's country (for a team: the country of the default scenarios).") var country: String?
    @Option(help: "Developer's city.") var city: String?
    @Option(parsing: .unconditional, help: "Years of experience.") var years: String?
    @Option(help: "Level instead of years.") var level: String?
    @Option(help: "Skills, comma-separated.") var skills: String?
    @Option(help: "Role.") var role: String?
    @Option(help: "Currency of the answer.") var currency: String?
    @Option(help: "Date (YYYY-MM-DD).") var asOf: String?
    @Option(parsing: .unconditional, help: "Hours of work needed a year (default: what the employee actually works).") var hoursPerYear: Double?
    @Option(help: "An employer-cost table replacing the bundled one.") var employerCosts: String?
    @Option(help: "A team file (CSV: count, role, level or years, skills) to price instead of one person.") var team: String?
    @Option(help: "A team member, COUNT LEVEL-OR-YEARS ROLE [SKILLS] (\"3 mid backend\", \"1 8y qa\"); repeatable.") var member: [String] = []
    @Option(help: "Where and how the team is hired, COUNTRY[/CITY]:HIRE (DE:employee, PL:agency, AR:freelancer); repeatable.") var scenario:
        [String] = []
    @Option(help: "The employer's country, if not the developer's.") var businessCountry: String?
    @Option(help: "How the comparison is written.") var format = CostOutputFormat.table
    @OptionGroup var store: StoreOptions

    var isTeam: Bool { team != nil || !member.isEmpty }

    func validate() throws {
        if !isTeam && country == nil { throw ValidationError("--country is required (or --team FILE / --member for a team)") }
        if isTeam && scenario.isEmpty && country == nil { throw ValidationError("a team needs --scenario COUNTRY:HIRE (repeatable) or --country") }
        if isTeam && hoursPerYear != nil { throw ValidationError("--hours-per-year applies to one person, not to a team") }
        if let hoursPerYear {
            do { try CostCalculator.validate(hoursPerYear: hoursPerYear, field: "--hours-per-year") } catch let error as ProfileError {
                throw ValidationError(error.description)
            }
        }
    }

    func run() async throws {
        let app = try await store.buildApp()
        try await app.ensureData(progress: Console.note)
        let (estimator, _) = try await app.models.current(note: Console.note)
        if isTeam { return try runTeam(app, estimator: estimator) }
        let input = ProfileInput(
            country: country,
            city: city,
            businessCountry: businessCountry,
            years: years,
            level: level,
            skills: ProfileInput.skillList(skills),
            role: role,
            currency: currency,
            asOf: asOf
        )
        let profile: Profile
        do { profile = try input.resolve(tables: app.tables, today: app.models.today) } catch {
            throw UserError(error)
        }
        let comparison = try app.costs.compare(profile, estimator: estimator, hoursPerYear: hoursPerYear, tablePath: employerCosts)
        try write(comparison, as: ReportBuilder.costReport(comparison))
    }

    private func runTeam(_ app: RateCardApp, estimator: Estimator) throws {
        let comparison: TeamCostComparison
        do {
            var members = try team.map { try TeamFile.read(path: $0) } ?? []
            members += try member.enumerated().map { index, text in try TeamMemberInput(line: text, place: "--member \(index + 1)") }
            let scenarios =
                try scenario.isEmpty
                ? HireType.allCases.map { TeamScenario(country: country ?? "", city: city, hire: $0) }
                : scenario.enumerated().map { index, text in try TeamScenario(parsing: text, place: "--scenario \(index + 1)") }
            comparison = try app.costs.compareTeam(
                members,
                scenarios: scenarios,
                currency: currency,
                asOf: asOf,
                businessCountry: businessCountry,
                estimator: estimator
            )
        } catch let error as TeamError {
            throw UserError(error.description)
        }
        try write(comparison, as: ReportBuilder.teamCostReport(comparison))
    }

    /// JSON prints the comparison value itself; the other formats render its report.
    private func write(_ comparison: some Encodable, as report: Report) throws {
        switch format {
        case .json: print(try Console.json(comparison))
        case .markdown: print(MarkdownRenderer().render(report))
        case .csv: print(CSVRenderer().render(report), terminator: "")
        case .table: print(TextRenderer().render(report))
        }
    }
}
