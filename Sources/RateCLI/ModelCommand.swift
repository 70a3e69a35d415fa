import ArgumentParser
import Foundation
import RateApp
import RateCore

/// `ratecard model fit|show`
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Fit the estimation model, or show the current one.",
        subcommands: [Fit.self, Show.self]
    )

    struct Fit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fit the model on all stored data and save it as the current snapshot.")
        @Option(help: "The date pay is aged to (YYYY-MM-DD); default today.") var asOf: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try await store.buildApp()
            try await app.ensureData(progress: Console.note)
            var date: CalendarDate?
            if let asOf {
                guard let parsed = CalendarDate(iso: asOf) else { throw ValidationError("--as-of '\(asOf)' is not a date in YYYY-MM-DD form") }
                date = parsed
            }
            let started = Date()
            let model = try await app.models.fit(asOf: date)
            print(
                "Fitted on \(ReportFormat.number(model.fittedRows)) observations and \(ReportFormat.number(model.oews.count)) BLS OEWS cells in \(ReportFormat.number(Date().timeIntervalSince(started), decimals: 1)) s; saved as the current model (data version \(model.dataVersion))."
            )
            print(ModelText.render(model, tables: app.tables))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the current model's coefficients and settings.")
        @Flag(help: "Print as JSON (the whole snapshot).") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try await store.buildApp()
            try await app.ensureData(progress: Console.note)
            let (estimator, _) = try await app.models.current(note: Console.note)
            if json {
                print(try Console.json(estimator.model))
            } else {
                print(ModelText.render(estimator.model, tables: estimator.tables))
            }
        }
    }
}

enum ModelText {
    static func render(_ model: RateModel, tables: ReferenceTables) -> String {
        var lines: [String] = []
        lines.append(
            "Model for \(model.asOf), fitted \(model.fittedAt), data version \(model.dataVersion); reference source \(model.referenceSource)."
        )
        lines.append(
            "Rows fitted: \(ReportFormat.number(model.fittedRows)); left out: "
                + (model.excluded.isEmpty
                    ? "none" : model.excluded.sorted { $0.key < $1.key }.map { "\($0.key) \(ReportFormat.number($0.value))" }.joined(separator: ", "))
        )
        lines.append(
            "Residual spread (log pay, all rows): "
                + (model.residualQuantiles[.all] ?? []).map { ReportFormat.signed($0, decimals: 2) }.joined(separator: " ")
        )
        let index = model.columnIndex()
        func section(_ title: String, _ kind: ModelColumn.Kind, limit: Int = 40) {
            let rows = model.columns.enumerated().filter { $0.element.kind == kind }.map { position, column in
                (column.name, model.solution.coefficients[position], model.solution.standardErrors[position])
            }.sorted { $0.1 > $1.1 }
            guard !rows.isEmpty else { return }
            lines.append("")
            lines.append("\(title) (multiplier ± standard error):")
            for (name, value, error) in rows.prefix(limit) {
                lines.append(
                    "  \(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(ReportFormat.multiplier(exp(value), decimals: 3)) ± \(ReportFormat.number(exp(value) * error, decimals: 3))"
                )
            }
            if rows.count > limit { lines.append("  … \(rows.count - limit) more (see --json)") }
        }
        section("Regions", .region)
        section("Skills (a stack of this skill alone vs a developer listing as many skills)", .skill)
        section("Skills listed (vs 3–4; \"none\": left blank where the source asks; a source that never records skills has no bucket)", .skillCount)
        section("Roles (vs backend)", .role)
        for (family, mix) in (model.statedLevels ?? [:]).sorted(by: { $0.key < $1.key }) {
            let years = [1, 3, 5, 8, 12]
            lines.append("")
            lines.append(
                "Stated level (a title) in \(family), against its average developer with the same years among the \(ReportFormat.number(mix.rows)) rows that state one:"
            )
            var rows: [[String]] = []
            for level in ExperienceLevel.allCases {
                let effects = years.compactMap { model.statedLevelEffect(level, years: Double($0), family: family, index: index)?.value }
                guard effects.count == years.count else { continue }
                rows.append([level.rawValue] + effects.map { ReportFormat.multiplier(exp($0)) })
            }
            lines.append(Console.table(["level"] + years.map { "\($0) y" }, rows))
        }
        section("Employment (vs full-time employee)", .employment)
        section("Employer abroad (vs a local employer; \(ModelColumn.everyRegion): every region, a region's own line multiplies it)", .employerAbroad)
        section("Employer abroad, a developer country's own (multiplies its region's)", .countryEmployerAbroad)
        if let abroad = model.employerAbroad {
            let regions = abroad.byRegion.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) \(ReportFormat.number($0.value))" }.joined(
                separator: ", "
            )
            let sources = abroad.bySource.sorted { $0.value > $1.value }.map { "\($0.key) \(ReportFormat.number($0.value))" }.joined(separator: ", ")
            lines.append(
                "  from \(ReportFormat.number(abroad.rows)) rows at employers abroad (\(regions); \(sources)) against \(ReportFormat.number(abroad.localRowsOfTheseSources)) local rows of the same sources"
            )
        }
        section("Sources (vs \(model.referenceSource))", .source)
        if let robust = model.robustFit {
            lines.append("")
            lines.append(
                "Robust fit (Huber, k = \(ReportFormat.trimmed(robust.tuning, maxDecimals: 3)) robust SDs of \(ReportFormat.number(robust.scale, decimals: 3)) log points): "
                    + "\(ReportFormat.number(robust.downweightedRows)) of \(ReportFormat.number(robust.rows)) rows down-weighted, "
                    + "\(ReportFormat.percent(robust.weightRemoved, decimals: 1)) of the weight; \(robust.iterations) rounds, \(robust.converged ? "converged" : "stopped at the limit")."
            )
        }
        lines.append("")
        lines.append("Experience curve (multiplier vs \(Int(saturating: model.settings.referenceYears)) years):")
        for region in RateCardRegion.allCases {
            let points = [1.0, 3, 6, 10, 15, 20].map { years in
                "\(Int(saturating: years))y \(ReportFormat.multiplier(exp(model.experienceEffect(years: years, region: region, index: index))))"
            }
            lines.append("  \(region.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(points.joined(separator: "  "))")
        }
        if let map = model.codingYearsMap {
            lines.append("")
            if map.points.isEmpty {
                lines.append(
                    "Total years of coding → professional years: no row gives both; prior rule (coding − \(Int(saturating: CodingYearsMap.priorGap)) years) for \(ReportFormat.number(map.appliedRows)) rows."
                )
            } else {
                lines.append(
                    "Total years of coding → professional years (median of \(ReportFormat.number(map.rows)) rows that give both; placed \(ReportFormat.number(map.appliedRows)) rows that give only coding years):"
                )
                let shown = map.points.filter { [1, 3, 5, 8, 10, 15, 20, 25, 30, 40].contains($0.codingYears) }
                lines.append(
                    "  "
                        + shown.map { "\($0.codingYears) → \(ReportFormat.trimmed($0.professionalYears)) (n=\(ReportFormat.number($0.rows)))" }
                        .joined(separator: ", ")
                )
            }
        }
        lines.append("")
        func evidence(_ growth: GrowthEstimate) -> String {
            guard growth.isMeasured else { return "prior only: no survey family asked here in two years or more" }
            return
                "± \(ReportFormat.number(growth.standardError * 100, decimals: 1)), measured from \((growth.families ?? []).joined(separator: ", ")) (\(ReportFormat.number(growth.rows ?? 0)) rows), data years \(growth.years.map(String.init).joined(separator: ", "))"
        }
        lines.append("Wage growth per year, nominal USD (prior → estimate):")
        for (region, growth) in model.growth.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "  \(region.padding(toLength: 22, withPad: " ", startingAt: 0)) \(ReportFormat.percent(growth.prior, decimals: 1)) → \(ReportFormat.percent(growth.estimate, decimals: 1)) \(evidence(growth))"
            )
        }
        let countries = (model.countryGrowth ?? [:]).sorted { ($0.value.rows ?? 0, $1.key) > ($1.value.rows ?? 0, $0.key) }
        if !countries.isEmpty {
            lines.append("Countries measured on their own (region's estimate → country's), most rows first:")
            for (code, growth) in countries {
                let name = tables.countries[CountryCode(code)!]?.name ?? code
                lines.append(
                    "  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(ReportFormat.percent(growth.prior, decimals: 1)) → \(ReportFormat.percent(growth.estimate, decimals: 1)) \(evidence(growth))"
                )
            }
        }
        let windows = (model.recentWindows ?? [:]).sorted { ($0.value.rows, $1.key) > ($1.value.rows, $0.key) }
        if !windows.isEmpty {
            lines.append("")
            lines.append("Level against the trend: the latest surveys, and each earlier survey year (n ≥ 30) an answer dated before them follows:")
            for (code, window) in windows {
                guard let country = CountryCode(code), let effect = model.coefficient(.recentLevel, code, index: index) else { continue }
                let name = tables.countries[country]?.name ?? code
                let earlier = (window.earlierLevels ?? []).map {
                    "\($0.on.year) \(ReportFormat.multiplier(exp($0.logLevel))) (n=\(ReportFormat.number($0.rows)))"
                }
                lines.append(
                    "  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) "
                        + (earlier + ["since \(window.since) \(ReportFormat.multiplier(exp(effect.value))) (n=\(ReportFormat.number(window.rows)))"])
                        .joined(separator: " → ")
                )
            }
        }
        for segment in model.segments ?? [] {
            lines.append("")
            lines.append(
                "Segment source \(segment.source) (fitted apart, never in an answer's figures): \(ReportFormat.multiplier(exp(segment.overall.logPremium))) the reference source's level (\(model.referenceSource)) for the same profile, over \(ReportFormat.number(segment.overall.rows)) rows, years \(segment.years.map(String.init).joined(separator: ", "))"
            )
            let top = segment.byCountry.sorted { ($0.value.rows, $1.key) > ($1.value.rows, $0.key) }.prefix(12)
            lines.append(
                "  "
                    + top.map { "\($0.key) \(ReportFormat.multiplier(exp($0.value.logPremium))) (n=\(ReportFormat.number($0.value.rows)))" }.joined(
                        separator: ", "
                    )
            )
        }
        return lines.joined(separator: "\n")
    }
}
