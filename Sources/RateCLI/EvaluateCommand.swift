import ArgumentParser
import Foundation
import RateApp
import RateCore

/// `ratecard evaluate`
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Hold out data, fit on the rest, and report range coverage and error against two baselines.",
        discussion: """
            Coverage is the share of held-out pay inside the predicted P25–P75 (ideal 50 %) and P10–P90 (ideal 80 %) ranges; \
            error is the median absolute difference of log pay from the predicted median. Baselines fitted on the same rows: \
            the country median, and ordinary least squares on log pay with country, experience and skills.
            """
    )

    @Option(help: "Share of rows held out at random.") var fraction = 0.2
    @Option(help: "Seed of the random hold-out.") var seed: UInt64 = 42
    @Option(help: "Hold out every row of this source dataset instead (e.g. so2016, dou).") var source: String?
    @Option(help: "Hold out the latest wave of this source (so2025, dou), fitting on rows observed before it (120 days before its end).")
    var latestWave: String?
    @Option(
        help: "Predict every wave of this source (dou, sysarmy, stackoverflow) as --latest-wave predicts the latest, one fit per wave."
    ) var backtest: String?
    @Flag(help: "Also list each developer country with at least 100 held-out rows (JSON always has them).") var byCountry = false
    @Flag(help: "Print as JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard fraction > 0 && fraction < 1 else { throw ValidationError("--fraction must be between 0 and 1") }
        guard [source, latestWave, backtest].compactMap({ $0 }).count <= 1 else {
            throw ValidationError("--source, --latest-wave and --backtest are three ways to hold out: give one")
        }
    }

    func run() async throws {
        let app = try await store.buildApp()
        try await app.ensureData(progress: Console.note)
        if let backtest {
            let report = try await app.models.backtest(source: backtest, note: Console.note)
            print(json ? try Console.json(report) : EvaluationText.render(report, countries: countryNames(app)))
            return
        }
        let holdOut: HoldOut = source.map { .source($0) } ?? latestWave.map { .latestWave($0) } ?? .random(fraction: fraction, seed: seed)
        let report = try await app.models.evaluate(holdOut: holdOut)
        if json {
            print(try Console.json(report))
        } else {
            print(EvaluationText.render(report, countries: countryNames(app)))
        }
    }

    /// The names to label each country's rows with; `nil` leaves the countries out.
    private func countryNames(_ app: RateCardApp) -> [String: String]? {
        guard byCountry else { return nil }
        return app.tables.countries.countries.reduce(into: [:]) { $0[$1.key.alpha2] = $1.value.name }
    }
}

enum EvaluationText {
    static func percent(_ value: Double) -> String { ReportFormat.percent(value, decimals: 1) }

    static func rows(_ label: String, _ breakdown: EvaluationReport.Breakdown) -> [[String]] {
        [("model", breakdown.model), ("country median", breakdown.countryMedian), ("OLS", breakdown.ordinaryLeastSquares)].map { name, m in
            [
                label, name, ReportFormat.number(m.rows), percent(m.coverage50), percent(m.coverage80),
                ReportFormat.number(m.medianAbsoluteLogError, decimals: 3),
                ReportFormat.signed(m.medianBias, decimals: 3),
            ]
        }
    }

    static func render(_ report: BacktestReport, countries: [String: String]? = nil) -> String {
        var lines = [
            "Backtest: each wave of \(report.source) predicted as it would have been when it was fielded, from every row observed at least "
                + "\(FieldPeriods.maximumDays) days before its end (what was published by then).",
            "Ahead: days from the newest row the model was fitted on to the wave's middle; pay is carried that far by each country's growth.",
            "",
        ]
        let header = ["wave", "trained on", "scored", "ahead", "P25–P75", "P10–P90", "|log error| model / country / OLS", "median bias"]
        let table = report.waves.map { wave -> [String] in
            let period = wave.firstDay == wave.lastDay ? "\(wave.firstDay)" : "\(wave.firstDay) – \(wave.lastDay)"
            let counts = [period, ReportFormat.number(wave.trainingRows), ReportFormat.number(wave.heldOutRows)]
            guard let scores = wave.scores else { return counts + ["skipped (below)", "–", "–", "–", "–"] }
            let errors = [scores.model, scores.countryMedian, scores.ordinaryLeastSquares].map {
                ReportFormat.number($0.medianAbsoluteLogError, decimals: 3)
            }
            return counts + [
                "\(wave.daysAhead) d", percent(scores.model.coverage50), percent(scores.model.coverage80), errors.joined(separator: " / "),
                ReportFormat.signed(scores.model.medianBias, decimals: 3),
            ]
        }
        lines.append(Console.table(header, table))
        for wave in report.waves { if let reason = wave.skipped { lines.append("Skipped \(wave.firstDay): \(reason).") } }
        lines.append("")
        if let pooled = report.pooled {
            lines.append("All scored waves together:")
            lines.append(render(pooled, countries: countries))
        } else {
            lines.append("No wave of \(report.source) could be scored: each is listed above with the reason; import more of its waves.")
        }
        return lines.joined(separator: "\n")
    }

    /// - Parameter countries: names by alpha-2 code; when given, each country with a breakdown
    ///   gets its rows after the regions', most held-out rows first.
    static func render(_ report: EvaluationReport, countries: [String: String]? = nil) -> String {
        var lines = [
            "Held out: \(report.method); trained on \(ReportFormat.number(report.trainingRows)) rows, scored \(ReportFormat.number(report.heldOutRows))."
        ]
        lines.append("Targets: P25–P75 coverage 50 % ± 5, P10–P90 coverage 80 % ± 5, error below both baselines.")
        lines.append("")
        let header = ["group", "method", "rows", "P25–P75", "P10–P90", "median |log error|", "median bias"]
        var table = rows("all", report.overall)
        for (source, breakdown) in report.bySource.sorted(by: { $0.key < $1.key }) { table += rows("source \(source)", breakdown) }
        for (region, breakdown) in report.byRegion.sorted(by: { $0.key < $1.key }) { table += rows(region, breakdown) }
        if let countries {
            let largestFirst = report.byCountry.sorted { ($0.value.model.rows, $1.key) > ($1.value.model.rows, $0.key) }
            for (code, breakdown) in largestFirst { table += rows("\(code) \(countries[code] ?? code)", breakdown) }
        }
        lines.append(Console.table(header, table))
        if countries != nil {
            lines.append(
                "Countries: the \(report.byCountry.count) with \(EvaluationReport.minimumCountryRows) held-out rows or more; the rest count in their region only."
            )
        }
        let m = report.overall
        lines.append("")
        lines.append(
            "Model: P25–P75 \(percent(m.model.coverage50)) \(abs(m.model.coverage50 - 0.5) <= 0.05 ? "(within target)" : "(OUTSIDE target)"), "
                + "P10–P90 \(percent(m.model.coverage80)) \(abs(m.model.coverage80 - 0.8) <= 0.05 ? "(within target)" : "(OUTSIDE target)"), "
                + "error \(ReportFormat.number(m.model.medianAbsoluteLogError, decimals: 3)) vs country median \(ReportFormat.number(m.countryMedian.medianAbsoluteLogError, decimals: 3)) and OLS \(ReportFormat.number(m.ordinaryLeastSquares.medianAbsoluteLogError, decimals: 3)) "
                + "\(m.model.medianAbsoluteLogError < min(m.countryMedian.medianAbsoluteLogError, m.ordinaryLeastSquares.medianAbsoluteLogError) ? "(below both)" : "(NOT below both)")."
        )
        return lines.joined(separator: "\n")
    }
}
