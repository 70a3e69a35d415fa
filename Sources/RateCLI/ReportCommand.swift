import ArgumentParser
import Foundation
import RateApp
import RateCore

/// `ratecard report KIND`
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Comparison reports: regions, experience, skills, sources, cities, trends, cost, or a full written report.",
        discussion: """
            Examples:
              ratecard report regions --format markdown
              ratecard report regions --by-country --period annual
              ratecard report experience --country PL
              ratecard report cities --country US
              ratecard report trends --country PL            # median pay by survey wave, USD and złoty
              ratecard report trends --region latin-america --role backend
              ratecard report full --country-set US,DE,PL,UA,IN,BR --format html --output report.html
            """
    )

    @Argument(
        help:
            "The report (percentiles: observed pay, no model; rates: agency or marketplace rates, with --employment agency|freelancer; trends: median pay by survey wave)."
    )
    var kind: ReportKind
    @Option(help: "Country of the profile (experience, sources, cities, cost).") var country: String?
    @Option(help: "Countries of a full report, comma-separated.") var countrySet: String?
    @Option(help: "Restrict to one region (regions) or report a region's experience curve.") var region: RateCardRegion?
    @Flag(help: "regions: also one row per country with enough data.") var byCountry = false
    @Option(parsing: .unconditional, help: "Years of experience (default 5).") var years: String?
    @Option(help: "Level instead of years.") var level: String?
    @Option(help: "Skills, comma-separated (skills: the skills to show).") var skills: String?
    @Option(help: "Role (default backend).") var role: String?
    @Option(help: "employee, freelancer or agency.") var employment: String?
    @Option(help: "Currency.") var currency: String?
    @Option(help: "Date (YYYY-MM-DD).") var asOf: String?
    @Option(help: "The pay period of the figures.") var period = ReportPeriod.hourly
    @Option(help: "How the report is written.") var format = ReportOutputFormat.table
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if kind.needsCountry && country == nil { throw ValidationError("the \(kind.rawValue) report needs --country") }
        if kind == .experience && country == nil && region == nil { throw ValidationError("the experience report needs --country or --region") }
    }

    func run() async throws {
        let app = try await store.buildApp()
        try await app.ensureData(progress: Console.note)
        if kind == .percentiles {
            // Observed pay straight from the store (aggregated in SQL on PostgreSQL): no model needed.
            let role =
                try role.map { text -> Role in
                    guard let parsed = Role(parsing: text) else {
                        throw UserError("--role '\(text)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return parsed
                } ?? .backend
            return try write(try await app.observedPercentiles(role: role))
        }
        let (estimator, _) = try await app.models.current(note: Console.note)
        if kind == .trends {
            let role = try role.map { text -> Role in
                guard let parsed = Role(parsing: text) else {
                    throw UserError("--role '\(text)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return parsed
            }
            let place: TrendPlace
            if let country {
                guard let resolved = app.tables.countries.resolve(country) else {
                    throw UserError("--country: '\(country)' is not a country RateCard knows")
                }
                place = .country(resolved.code)
            } else {
                place = region.map(TrendPlace.region) ?? .world
            }
            return try write(app.trendsReport(try await app.payTrends(), place: place, role: role, estimator: estimator))
        }
        let builder = ReportBuilder(estimator: estimator)
        func template(_ countryText: String?) throws -> Profile {
            let input = ProfileInput(
                country: countryText ?? "US",
                years: years ?? (level == nil ? "5" : nil),
                level: level,
                skills: kind == .skills ? [] : ProfileInput.skillList(skills),
                role: role,
                employment: employment,
                currency: currency,
                asOf: asOf
            )
            do { return try input.resolve(tables: app.tables, today: app.models.today) } catch {
                throw UserError(error)
            }
        }
        let report: Report
        do {
            switch kind {
            case .regions:
                report = try builder.regions(template: template(nil), period: period, byCountry: byCountry, only: region.map { [$0] })
            case .experience:
                report = try builder.experience(template: template(country), region: region, period: period)
            case .skills:
                report = try builder.skills(only: ProfileInput.skillList(skills))
            case .sources:
                report = try builder.sources(template: template(country), period: period)
            case .cities:
                report = try builder.cities(template: template(country), period: period)
            case .rates:
                report = try builder.rates(template: template(nil), byCountry: byCountry)
            case .cost:
                report = ReportBuilder.costReport(try app.costs.compare(template(country), estimator: estimator))
            case .full, .percentiles, .trends:  // percentiles and trends were answered above, from the stored rows
                let codes = try (countrySet ?? country ?? "US,DE,PL,UA,IN,BR").split(separator: ",").map { text -> CountryCode in
                    guard let resolved = app.tables.countries.resolve(String(text)) else {
                        throw UserError("--country-set: '\(text)' is not a country RateCard knows")
                    }
                    return resolved.code
                }
                var costs: [CostComparison] = []
                for code in codes.prefix(3) {
                    var profile = try template(code.alpha2)
                    profile.hire = .employee
                    costs.append(try app.costs.compare(profile, estimator: estimator))
                }
                report = try builder.full(template: template(codes.first?.alpha2), countries: codes, costs: costs, period: period)
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
        case .markdown: text = MarkdownRenderer().render(report)
        case .html: text = HTMLRenderer().render(report)
        case .csv: text = CSVRenderer().render(report)
        case .json: text = try Console.json(report) + "\n"
        case .table: text = TextRenderer().render(report) + "\n"
        }
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
            Console.note("wrote \(output)")
        } else {
            print(text, terminator: "")
        }
    }
}
