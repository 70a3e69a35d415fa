import ArgumentParser
import Foundation
import RateApp
import RateCore
import RateImport

/// `ratecard estimate`
struct EstimateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate the pay range of a developer profile, with its evidence.",
        discussion: """
            Example: ratecard estimate --country PL --years 6 --skills Go,PostgreSQL --currency EUR
            Batch:   ratecard estimate --batch positions.csv --format csv
            Batch columns (header names exactly; all but country optional): \(BatchEstimator.inputColumns.joined(separator: ","))
            """
    )

    @Option(help: "Developer's country: ISO code or name.") var country: String?
    @Option(help: "Developer's city.") var city: String?
    @Option(help: "Business's country (for remote hires).") var businessCountry: String?
    @Option(parsing: .unconditional, help: "Years of professional experience.") var years: String?
    @Option(help: "Level instead of years: entry, mid, senior, lead.") var level: String?
    @Option(help: "Skills, comma-separated.") var skills: String?
    @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String?
    @Option(help: "employee, freelancer or agency.") var employment: String?
    @Option(help: "Currency of the answer (ISO 4217).") var currency: String?
    @Option(help: "Date the estimate is for (YYYY-MM-DD); default today.") var asOf: String?
    @Option(help: "A CSV of profiles to estimate in one go.") var batch: String?
    @Option(help: "Output: table or json (one profile); csv or json (batch).") var format: EstimateOutputFormat?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if batch == nil && country == nil { throw ValidationError("give --country (or --batch FILE)") }
        if batch == nil && format == .csv { throw ValidationError("--format csv is for --batch; one profile is a table or json") }
        if batch != nil && format == .table { throw ValidationError("--format table is for one profile; a batch is csv or json") }
        if let batch, !FileManager.default.isReadableFile(atPath: batch) { throw ValidationError("cannot read '\(batch)'") }
    }

    func run() async throws {
        let app = try await store.buildApp()
        try await app.ensureData(progress: Console.note)
        let (estimator, _) = try await app.models.current(note: Console.note)
        let today = app.models.today
        if let batch {
            let rows = try BatchEstimator(estimator: estimator, today: today).run(path: batch)
            if format == .json {
                print(try Console.json(rows))
            } else {
                print(BatchEstimator.csv(rows), terminator: "")
            }
            return
        }
        let input = ProfileInput(
            country: country,
            city: city,
            businessCountry: businessCountry,
            years: years,
            level: level,
            skills: ProfileInput.skillList(skills),
            role: role,
            employment: employment,
            currency: currency,
            asOf: asOf
        )
        let estimate: Estimate
        do {
            estimate = try estimator.estimate(input.resolve(tables: app.tables, today: today))
        } catch {
            throw UserError(error)
        }
        if format == .json {
            print(try Console.json(estimate))
        } else {
            print(EstimateText.render(estimate))
        }
    }
}

/// The terminal rendering of an estimate.
enum EstimateText {
    static func money(_ value: Double) -> String {
        ReportFormat.number(value, decimals: value >= 1000 ? 0 : 2)
    }

    static func render(_ e: Estimate) -> String {
        var lines: [String] = []
        let experience =
            "\(EstimateFactor.format(e.years).replacingOccurrences(of: ".00", with: "")) years (\(e.profile.level?.rawValue ?? LevelBoundaries.standard.level(forYears: e.years).rawValue))"
        let skills = e.profile.skills.isEmpty ? "" : ", \(e.profile.skills.joined(separator: ", "))"
        lines.append(
            "\(e.profile.role.rawValue) \(e.profile.hire.rawValue) in \(e.profile.city.map { "\($0), " } ?? "")\(e.countryName) (\(e.region.rawValue)), \(experience)\(skills)"
        )
        lines.append("")
        let header = ["\(e.currency.code)", "P10", "P25", "median", "P75", "P90"]
        let table = [("hourly", e.hourly), ("daily", e.daily), ("monthly", e.monthly), ("annual", e.annual)].map { name, range in
            [name] + range.values.map(money)
        }
        lines.append(Console.table(header, table))
        lines.append("")
        if let date = e.exchangeRateDate {
            lines.append("Converted at the ECB rate of \(date): 1 USD = \(ReportFormat.number(e.exchangeRate, decimals: 4)) \(e.currency.code).")
        }
        lines.append(
            "Median 95 % interval: \(money(e.medianInterval[0]))–\(money(e.medianInterval[1])) \(e.currency.code)/h. Annual figures assume \(ReportFormat.number(Int(saturating: e.hoursPerYear))) h."
        )
        lines.append(
            "Evidence: n=\(ReportFormat.number(e.sampleSize)) (effective \(ReportFormat.number(e.effectiveSampleSize))) at \(e.fallbackLevel.rawValue) level (\(e.fallbackGroup)); confidence \(e.confidence)."
        )
        if let years = e.dataYears { lines.append("Data: \(years).") }
        lines.append(
            "Sources: "
                + e.sources.map { $0.summary(median: money($0.hourlyMedian)) }.joined(separator: "; ")
        )
        if let market = e.marketplace {
            let range = market.hourly
            lines.append(
                "Global freelance marketplace (asking rates): median \(money(range.p50)) \(e.currency.code)/h, P10 \(money(range.p10)) – P90 \(money(range.p90)); \(market.evidence)."
            )
        }
        lines.append("")
        lines.append("Why: base \(money(e.baseHourly)) \(e.currency.code)/h (\(e.baseDescription))")
        for factor in e.factors { lines.append("  \(factor.summary)") }
        if let living = e.costOfLiving {
            let level = living.priceLevel.map { "price level \(EstimateFactor.format($0)) of the US, " } ?? ""
            lines.append(
                "Cost of living (not in the figures): \(level)PPP \(EstimateFactor.format(living.pppFactor)) per international $ (World Bank ICP \(living.year))."
            )
        }
        if let demand = e.marketDemand { lines.append("Market: \(demand).") }
        for skill in e.skills {
            let rarity = skill.rarity.map { "\(ReportFormat.percent($0, decimals: 1)) of observations" } ?? "rare"
            let demand = skill.relativeDemand.map { ", \(EstimateFactor.format($0))× as common in \(e.countryName)" } ?? ""
            lines.append("Skill \(skill.skill): \(rarity)\(demand).")
        }
        for note in e.notes { lines.append("Note: \(note).") }
        lines.append("Model fitted for \(e.modelAsOf) on data version \(e.dataVersion).")
        return lines.joined(separator: "\n")
    }
}
