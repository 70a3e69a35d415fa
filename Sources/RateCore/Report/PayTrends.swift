import Foundation
import RateStats

/// Where a trend is measured: the world, a RateCard region or a country.
public enum TrendPlace: Sendable, Hashable {
    case world
    case region(RateCardRegion)
    case country(CountryCode)
}

/// One wave of one survey family for one place: its median pay and how many it rests on.
public struct TrendPoint: Sendable, Hashable, Codable {
    /// The dataset the wave is of ("so2024", "dou", "sysarmy").
    public var dataset: String
    /// The wave's middle day (the median of its rows' dates).
    public var date: CalendarDate
    public var rows: Int
    /// Weighted median annual pay in nominal USD at the wave's exchange rates.
    public var medianAnnualUSD: Double
    /// The same in the country's currency, from what respondents reported in it or the ECB rate
    /// of the day; `nil` for a region, or where neither exists (pesos the ECB does not publish,
    /// paid in dollars).
    public var medianAnnualLocal: Double?
    /// Rows behind the local figure.
    public var localRows: Int
    /// Fewer rows than the report shows: the point is listed with its n but its median is withheld.
    public var suppressed: Bool

    /// The wave's date as a fractional year, for charts.
    public var decimalYear: Double {
        Double(date.year) + Double(date.dayNumber - CalendarDate(year: date.year, month: 1, day: 1)!.dayNumber) / 365.25
    }
}

/// A survey family's waves for one place.
public struct TrendSeries: Sendable, Hashable, Codable {
    /// The family ("stackoverflow", "dou", "sysarmy").
    public var family: String
    public var points: [TrendPoint]

    /// Log-point change a year between the first and the last point shown, in USD and locally.
    public func annualChange(local: Bool) -> Double? {
        let shown = points.filter { !$0.suppressed && (local ? $0.medianAnnualLocal != nil : true) }
        guard let first = shown.first, let last = shown.last, last.date.dayNumber - first.date.dayNumber > 180 else { return nil }
        let start = local ? first.medianAnnualLocal! : first.medianAnnualUSD
        let end = local ? last.medianAnnualLocal! : last.medianAnnualUSD
        guard start > 0, end > 0 else { return nil }
        return log(end / start) / last.date.years(since: first.date)
    }
}

/// Median pay over time from every survey family asked in several waves (Stack Overflow 2016 to
/// 2025, DOU 2011 to 2025, sysarmy 2019 to 2025...), per place and role: raw medians of full-time
/// employees, flagged outliers left out. Built once from the observations; each question filters
/// the compact records it keeps.
public struct PayTrendData: Sendable {
    struct Wave: Hashable {
        var dataset: String
        /// The first day of its field period.
        var start: Int
    }

    struct Record {
        var wave: Int
        var country: CountryCode
        var region: RateCardRegion
        var role: Role
        var annualUSD: Double
        /// Annual pay in the country's own currency, when it can be told.
        var annualLocal: Double?
        var weight: Double
    }

    private var waves: [Wave] = []
    private var waveDates: [CalendarDate] = []
    private var records: [Record] = []
    /// A wave's median is shown from this many rows.
    public let minimumRows: Int

    /// - Parameter datasets: each stored source's dataset tag.
    public init(
        observations: [Observation],
        datasets: [Int64: String],
        tables: ReferenceTables,
        workingTime: WorkingTime = .standard,
        minimumRows: Int = 20
    ) {
        self.minimumRows = minimumRows
        struct Kept {
            var dataset: String
            var day: Int
            var record: Record
        }
        var kept: [Kept] = []
        for observation in observations where observation.employment == .employeeFullTime && !observation.quality.isOutlier {
            guard let country = tables.countries[observation.location.country], let sourceID = observation.sourceID,
                let dataset = datasets[sourceID]
            else { continue }
            let date = observation.observedOn
            var local: Double?
            if let currency = country.currency {
                if observation.reported.amount.currency == currency {
                    local = observation.reported.amount.amount * workingTime.periodsPerYear(observation.reported.period)
                } else if let quote = try? tables.exchangeRates.quote(from: .usd, to: currency, on: date, staleness: 10) {
                    local = observation.normalised.annualUSD.amount * quote.rate
                }
            }
            let record = Record(
                wave: 0,
                country: country.code,
                region: country.region,
                role: observation.role,
                annualUSD: observation.normalised.annualUSD.amount,
                annualLocal: local,
                weight: observation.weight
            )
            kept.append(Kept(dataset: dataset, day: date.dayNumber, record: record))
        }
        // A wave is a dataset's rows of one field period (`FieldPeriods`, as the evaluation's
        // hold-outs count them).
        kept.sort { ($0.dataset, $0.day) < ($1.dataset, $1.day) }
        var days: [[Int]] = []
        var sliceStart = kept.startIndex
        while sliceStart < kept.endIndex {
            let dataset = kept[sliceStart].dataset
            let sliceEnd = kept[sliceStart...].firstIndex { $0.dataset != dataset } ?? kept.endIndex
            let periods = FieldPeriods.group(kept[sliceStart..<sliceEnd].map(\.day))
            let firstWave = waves.count
            for period in periods {
                waves.append(Wave(dataset: dataset, start: period.lowerBound))
                days.append([])
            }
            var period = 0
            for row in kept[sliceStart..<sliceEnd] {
                while !periods[period].contains(row.day) { period += 1 }
                days[firstWave + period].append(row.day)
                var record = row.record
                record.wave = firstWave + period
                records.append(record)
            }
            sliceStart = sliceEnd
        }
        waveDates = days.map { CalendarDate(dayNumber: $0[$0.count / 2]) }
    }

    /// Rows kept (full-time employees with a country and pay), for reports' evidence.
    public var rowCount: Int { records.count }

    /// Every family with at least two waves that have rows in the place, each wave a point.
    public func series(place: TrendPlace, role: Role? = nil) -> [TrendSeries] {
        var byWave: [Int: [Record]] = [:]
        for record in records {
            switch place {
            case .world: break
            case .region(let region): guard record.region == region else { continue }
            case .country(let country): guard record.country == country else { continue }
            }
            if let role, record.role != role { continue }
            byWave[record.wave, default: []].append(record)
        }
        var families: [String: [TrendPoint]] = [:]
        for (wave, rows) in byWave {
            let usd = Quantiles.weighted(rows.map { (value: $0.annualUSD, weight: $0.weight) }, 0.5) ?? 0
            let localRows = rows.filter { $0.annualLocal != nil }
            var local: Double?
            if case .country = place, !localRows.isEmpty {
                local = Quantiles.weighted(localRows.map { (value: $0.annualLocal!, weight: $0.weight) }, 0.5)
            }
            let suppressed = rows.count < minimumRows
            families[SourceFamily.of(waves[wave].dataset), default: []].append(
                TrendPoint(
                    dataset: waves[wave].dataset,
                    date: waveDates[wave],
                    rows: rows.count,
                    medianAnnualUSD: suppressed ? 0 : usd,
                    medianAnnualLocal: suppressed || localRows.count < minimumRows ? nil : local,
                    localRows: localRows.count,
                    suppressed: suppressed
                )
            )
        }
        return families.compactMap { family, points in
            let sorted = points.sorted { ($0.date.dayNumber, $0.dataset) < ($1.date.dayNumber, $1.dataset) }
            guard sorted.filter({ !$0.suppressed }).count >= 2 else { return nil }
            return TrendSeries(family: family, points: sorted)
        }
        .sorted { ($0.points.reduce(0) { $0 + $1.rows }, $1.family) > ($1.points.reduce(0) { $0 + $1.rows }, $0.family) }
    }
}

extension PayTrendData {
    /// The trends report of a place: a table of every wave's median with its n, a paragraph per
    /// family with its yearly change, and a line chart of the medians in USD.
    /// - Parameters:
    ///   - placeName: how the place is named ("Poland", "Eastern Europe", "the world").
    ///   - currency: the country's currency, for the local column (nil for regions).
    ///   - modelGrowth: the model's measured wage index for the place, shown beside the raw medians.
    public func report(place: TrendPlace, placeName: String, role: Role?, currency: CurrencyCode?, modelGrowth: GrowthEstimate?) -> Report {
        let series = series(place: place, role: role)
        let who = role.map { "\($0.rawValue) " } ?? ""
        var rows: [[ReportCell]] = []
        var paragraphs: [String] = []
        for line in series {
            for point in line.points {
                let wave = ReportCell("\(point.dataset) \(point.date.description.prefix(7))")
                let n = ReportCell.number(Double(point.rows))
                var row = [ReportCell(line.family), wave, n]
                if point.suppressed {
                    row.append(ReportCell("n < \(minimumRows)", suppressed: true))
                    if currency != nil { row.append(ReportCell("–", suppressed: true)) }
                } else {
                    row.append(.number(point.medianAnnualUSD))
                    if currency != nil { row.append(point.medianAnnualLocal.map { ReportCell.number($0) } ?? ReportCell("–")) }
                }
                rows.append(row)
            }
            let shown = line.points.filter { !$0.suppressed }
            var sentence =
                "\(line.family): \(shown.first!.date.year) $\(ReportFormat.number(shown.first!.medianAnnualUSD)) → \(shown.last!.date.year) $\(ReportFormat.number(shown.last!.medianAnnualUSD))"
            if let change = line.annualChange(local: false) { sentence += ", \(Self.signedPercent(change)) a year in USD" }
            if let currency, let change = line.annualChange(local: true) { sentence += ", \(Self.signedPercent(change)) a year in \(currency.code)" }
            paragraphs.append(
                sentence
                    + " (medians of each wave's respondents, n \(ReportFormat.number(shown.map(\.rows).min()!))–\(ReportFormat.number(shown.map(\.rows).max()!)))."
            )
        }
        if series.isEmpty {
            paragraphs.append(
                "No survey family asked \(who)full-time employees in \(placeName) in two waves with \(minimumRows) respondents or more."
            )
        }
        if let modelGrowth {
            paragraphs.append(
                modelGrowth.isMeasured
                    ? "The model's wage index for \(placeName), which controls for experience, role and skills between waves: \(Self.signedPercent(modelGrowth.estimate)) a year in USD (± \(ReportFormat.number(modelGrowth.standardError * 100, decimals: 1)) points), measured from \((modelGrowth.families ?? []).joined(separator: ", "))."
                    : "The model's wage index for \(placeName) is the prior, \(Self.signedPercent(modelGrowth.estimate)) a year: no survey family measures it."
            )
        }
        let chartSeries = series.map { line in
            Chart.Lines.Series(
                name: line.family,
                points: line.points.filter { !$0.suppressed }.map { [($0.decimalYear * 100).rounded() / 100, $0.medianAnnualUSD.rounded()] }
            )
        }
        var columns: [ReportTable.Column] = [
            .init("Source", key: "source"), .init("Wave", key: "wave"), .init("n", key: "n", numeric: true),
            .init("Median annual USD", key: "median_annual_usd", numeric: true),
        ]
        // A country has a currency of its own; a region or the world is in USD only.
        if let currency { columns.append(.init("Median annual \(currency.code)", key: "median_annual_local", numeric: true)) }
        return Report(
            kind: "trends",
            title: "Median pay over time: \(placeName)",
            subtitle: "\(who.isEmpty ? "all roles" : role!.rawValue), full-time employees; nominal, as each wave reported it",
            sections: [
                ReportSection(
                    paragraphs: paragraphs,
                    table: ReportTable(columns: columns, rows: rows),
                    chart: chartSeries.isEmpty
                        ? nil
                        : .lines(
                            .init(
                                title: "Median annual pay by survey wave, \(placeName) (USD)",
                                summary: "One line per survey family: the median of each wave's full-time employees.",
                                xLabel: "year",
                                yLabel: "USD a year",
                                series: chartSeries
                            )
                        )
                )
            ],
            footnotes: [
                "Raw medians of each wave's full-time employees, flagged outliers left out; waves with fewer than \(minimumRows) respondents are listed with their n only.",
                "Respondents differ between waves (experience, role, who answers a survey that year); the model's wage index controls for what the surveys record.",
                "Local figures: what respondents reported in the country's currency, or USD at the ECB rate of the wave's date; none where neither exists.",
            ],
            sources: series.map(\.family)
        )
    }

    static func signedPercent(_ logChange: Double) -> String {
        let percent = (exp(logChange) - 1) * 100
        return (percent >= 0 ? "+" : "−") + ReportFormat.number(abs(percent), decimals: 1) + " %"
    }
}
