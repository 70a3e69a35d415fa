import Foundation
import RateStats

/// Held-out accuracy of the model against two baselines, overall, per source, per region and per
/// developer country.
public struct EvaluationReport: Sendable, Codable, Hashable {
    /// Coverage and error of one method on one set of held-out rows.
    public struct Metrics: Sendable, Codable, Hashable {
        public var rows: Int
        /// Share of held-out pay inside the predicted P25–P75 (ideal 0.5) and P10–P90 (ideal 0.8).
        public var coverage50: Double
        public var coverage80: Double
        /// Median of |log(actual) − log(predicted median)|.
        public var medianAbsoluteLogError: Double
        /// Median of log(actual) − log(predicted median): positive when predictions are low.
        public var medianBias: Double
    }

    public struct Breakdown: Sendable, Codable, Hashable {
        public var model: Metrics
        public var countryMedian: Metrics
        public var ordinaryLeastSquares: Metrics
    }

    public var method: String
    public var trainingRows: Int
    public var heldOutRows: Int
    public var overall: Breakdown
    public var bySource: [String: Breakdown]
    public var byRegion: [String: Breakdown]
    /// Per developer country (ISO alpha-2) with at least `minimumCountryRows` held-out rows: how
    /// well the answers for one country hold, which a region's figures can hide (Brazil and Mexico
    /// inside Latin America).
    public var byCountry: [String: Breakdown]

    /// Held-out rows a country needs for a breakdown of its own: below it, coverage moves by more
    /// than the ±5 points the targets allow from sampling alone.
    public static let minimumCountryRows = 100
}

/// A rolling-origin backtest: every wave of one source predicted from the rows observed before it,
/// as each wave would have been predicted when it arrived.
public struct BacktestReport: Sendable, Codable, Hashable {
    /// One wave and how the model, fitted on everything observed before it, predicted it.
    public struct Wave: Sendable, Codable, Hashable {
        /// The wave's field period.
        public var firstDay: CalendarDate
        public var lastDay: CalendarDate
        public var trainingRows: Int
        public var heldOutRows: Int
        /// Days from the newest training row to the wave's middle day: how far ahead of its data
        /// the model had to carry pay (with each country's measured growth).
        public var daysAhead: Int
        /// The scores of the model and both baselines; nil when the wave was skipped.
        public var scores: EvaluationReport.Breakdown?
        /// Why the wave was not scored (too little data before it).
        public var skipped: String?
    }

    public var source: String
    public var waves: [Wave]
    /// Every scored wave's rows together, overall, per source and per region; nil when no wave
    /// could be scored.
    public var pooled: EvaluationReport?
}

/// How rows are held out.
public enum HoldOut: Sendable, Hashable {
    /// A random share of rows, reproducible by seed.
    case random(fraction: Double, seed: UInt64)
    /// Every row of one source dataset.
    case source(String)
    /// The latest wave of one source (its last field period), predicted from everything observed
    /// before that wave and its publication lag (SO 2025 from 2024 and earlier, DOU 2025 from DOU
    /// 2011–2024 and the rest).
    case latestWave(String)

    public var description: String {
        switch self {
        case let .random(fraction, seed): "random \(Int(saturating: fraction * 100)) % of rows, seed \(seed)"
        case let .source(name): "every row of source \(name)"
        case let .latestWave(name): "the latest wave of \(name), fitted on rows observed at least \(FieldPeriods.maximumDays) days before its end"
        }
    }
}

/// Survey waves: a wave is a source's rows of one field period.
public enum FieldPeriods {
    /// The longest a survey wave is in the field: a period takes every day within this many days
    /// of its first (colombia-dev's June–July 2020 is one wave; sysarmy's February and July 2025
    /// are two).
    public static let maximumDays = 120

    /// The periods that `days` (day numbers, any order, repeats allowed) fall into, oldest first:
    /// each starts at the earliest day not yet in a period.
    public static func group(_ days: some Sequence<Int>) -> [ClosedRange<Int>] {
        var periods: [ClosedRange<Int>] = []
        for day in Set(days).sorted() {
            if let last = periods.last, day - last.lowerBound <= maximumDays {
                periods[periods.count - 1] = last.lowerBound...day
            } else {
                periods.append(day...day)
            }
        }
        return periods
    }
}

extension ModelFitter {
    /// Fits on the rows not held out and scores predictions for the held-out ones, beside a
    /// country-median baseline and ordinary least squares on country, experience and skills.
    public func evaluate(
        observations: [Observation],
        sourceDatasets: [Int64: String],
        asOf: CalendarDate,
        holdOut: HoldOut
    ) throws -> EvaluationReport {
        let (rows, excluded) = evaluationRows(observations, sourceDatasets: sourceDatasets, asOf: asOf)
        var training: [TrainingRow] = []
        var testing: [TrainingRow] = []
        switch holdOut {
        case let .random(fraction, seed):
            var generator = SeededGenerator(seed: seed)
            for row in rows {
                if Double(generator.next() % 1_000_000) / 1_000_000 < fraction { testing.append(row) } else { training.append(row) }
            }
        case let .source(name):
            for row in rows { if row.belongs(to: name) { testing.append(row) } else { training.append(row) } }
        case let .latestWave(name):
            guard let wave = Self.waves(of: name, in: rows).last else { throw ModelError.degenerate("no rows of source \(name) to hold out") }
            (training, testing) = Self.split(rows, wave: wave, of: name)
        }
        guard !testing.isEmpty else { throw ModelError.degenerate("nothing was held out (\(holdOut.description))") }
        (training, testing) = prepareApart(training: training, testing: testing, from: observations, sourceDatasets: sourceDatasets, asOf: asOf)
        let scores = try score(training: training, testing: testing, excluded: excluded, sourceDatasets: sourceDatasets, asOf: asOf)
        return scores.report(method: holdOut.description, trainingRows: training.count)
    }

    /// Predicts every wave of `source` from the rows observed before it (a rolling origin), oldest
    /// first. A wave with fewer than `minimumTrainingRows` rows before it, with fewer than half of
    /// its rows in countries seen before it, or whose earlier rows the model cannot be fitted on,
    /// is listed as skipped with the reason. `progress` is told of each wave before its fit.
    public func backtest(
        observations: [Observation],
        sourceDatasets: [Int64: String],
        asOf: CalendarDate,
        source name: String,
        minimumTrainingRows: Int = 2000,
        progress: ((_ wave: Int, _ of: Int, _ firstDay: CalendarDate) -> Void)? = nil
    ) throws -> BacktestReport {
        let (rows, excluded) = evaluationRows(observations, sourceDatasets: sourceDatasets, asOf: asOf)
        let periods = Self.waves(of: name, in: rows)
        guard !periods.isEmpty else { throw ModelError.degenerate("no rows of source \(name) to hold out") }
        var waves: [BacktestReport.Wave] = []
        var pooled = HeldOutScores()
        var pooledTraining = 0
        for (position, period) in periods.enumerated() {
            progress?(position + 1, periods.count, CalendarDate(dayNumber: period.lowerBound))
            var (training, testing) = Self.split(rows, wave: period, of: name)
            let days = testing.map(\.observedDay).sorted()
            let newestTraining = training.map(\.observedDay).max()
            var wave = BacktestReport.Wave(
                firstDay: CalendarDate(dayNumber: period.lowerBound),
                lastDay: CalendarDate(dayNumber: period.upperBound),
                trainingRows: training.count,
                heldOutRows: testing.count,
                daysAhead: newestTraining.map { days[days.count / 2] - $0 } ?? 0
            )
            // A backtest measures carrying pay forward in time; a wave whose countries have no
            // earlier rows (Stack Overflow 2016 after DOU's Ukraine alone) would measure guessing
            // unseen countries instead.
            let knownCountries = Set(training.map(\.country))
            let knownShare = Double(testing.filter { knownCountries.contains($0.country) }.count) / Double(max(1, testing.count))
            if training.count < minimumTrainingRows {
                wave.skipped = "\(training.count) rows observed before it (fewer than \(minimumTrainingRows))"
            } else if knownShare < 0.5 {
                wave.skipped =
                    "only \(Int((knownShare * 100).rounded())) % of its rows are in countries with rows before it (the backtest needs half)"
            } else {
                do {
                    (training, testing) = prepareApart(
                        training: training,
                        testing: testing,
                        from: observations,
                        sourceDatasets: sourceDatasets,
                        asOf: asOf
                    )
                    let scores = try score(training: training, testing: testing, excluded: excluded, sourceDatasets: sourceDatasets, asOf: asOf)
                    wave.scores = scores.breakdown(.all)
                    pooled.merge(scores)
                    pooledTraining += training.count
                } catch let error as ModelError {
                    wave.skipped = error.description
                }
            }
            waves.append(wave)
        }
        let scored = waves.filter { $0.scores != nil }.count
        return BacktestReport(
            source: name,
            waves: waves,
            pooled: scored == 0
                ? nil
                : pooled.report(
                    method: "each of \(scored) waves of \(name), fitted on rows observed at least \(FieldPeriods.maximumDays) days before its end",
                    trainingRows: pooledTraining
                )
        )
    }

    /// The rows an evaluation splits into those it fits and those it scores, prepared as a fit
    /// prepares them: segment sources (levels.fyi) are neither trained on nor scored. What a fit
    /// learns from the rows before fitting is learned again from each split's fitted side
    /// (`prepareApart`); these rows only decide the split.
    private func evaluationRows(
        _ observations: [Observation],
        sourceDatasets: [Int64: String],
        asOf: CalendarDate
    ) -> (rows: [TrainingRow], excluded: [RowExclusion: Int]) {
        var excluded: [RowExclusion: Int] = [:]
        // Nothing is learned from every row here: the years these rows get are set again, from a
        // map learned on each split's fitted side.
        var priorOnly = CodingYearsMap(points: [], rows: 0, appliedRows: 0)
        var rows = prepare(observations, sourceDatasets: sourceDatasets, asOf: asOf, codingYears: &priorOnly, excluded: &excluded)
        rows.removeAll { settings.segmentSources.contains($0.dataset) }
        return (rows, excluded)
    }

    /// Prepares the two sides of a split again from their observations, so that nothing the fit
    /// learns from data before fitting comes from the rows it is scored on: how total years of
    /// coding map onto professional years is learned from the fitted side's rows, and flagged
    /// outliers on both sides are winsorised to the fitted side's bounds. Each side keeps its rows
    /// (which rows a fit keeps does not depend on either).
    func prepareApart(
        training: [TrainingRow],
        testing: [TrainingRow],
        from observations: [Observation],
        sourceDatasets: [Int64: String],
        asOf: CalendarDate
    ) -> (training: [TrainingRow], testing: [TrainingRow]) {
        let fittedObservations = training.map { observations[$0.observationIndex] }
        var codingYears = CodingYearsMap.learn(from: fittedObservations)
        var excluded: [RowExclusion: Int] = [:]
        var fitted = prepare(fittedObservations, sourceDatasets: sourceDatasets, asOf: asOf, codingYears: &codingYears, excluded: &excluded)
        var scored = prepare(
            testing.map { observations[$0.observationIndex] },
            sourceDatasets: sourceDatasets,
            asOf: asOf,
            codingYears: &codingYears,
            excluded: &excluded
        )
        assert(
            fitted.count == training.count && scored.count == testing.count && excluded.isEmpty,
            "a prepared row was dropped on preparing it again"
        )
        let bounds = WinsorisingBounds(unflaggedOf: fitted)
        bounds.apply(to: &fitted)
        bounds.apply(to: &scored)
        return (fitted, scored)
    }

    /// The field periods of a source's rows, oldest first.
    private static func waves(of name: String, in rows: [TrainingRow]) -> [ClosedRange<Int>] {
        FieldPeriods.group(rows.lazy.filter { $0.belongs(to: name) }.map(\.observedDay))
    }

    /// The source's rows of one wave, to predict, and the rows observed at least
    /// `FieldPeriods.maximumDays` before the wave's last day, to fit on.
    ///
    /// Rows of that last stretch before the wave are left out of both: when a wave is fielded, the
    /// surveys that closed in the weeks before it are not yet published (Stack Overflow's June 2025
    /// respondents were released in late July), so a model of the time could not have seen them.
    private static func split(_ rows: [TrainingRow], wave: ClosedRange<Int>, of name: String) -> (training: [TrainingRow], testing: [TrainingRow]) {
        let cutoff = min(wave.lowerBound, wave.upperBound - FieldPeriods.maximumDays)
        var training: [TrainingRow] = []
        var testing: [TrainingRow] = []
        for row in rows {
            if row.observedDay < cutoff {
                training.append(row)
            } else if wave.contains(row.observedDay) && row.belongs(to: name) {
                testing.append(row)
            }
        }
        return (training, testing)
    }

    /// Fits on `training` and scores the model and both baselines on `testing`.
    private func score(
        training: [TrainingRow],
        testing: [TrainingRow],
        excluded: [RowExclusion: Int],
        sourceDatasets: [Int64: String],
        asOf: CalendarDate
    ) throws -> HeldOutScores {
        let (model, design) = try fit(
            rows: training,
            excluded: excluded,
            sourceDatasets: sourceDatasets,
            distributions: [],
            asOf: asOf,
            dataVersion: 0,
            fittedAt: Timestamp(secondsSince1970: 0)
        )
        let countryBaseline = CountryMedianBaseline(training: training)
        let ols = try OLSBaseline(training: training, skills: design.skillNames)
        var scores = HeldOutScores()
        for row in testing {
            var fitted = design.entries(for: row).reduce(0) { $0 + $1.value * model.solution.coefficients[$1.column] }
            var sourceWeights = [row.source: 1.0]
            if design.index[ModelColumn(.source, row.source)] == nil && row.source != design.referenceSource {
                // A source the model never saw: predict with the mix of sources known in the row's
                // country, level and range, as an estimate would.
                sourceWeights = model.group(.country(row.country))?.bySource ?? model.group(.region(row.region))?.bySource ?? [:]
                let total = sourceWeights.values.reduce(0, +)
                for (source, weight) in sourceWeights where total > 0 {
                    if let column = design.index[ModelColumn(.source, source)] { fitted += weight / total * model.solution.coefficients[column] }
                }
            }
            // The range an estimate for this row's sources, region and country would show.
            let pool = model.residualQuantiles(sourceWeights: sourceWeights, region: row.region)
            let range = model.spread(of: row.country, in: row.region)?.stretch(pool) ?? pool
            scores.add(
                row,
                model: range.map { fitted + $0 },
                countryMedian: countryBaseline.quantiles(for: row),
                ordinaryLeastSquares: ols.quantiles(for: row)
            )
        }
        return scores
    }
}

extension TrainingRow {
    /// The row is of the named source family ("stackoverflow") or stored dataset ("so2025").
    fileprivate func belongs(to name: String) -> Bool { dataset == name || source == name }
}

/// Held-out rows with each method's predicted quantiles, grouped overall, per source, per region and per country.
struct HeldOutScores {
    enum Group: Hashable {
        case all
        case source(String)
        case region(RateCardRegion)
        case country(CountryCode)
    }

    /// One held-out row: its log pay and a method's predicted P10, P25, median, P75 and P90.
    struct Prediction {
        var actual: Double
        var quantiles: [Double]
    }

    /// Per group, the predictions of the model, the country median and OLS, in that order.
    private var predictions: [Group: [[Prediction]]] = [:]
    private(set) var heldOutRows = 0

    mutating func add(_ row: TrainingRow, model: [Double], countryMedian: [Double], ordinaryLeastSquares: [Double]) {
        heldOutRows += 1
        let byMethod = [model, countryMedian, ordinaryLeastSquares].map { Prediction(actual: row.y, quantiles: $0) }
        for group in [Group.all, .source(row.source), .region(row.region), .country(row.country)] {
            // In place: copying the lists out of the dictionary would copy them on every append.
            for method in 0..<3 { predictions[group, default: [[], [], []]][method].append(byMethod[method]) }
        }
    }

    mutating func merge(_ other: HeldOutScores) {
        heldOutRows += other.heldOutRows
        for (group, lists) in other.predictions {
            for method in 0..<3 { predictions[group, default: [[], [], []]][method].append(contentsOf: lists[method]) }
        }
    }

    func breakdown(_ group: Group) -> EvaluationReport.Breakdown {
        let lists = predictions[group] ?? [[], [], []]
        return .init(model: Self.metrics(lists[0]), countryMedian: Self.metrics(lists[1]), ordinaryLeastSquares: Self.metrics(lists[2]))
    }

    func report(method: String, trainingRows: Int) -> EvaluationReport {
        var bySource: [String: EvaluationReport.Breakdown] = [:]
        var byRegion: [String: EvaluationReport.Breakdown] = [:]
        var byCountry: [String: EvaluationReport.Breakdown] = [:]
        for (group, lists) in predictions {
            switch group {
            case .all: break
            case let .source(name): bySource[name] = breakdown(group)
            case let .region(region): byRegion[region.rawValue] = breakdown(group)
            case let .country(country) where lists[0].count >= EvaluationReport.minimumCountryRows:
                byCountry[country.alpha2] = breakdown(group)
            case .country: break
            }
        }
        return EvaluationReport(
            method: method,
            trainingRows: trainingRows,
            heldOutRows: heldOutRows,
            overall: breakdown(.all),
            bySource: bySource,
            byRegion: byRegion,
            byCountry: byCountry
        )
    }

    static func metrics(_ list: [Prediction]) -> EvaluationReport.Metrics {
        var inner = 0
        var outer = 0
        var errors: [Double] = []
        var differences: [Double] = []
        errors.reserveCapacity(list.count)
        differences.reserveCapacity(list.count)
        for item in list {
            let q = item.quantiles
            if item.actual >= q[1] && item.actual <= q[3] { inner += 1 }
            if item.actual >= q[0] && item.actual <= q[4] { outer += 1 }
            errors.append(abs(item.actual - q[2]))
            differences.append(item.actual - q[2])
        }
        let n = Double(max(1, list.count))
        return .init(
            rows: list.count,
            coverage50: Double(inner) / n,
            coverage80: Double(outer) / n,
            medianAbsoluteLogError: Descriptive.median(errors) ?? 0,
            medianBias: Descriptive.median(differences) ?? 0
        )
    }
}

/// Baseline 1: the median (and quantiles) of log pay in the row's country among training rows.
struct CountryMedianBaseline {
    var byCountry: [CountryCode: [Double]] = [:]
    var byRegion: [RateCardRegion: [Double]] = [:]
    var world: [Double]

    init(training: [TrainingRow]) {
        var countries: [CountryCode: [Double]] = [:]
        var regions: [RateCardRegion: [Double]] = [:]
        var all: [Double] = []
        for row in training {
            countries[row.country, default: []].append(row.y)
            regions[row.region, default: []].append(row.y)
            all.append(row.y)
        }
        byCountry = countries.filter { $0.value.count >= 20 }.mapValues { Quantiles.of($0, PercentileSet.probabilities) }
        byRegion = regions.filter { $0.value.count >= 20 }.mapValues { Quantiles.of($0, PercentileSet.probabilities) }
        world = all.isEmpty ? [0, 0, 0, 0, 0] : Quantiles.of(all, PercentileSet.probabilities)
    }

    func quantiles(for row: TrainingRow) -> [Double] {
        byCountry[row.country] ?? byRegion[row.region] ?? world
    }
}

/// Baseline 2: ordinary least squares of log pay on country dummies, log experience, role and
/// skills (each skill a dummy, as the Stack Overflow salary calculator did), with one global
/// residual distribution for ranges.
struct OLSBaseline {
    /// The design's columns, typed as the model's are (`ModelColumn`); this reference model keeps
    /// its own small set because it is deliberately not RateCard's model.
    enum Column: Hashable {
        case intercept
        case logYears
        case country(CountryCode)
        case role(Role)
        case skill(String)
    }

    var index: [Column: Int] = [:]
    var coefficients: [Double] = []
    var residualQuantiles: [Double] = []
    let settings = EstimationSettings.standard

    init(training: [TrainingRow], skills: Set<String>) throws {
        var columns: [Column] = [.intercept, .logYears]
        let countries = Set(training.map(\.country)).sorted { $0.alpha2 < $1.alpha2 }
        // One country is the reference level; the rest are free dummies.
        columns += countries.dropFirst().map(Column.country)
        // Back-end is the reference role.
        columns += Set(training.map(\.role)).subtracting([.backend]).sorted { $0.rawValue < $1.rawValue }.map(Column.role)
        columns += skills.sorted().map(Column.skill)
        for (position, column) in columns.enumerated() { index[column] = position }
        var regression = RidgeRegression(columnCount: columns.count)
        for row in training { regression.add(entries(row), response: row.y, weight: 1) }
        // A negligible ridge only guards against exactly collinear columns.
        let solution = try regression.solve(penalties: [Double](repeating: 1e-6, count: columns.count))
        coefficients = solution.coefficients
        let residuals = training.map { row in row.y - entries(row).reduce(0) { $0 + $1.value * coefficients[$1.column] } }
        residualQuantiles = Quantiles.of(residuals, PercentileSet.probabilities)
    }

    func entries(_ row: TrainingRow) -> [(column: Int, value: Double)] {
        var entries: [(column: Int, value: Double)] = [(0, 1), (1, log1p(max(0, min(row.years, 40))))]
        if let column = index[.country(row.country)] { entries.append((column, 1)) }
        if let column = index[.role(row.role)] { entries.append((column, 1)) }
        for skill in row.skills { if let column = index[.skill(skill)] { entries.append((column, 1)) } }
        return entries
    }

    func quantiles(for row: TrainingRow) -> [Double] {
        let fitted = entries(row).reduce(0) { $0 + $1.value * coefficients[$1.column] }
        return residualQuantiles.map { fitted + $0 }
    }
}
