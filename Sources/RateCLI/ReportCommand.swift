import ArgumentParser
import Foundation
import RateApp
import RateCore

/// `ratecard report KIND`
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Comparison reports: regions, experience, skills, sources, cities, cost, or a full written report.",
        discussion: """
            Examples:
              ratecard report regions --format markdown
              ratecard report regions --by-country --period annual
              ratecard report experience --country PL
              ratecard report cities --country US
              ratecard report full --country-set US,DE,PL,UA,IN,BR --format html --output report.html
            """)

    @Argument(help: "regions, experience, skills, sources, cities, cost, full, or percentiles (observed, no model).") var kind: String
    @Option(help: "Country of the profile (experience, sources, cities, cost).") var country: String?
    @Option(help: "Countries of a full report, comma-separated.") var countrySet: String?
    @Option(help: "Restrict to one region (regions) or report a region's experience curve.") var region: String?
    @Flag(help: "regions: also one row per country with enough data.") var byCountry = false
    @Option(parsing: .unconditional, help: "Years of experience (default 5).") var years: String?
    @Option(help: "Level instead of years.") var level: String?
    @Option(help: "Skills, comma-separated (skills: the skills to show).") var skills: String?
    @Option(help: "Role (default backend).") var role: String?
    @Option(help: "employee, freelancer or agency.") var employment: String?
    @Option(help: "Currency.") var currency: String?
    @Option(help: "Date (YYYY-MM-DD).") var asOf: String?
    @Option(help: "hourly, daily, monthly or annual.") var period = "hourly"
    @Option(help: "table, markdown, html, csv or json.") var format = "table"
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var store: StoreOptions

    static let kinds = ["regions", "experience", "skills", "sources", "cities", "cost", "full", "percentiles"]

    func validate() throws {
        guard Self.kinds.contains(kind) else { throw ValidationError("'\(kind)' is not a report; use one of \(Self.kinds.joined(separator: ", "))") }
        guard ["table", "markdown", "html", "csv", "json"].contains(format) else { throw ValidationError("--format must be table, markdown, html, csv or json") }
        guard ReportPeriod(rawValue: period) != nil else { throw ValidationError("--period must be hourly, daily, monthly or annual") }
        if ["sources", "cities", "cost"].contains(kind) && country == nil { throw ValidationError("the \(kind) report needs --country") }
        if kind == "experience" && country == nil && region == nil { throw ValidationError("the experience report needs --country or --region") }
        if let region, RateCardRegion(parsing: region) == nil {
            throw ValidationError("--region '\(region)' is not a RateCard region; use one of \(RateCardRegion.allCases.map(\.slug).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let app = try await store.buildApp()
        try await app.ensureData(progress: Console.note)
        if kind == "percentiles" {
            // Observed pay straight from the store (aggregated in SQL on PostgreSQL): no model needed.
            let role = try role.map { text -> Role in
                guard let parsed = Role(parsing: text) else { throw UserError("--role '\(text)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
                return parsed
            } ?? .backend
            return try write(try await app.observedPercentiles(role: role))
        }
        let (estimator, _) = try await app.models.current(note: Console.note)
        let builder = ReportBuilder(estimator: estimator)
        let reportPeriod = ReportPeriod(rawValue: period)!
        func template(_ countryText: String?) throws -> Profile {
            let input = ProfileInput(country: countryText ?? "US", years: years ?? (level == nil ? "5" : nil), level: level,
                                     skills: kind == "skills" ? [] : ProfileInput.skillList(skills),
                                     role: role, employment: employment, currency: currency, asOf: asOf)
            do { return try input.resolve(tables: app.tables, today: app.models.today) } catch {
                throw UserError(error)
            }
        }
        let report: Report
        do {
            switch kind {
            case "regions":
                report = try builder.regions(template: template(nil), period: reportPeriod, byCountry: byCountry,
                                             only: region.flatMap(RateCardRegion.init(parsing:)).map { [$0] })
            case "experience":
                report = try builder.experience(template: template(country), region: region.flatMap(RateCardRegion.init(parsing:)), period: reportPeriod)
            case "skills":
                report = try builder.skills(only: ProfileInput.skillList(skills))
            case "sources":
                report = try builder.sources(template: template(country), period: reportPeriod)
            case "cities":
                report = try builder.cities(template: template(country), period: reportPeriod)
            case "cost":
                report = ReportBuilder.costReport(try app.costs.compare(template(country), estimator: estimator))
            default:
                let codes = try (countrySet ?? country ?? "US,DE,PL,UA,IN,BR").split(separator: ",").map { text -> CountryCode in
                    guard let resolved = app.tables.countries.resolve(String(text)) else { throw UserError("--country-set: '\(text)' is not a country RateCard knows") }
                    return resolved.code
                }
                var costs: [CostComparison] = []
                for code in codes.prefix(3) {
                    var profile = try template(code.alpha2)
                    profile.hire = .employee
                    costs.append(try app.costs.compare(profile, estimator: estimator))
                }
                report = try builder.full(template: template(codes.first?.alpha2), countries: codes, costs: costs, period: reportPeriod)
            }
        } catch let error as ReportError {
            throw UserError(error.description)
        } catch let error as ProfileError {
            throw UserError("\(error.field): \(error.message)")
        }
        try write(report)
    }

    func write(_ report: Report) throws {
        let text: String
        switch format {
        case "markdown": text = MarkdownRenderer().render(report)
        case "html": text = HTMLRenderer().render(report)
        case "csv": text = CSVRenderer().render(report)
        case "json": text = try Console.json(report) + "\n"
        default: text = TextRenderer().render(report) + "\n"
        }
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
            Console.note("wrote \(output)")
        } else {
            print(text, terminator: "")
        }
    }
}
