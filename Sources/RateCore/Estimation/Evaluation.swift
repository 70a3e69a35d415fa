import Foundation
import RateStats

/// Held-out accuracy of the model against two baselines, overall, per source and per region.
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
}

/// How rows are held out.
public enum HoldOut: Sendable, Hashable {
    /// A random share of rows, reproducible by seed.
    case random(fraction: Double, seed: UInt64)
    /// Every row of one source dataset.
    case source(String)
    /// The latest year of one source dataset, predicted from everything observed before that
    /// year (SO 2025 from 2024 and earlier, DOU 2025 from DOU 2011–2024 and the rest).
    case latestWave(String)

    public var description: String {
        switch self {
        case let .random(fraction, seed): "random \(Int(saturating: fraction * 100)) % of rows, seed \(seed)"
        case let .source(name): "every row of source \(name)"
        case let .latestWave(name): "the latest wave of \(name), fitted on rows observed before it"
        }
    }
}

extension ModelFitter {
    /// The longest a survey wave is in the field: rows of a source this close to its last date are one wave.
    static let fieldPeriodDays = 120

    /// Fits on the rows not held out and scores predictions for the held-out ones, beside a
    /// country-median baseline and ordinary least squares on country, experience and skills.
    public func evaluate(
        observations: [Observation],
        sourceDatasets: [Int64: String],
        asOf: CalendarDate,
        holdOut: HoldOut
    ) throws -> EvaluationReport {
        var excluded: [String: Int] = [:]
        var codingYears = CodingYearsMap.learn(from: observations)
        var rows = prepare(observations, sourceDatasets: sourceDatasets, asOf: asOf, codingYears: &codingYears, excluded: &excluded)
        // Segment sources never enter the general fit, so they are neither trained on nor scored.
        rows.removeAll { settings.segmentSources.contains($0.dataset) }
        winsorise(&rows)
        var generator: SeededGenerator
        var training: [TrainingRow] = []
        var testing: [TrainingRow] = []
        switch holdOut {
        case let .random(fraction, seed):
            generator = SeededGenerator(seed: seed)
            for row in rows {
                if Double(generator.next() % 1_000_000) / 1_000_000 < fraction { testing.append(row) } else { training.append(row) }
            }
        case let .source(name):
            for row in rows { if row.dataset == name || row.source == name { testing.append(row) } else { training.append(row) } }
        case let .latestWave(name):
            // The latest wave is the source's rows of its last field period (a survey runs for
            // weeks; sysarmy asks twice a year, so its two 2025 waves are apart); everything
            // observed before that period is the training data.
            guard let latest = rows.filter({ $0.dataset == name || $0.source == name }).map(\.observedDay).max() else {
                throw ModelError.degenerate("no rows of source \(name) to hold out")
            }
            let waveStart = latest - Self.fieldPeriodDays
            for row in rows {
                if (row.dataset == name || row.source == name) && row.observedDay >= waveStart {
                    testing.append(row)
                } else if row.observedDay < waveStart {
                    training.append(row)
                }
            }
        }
        guard !testing.isEmpty else { throw ModelError.degenerate("nothing was held out (\(holdOut.description))") }
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

        struct Scored {
            var actual: Double
            var quantiles: [Double]
        }
        var scored: [String: [[Scored]]] = [:]  // key → [model, country, ols]
        for row in testing {
            var fitted = design.entries(for: row).reduce(0) { $0 + $1.value * model.solution.coefficients[$1.column] }
            if design.index[ModelColumn(.source, row.source)] == nil && row.source != design.referenceSource {
                // A source the model never saw: predict with the mix of sources known in the row's country, as an estimate would.
                let mix = model.group(.country(row.country))?.bySource ?? model.group(.region(row.region))?.bySource ?? [:]
                let total = mix.values.reduce(0, +)
                for (source, weight) in mix where total > 0 {
                    if let column = design.index[ModelColumn(.source, source)] { fitted += weight / total * model.solution.coefficients[column] }
                }
            }
            let pool =
                model.residualQuantiles["\(row.region.rawValue)|\(row.source)"] ?? model.residualQuantiles[row.region.rawValue]
                ?? model.residualQuantiles["*"] ?? [0, 0, 0, 0, 0]
            let predictions = [
                Scored(actual: row.y, quantiles: pool.map { fitted + $0 }),
                Scored(actual: row.y, quantiles: countryBaseline.quantiles(for: row)),
                Scored(actual: row.y, quantiles: ols.quantiles(for: row)),
            ]
            for key in ["*", "source:\(row.source)", "region:\(row.region.rawValue)"] {
                // In place: copying the lists out of the dictionary would copy them on every append.
                for method in 0..<3 { scored[key, default: [[], [], []]][method].append(predictions[method]) }
            }
        }
        func metrics(_ list: [Scored]) -> EvaluationReport.Metrics {
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
        func breakdown(_ key: String) -> EvaluationReport.Breakdown {
            let lists = scored[key] ?? [[], [], []]
            return .init(model: metrics(lists[0]), countryMedian: metrics(lists[1]), ordinaryLeastSquares: metrics(lists[2]))
        }
        var bySource: [String: EvaluationReport.Breakdown] = [:]
        var byRegion: [String: EvaluationReport.Breakdown] = [:]
        for key in scored.keys {
            if key.hasPrefix("source:") { bySource[String(key.dropFirst(7))] = breakdown(key) }
            if key.hasPrefix("region:") { byRegion[String(key.dropFirst(7))] = breakdown(key) }
        }
        return EvaluationReport(
            method: holdOut.description,
            trainingRows: training.count,
            heldOutRows: testing.count,
            overall: breakdown("*"),
            bySource: bySource,
            byRegion: byRegion
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
