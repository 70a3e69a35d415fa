import ArgumentParser
import Foundation
import RateApp
import RateCore

/// `ratecard cost`
struct CostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost", abstract: "Total yearly cost of hiring: in-house employee against freelancer and agency, itemised.",
        discussion: "Employer contributions, caps, leave and customary extra months come from employer-costs.json (bundled; --employer-costs FILE or RATECARD_EMPLOYER_COSTS to use your own).")

    @Option(help: "Developer's country.") var country: String
    @Option(help: "Developer's city.") var city: String?
    @Option(parsing: .unconditional, help: "Years of experience.") var years: String?
    @Option(help: "Level instead of years.") var level: String?
    @Option(help: "Skills, comma-separated.") var skills: String?
    @Option(help: "Role.") var role: String?
    @Option(help: "Currency of the answer.") var currency: String?
    @Option(help: "Date (YYYY-MM-DD).") var asOf: String?
    @Option(parsing: .unconditional, help: "Hours of work needed a year (default: what the employee actually works).") var hoursPerYear: Double?
    @Option(help: "An employer-cost table replacing the bundled one.") var employerCosts: String?
    @Option(help: "How the comparison is written.") var format = CostOutputFormat.table
    @OptionGroup var store: StoreOptions

    func validate() throws {
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
        let input = ProfileInput(country: country, city: city, years: years, level: level, skills: ProfileInput.skillList(skills),
                                 role: role, currency: currency, asOf: asOf)
        let profile: Profile
        do { profile = try input.resolve(tables: app.tables, today: app.models.today) } catch {
            throw UserError(error)
        }
        let comparison = try app.costs.compare(profile, estimator: estimator, hoursPerYear: hoursPerYear, tablePath: employerCosts)
        let report = ReportBuilder.costReport(comparison)
        switch format {
        case .json: print(try Console.json(comparison))
        case .markdown: print(MarkdownRenderer().render(report))
        case .csv: print(CSVRenderer().render(report), terminator: "")
        case .table: print(TextRenderer().render(report))
        }
    }
}
