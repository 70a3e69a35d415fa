import Foundation
import RateStats

/// Why a model could not be fitted.
public enum ModelError: Error, Sendable, CustomStringConvertible {
    /// Fewer rows can be fitted than a model needs; `leftOut` counts the stored rows that could
    /// not be used, by reason.
    case tooFewRows(usable: Int, needed: Int, leftOut: [RowExclusion: Int])
    case degenerate(String)

    public var description: String {
        switch self {
        case let .tooFewRows(usable, needed, leftOut):
            let reasons = leftOut.filter { $0.value > 0 }.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }
            if usable == 0 && reasons.isEmpty {
                return "the store holds no survey or salary rows to fit a model on (published distributions such as BLS OEWS are "
                    + "not fitted on their own); import a survey first (`ratecard import`)"
            }
            let why = reasons.isEmpty ? "" : " (left out: " + reasons.map { "\($0.value) \($0.key.description)" }.joined(separator: "; ") + ")"
            return "a model needs at least \(needed) rows it can fit, and the stored data give \(usable)\(why); "
                + "import more survey rows (`ratecard import`)"
        case let .degenerate(detail): return "the model cannot be fitted: \(detail)"
        }
    }
}

/// Why a stored observation is not a row of the general fit.
public enum RowExclusion: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case unknownCountry = "unknown-country"
    case noExperience = "no-experience"
    case zeroPay = "zero-pay"
    case partTime = "part-time"
    case stackOverflowOutsideBand = "stackoverflow-outside-1k-1m"
    case segmentSource = "segment-source"

    public var description: String {
        switch self {
        case .unknownCountry: "in a country RateCard does not know"
        case .noExperience: "without experience (Stack Overflow 2019 asked none)"
        case .zeroPay: "with no pay"
        case .partTime: "part-time (annual pay over a full-time year is not an hourly rate)"
        case .stackOverflowOutsideBand: "Stack Overflow answers outside $1,000–$1,000,000 a year"
        case .segmentSource: "from a segment source (levels.fyi), priced beside the model, never in it"
        }
    }
}

/// One observation prepared for fitting.
struct TrainingRow: Sendable {
    var y: Double
    var weight: Double
    var region: RateCardRegion
    var country: CountryCode
    var cityKey: String?
    var years: Double
    var skills: [String]
    /// How many skills the respondent listed (generic answers left out), whether modelled or not.
    var skillCount: Int
    var role: Role
    var employment: EmploymentType
    /// The employer or client is in another country than the developer (the source says so).
    var employerAbroad: Bool
    /// The survey family ("stackoverflow", "dou"): what the model's source effects are per.
    var source: String
    /// The stored dataset, one wave of a family ("so2024").
    var dataset: String
    var yearsBack: Double
    var isOutlier: Bool
    var observedYear: Int
    /// The observation date as a day number: waves of one year (sysarmy's two) are apart.
    var observedDay: Int
    /// The seniority the source states beside the years (a DOU title, sysarmy's seniority).
    var statedLevel: ExperienceLevel? = nil
    /// The row's position in the observations it was prepared from (an evaluation prepares the
    /// rows it fits and those it scores apart, from the same observations).
    var observationIndex: Int = 0
}

/// The bounds that flagged outliers are winsorised to: P1–P99 of log pay of their country's
/// unflagged rows, else their region's, else all rows', where the group has at least 20.
struct WinsorisingBounds {
    private var byCountry: [CountryCode: [Double]] = [:]
    private var byRegion: [RateCardRegion: [Double]] = [:]
    private var world: [Double] = []

    init(unflaggedOf rows: [TrainingRow]) {
        for row in rows where !row.isOutlier {
            byCountry[row.country, default: []].append(row.y)
            byRegion[row.region, default: []].append(row.y)
            world.append(row.y)
        }
    }

    /// Clamps the flagged rows' log pay; the others are left as they are.
    func apply(to rows: inout [TrainingRow]) {
        func bounds(_ values: [Double]?) -> (Double, Double)? {
            guard let values, values.count >= 20 else { return nil }
            let q = Quantiles.of(values, [0.01, 0.99])
            return (q[0], q[1])
        }
        var cache: [CountryCode: (Double, Double)] = [:]
        for index in rows.indices where rows[index].isOutlier {
            let row = rows[index]
            let range = cache[row.country] ?? bounds(byCountry[row.country]) ?? bounds(byRegion[row.region]) ?? bounds(world) ?? (row.y, row.y)
            cache[row.country] = range
            rows[index].y = min(max(row.y, range.0), range.1)
        }
    }
}

/// Fits a `RateModel` from observations: log hourly pay on location (region → country → city,
/// partially pooled), a smooth experience curve with regional slopes, skills, role, employment type,
/// source and a wage-growth correction, by penalised (ridge) least squares. Pure and deterministic.
public struct ModelFitter: Sendable {
    public var settings: EstimationSettings
    public var tables: ReferenceTables

    public init(settings: EstimationSettings = .standard, tables: ReferenceTables) {
        self.settings = settings
        self.tables = tables
    }

    /// - Parameters:
    ///   - sourceDatasets: dataset tag of each stored source id ("so2016", "dou"...).
    ///   - asOf: the date pay is aged to.
    public func fit(
        observations: [Observation],
        sourceDatasets: [Int64: String],
        distributions: [PublishedDistribution],
        advertisedRanges: [AdvertisedRange] = [],
        asOf: CalendarDate,
        dataVersion: Int,
        fittedAt: Timestamp
    ) throws -> RateModel {
        var excluded: [RowExclusion: Int] = [:]
        var codingYears = CodingYearsMap.learn(from: observations)
        var rows = prepare(observations, sourceDatasets: sourceDatasets, asOf: asOf, codingYears: &codingYears, excluded: &excluded)
        // Segment rows are kept apart from the start: not even the bounds flagged rows are
        // winsorised to may depend on them.
        var segmentRows = rows.filter { settings.segmentSources.contains($0.dataset) }
        rows.removeAll { settings.segmentSources.contains($0.dataset) }
        winsorise(&rows)
        winsorise(&segmentRows)
        var (model, design) = try fit(
            rows: rows,
            excluded: excluded,
            segmentRowCount: segmentRows.count,
            sourceDatasets: sourceDatasets,
            distributions: distributions,
            asOf: asOf,
            dataVersion: dataVersion,
            fittedAt: fittedAt
        )
        model.codingYearsMap = codingYears
        model.segments = segmentPremiums(segmentRows, model: model, design: design)
        if !advertisedRanges.isEmpty {
            let evidence = ContractOfferEvidence(ranges: advertisedRanges) { String($0.recordKey.prefix { $0 != ":" }) }
            model.contractOffers = evidence.countries.isEmpty ? nil : evidence
        }
        return model
    }

    /// A country's segment premium counts as its own from this many rows; it is shrunk toward
    /// the source's overall premium with the weight of as many.
    static let segmentCountryRows = 30

    /// Each segment source's premium over the general model: the median residual of its rows,
    /// per country (shrunk toward its overall median) and overall. The rows never enter the fit.
    func segmentPremiums(_ rows: [TrainingRow], model: RateModel, design: Design) -> [SegmentPremium] {
        Dictionary(grouping: rows, by: \.dataset).sorted { $0.key < $1.key }.compactMap { source, rows in
            guard rows.count >= Self.segmentCountryRows else { return nil }
            func residual(_ row: TrainingRow) -> Double {
                row.y - design.entries(for: row).reduce(0) { $0 + $1.value * model.solution.coefficients[$1.column] }
            }
            let residuals = rows.map { (row: $0, value: residual($0)) }
            let overall = Descriptive.median(residuals.map(\.value)) ?? 0
            var byCountry: [String: SegmentPremium.Level] = [:]
            for (country, group) in Dictionary(grouping: residuals, by: { $0.row.country.alpha2 }) where group.count >= settings.privacyMinimum {
                let own = Descriptive.median(group.map(\.value)) ?? overall
                let n = Double(group.count)
                let shrunk = (n * own + Double(Self.segmentCountryRows) * overall) / (n + Double(Self.segmentCountryRows))
                byCountry[country] = .init(logPremium: shrunk, rows: group.count)
            }
            return SegmentPremium(
                source: source,
                overall: .init(logPremium: overall, rows: rows.count),
                byCountry: byCountry,
                years: Set(rows.map(\.observedYear)).sorted()
            )
        }
    }

    /// A model needs at least this many rows it can fit.
    static let minimumRows = 50

    /// Fits prepared rows; also returns the design, for evaluation. `segmentRowCount` only
    /// explains a refusal: segment rows were set apart before.
    func fit(
        rows: [TrainingRow],
        excluded: [RowExclusion: Int],
        segmentRowCount: Int = 0,
        sourceDatasets: [Int64: String],
        distributions: [PublishedDistribution],
        asOf: CalendarDate,
        dataVersion: Int,
        fittedAt: Timestamp
    ) throws -> (model: RateModel, design: Design) {
        guard rows.count >= Self.minimumRows else {
            var leftOut = excluded
            leftOut[.segmentSource] = segmentRowCount
            throw ModelError.tooFewRows(usable: rows.count, needed: Self.minimumRows, leftOut: leftOut)
        }
        let design = Design(rows: rows, settings: settings)
        let robust = try robustSolve(rows: rows, design: design)
        var solution = robust.0
        let robustness = robust.1
        Self.enforceMonotoneExperience(&solution, design: design)

        var model = RateModel(
            settings: settings,
            asOf: asOf,
            dataVersion: dataVersion,
            fittedAt: fittedAt,
            columns: design.columns,
            solution: solution,
            referenceSource: design.referenceSource,
            groups: [:],
            residualQuantiles: [:],
            skillShare: [:],
            skillRows: [:],
            skillShareByCountry: [:],
            oews: [],
            usExperienceMean: [:],
            growth: [:],
            // Stored by the reasons' names: snapshots are JSON read by `model show`.
            excluded: Dictionary(uniqueKeysWithValues: excluded.map { ($0.key.rawValue, $0.value) }),
            sources: Dictionary(sourceDatasets.map { ("\($0.key)", $0.value) }, uniquingKeysWith: { a, _ in a }),
            employmentRows: Dictionary(grouping: rows, by: \.employment.rawValue).mapValues(\.count),
            employerAbroad: EmployerAbroadEvidence(rows: rows)
        )
        model.robustFit = robustness
        model.employmentRowsByRegion = Dictionary(grouping: rows, by: { ModelColumn.regionEmployment($0.region, $0.employment) }).mapValues(\.count)
        let index = model.columnIndex()

        // Residual pools for the ranges.
        var pools: [ResidualPool: [Double]] = [:]
        var usExperience: [RoleSelection: (sum: Double, count: Double)] = [:]
        var earlierYears = Design.EarlierYearResiduals()
        var residuals: [Double] = []
        residuals.reserveCapacity(rows.count)
        for row in rows {
            let fitted = design.entries(for: row).reduce(0) { $0 + $1.value * solution.coefficients[$1.column] }
            let residual = row.y - fitted
            residuals.append(residual)
            for key in [ResidualPool.regionSource(row.region, row.source), .region(row.region), .source(row.source), .all] {
                pools[key, default: []].append(residual)
            }
            if let start = design.recentStart[row.country], !row.isOutlier {
                earlierYears.add(row, residual: residual, recentStart: start)
            }
            if row.country.alpha2 == "US" {
                let term = model.experienceEffect(years: row.years, region: row.region, index: index)
                for key in [RoleSelection.one(row.role), .every] {
                    usExperience[key, default: (0, 0)].sum += term
                    usExperience[key, default: (0, 0)].count += 1
                }
            }
        }
        for (key, residuals) in pools where residuals.count >= 20 {
            model.residualQuantiles[key] = Quantiles.of(residuals, PercentileSet.probabilities)
        }
        (model.countrySpreads, model.regionSpreads) = Self.countrySpreads(rows: rows, residuals: residuals, model: model)
        model.usExperienceMean = usExperience.mapValues { $0.sum / $0.count }

        // Group counts for sample sizes and fallback levels.
        var groups: [GroupKey: GroupCount] = [:]
        var skillCounts: [String: Int] = [:]
        var countrySkillCounts: [CountrySkill: Int] = [:]
        for row in rows {
            var scopes: [GroupScope] = [.world, .region(row.region), .country(row.country)]
            if let city = row.cityKey { scopes.append(.city(row.country, cityKey: city)) }
            for scope in scopes {
                groups[GroupKey(scope), default: GroupCount()].add(weight: row.weight, source: row.source, year: row.observedYear)
                groups[GroupKey(scope, role: row.role), default: GroupCount()].add(weight: row.weight, source: row.source, year: row.observedYear)
            }
            for skill in row.skills {
                skillCounts[skill, default: 0] += 1
                countrySkillCounts[CountrySkill(row.country, skill), default: 0] += 1
            }
        }
        model.groups = groups
        model.skillRows = skillCounts.filter { design.skillNames.contains($0.key) }
        model.skillShare = model.skillRows.mapValues { Double($0) / Double(rows.count) }
        for (key, count) in countrySkillCounts {
            guard design.skillNames.contains(key.skill), let total = groups[GroupKey(.country(key.country))]?.rows,
                total >= settings.minimumGroupObservations
            else { continue }
            model.skillShareByCountry[key] = Double(count) / Double(total)
        }

        // Wage growth by region, and by country where a survey family measures it.
        var yearsByRegion: [RateCardRegion: Set<Int>] = [:]
        var yearsByCountry: [CountryCode: Set<Int>] = [:]
        for row in rows {
            yearsByRegion[row.region, default: []].insert(row.observedYear)
            yearsByCountry[row.country, default: []].insert(row.observedYear)
        }
        var countryGrowth: [String: GrowthEstimate] = [:]
        for region in RateCardRegion.allCases {
            let prior = settings.growthPrior(region)
            let correction = model.coefficient(.growth, region.rawValue, index: index)
            let evidence = design.growthEvidence[.region(region)]
            let regional = GrowthEstimate(
                prior: prior,
                estimate: prior + (correction?.value ?? 0),
                standardError: correction?.error ?? 0,
                years: (yearsByRegion[region] ?? []).sorted(),
                families: evidence?.families.sorted() ?? [],
                rows: evidence?.rows ?? 0
            )
            model.growth[region.rawValue] = regional
            for (scope, evidence) in design.growthEvidence {
                guard case .country(let country) = scope, tables.countries[country]?.region == region,
                    let deviation = model.coefficient(.countryGrowth, country.alpha2, index: index)
                else { continue }
                countryGrowth[country.alpha2] = GrowthEstimate(
                    prior: regional.estimate,
                    estimate: regional.estimate + deviation.value,
                    standardError: deviation.error,
                    years: (yearsByCountry[country] ?? []).sorted(),
                    families: evidence.families.sorted(),
                    rows: evidence.rows
                )
            }
        }
        model.countryGrowth = countryGrowth
        model.statedLevels = design.statedLevels
        model.recentWindows = Dictionary(
            uniqueKeysWithValues: design.recentStart.map { country, start in
                (
                    country.alpha2,
                    RecentWindow(
                        since: CalendarDate(dayNumber: start),
                        rows: design.recentEvidence[country]?.rows ?? 0,
                        families: (design.recentEvidence[country]?.families ?? []).sorted(),
                        earlierLevels: earlierYears.levels(of: country)
                    )
                )
            }
        )

        model.oews = distributions.compactMap { cell in
            guard cell.location.country.alpha2 == "US", cell.role != .other, cell.industryCode == "000000" || cell.industryCode.isEmpty,
                cell.hourly.p50 != nil
            else { return nil }
            return OEWSCell(
                areaType: cell.areaType,
                areaName: cell.areaName,
                subdivision: cell.location.subdivision,
                cityKey: cell.location.cityKey,
                occupationCode: cell.occupationCode,
                occupationName: cell.occupationName,
                role: cell.role,
                employment: cell.employment,
                hourly: cell.hourly.all.map { $0?.amount },
                locationQuotient: cell.locationQuotient,
                observedOn: cell.observedOn
            )
        }
        return (model, design)
    }

    /// A country's rows count toward its own spread as n / (n + this), the rest is its region's.
    public static let spreadPriorRows = 200.0
    /// Rows a country needs before its own spread is measured at all.
    static let minimumSpreadRows = 30

    /// Each country's spread of pay against the pools an estimate for its rows would use, and the
    /// spread of each region's other countries. Every residual is put on its pool's scale (its
    /// distance from the pool's median over the pool's half-width on its side, inner and outer
    /// apart), so a country whose rows come from a narrow source is not taken for a narrow
    /// country. A country's factor is how far its rows reach on that scale against its region's,
    /// shrunk toward 1 by n / (n + 200). The factors of a region are then scaled together so that
    /// the region's rows reach as far as before: they move width from one country to another
    /// (Israel's and South Africa's tighter pay to the rest of the Middle East and Africa), and a
    /// region's ranges hold what they held.
    static func countrySpreads(
        rows: [TrainingRow],
        residuals: [Double],
        model: RateModel
    ) -> (countries: [String: CountrySpread], regions: [String: CountrySpread]) {
        struct Distance {
            var country: CountryCode
            var inner: Double
            var outer: Double
        }
        var byRegion: [RateCardRegion: [Distance]] = [:]
        for (row, residual) in zip(rows, residuals) {
            guard let pool = model.residualQuantiles(of: row.source, in: row.region) ?? model.residualQuantiles[.region(row.region)] else { continue }
            let above = residual >= pool[2]
            let innerWidth = above ? pool[3] - pool[2] : pool[2] - pool[1]
            let outerWidth = above ? pool[4] - pool[2] : pool[2] - pool[0]
            guard innerWidth > 0, outerWidth > 0 else { continue }
            let distance = abs(residual - pool[2])
            byRegion[row.region, default: []].append(Distance(country: row.country, inner: distance / innerWidth, outer: distance / outerWidth))
        }
        // On its pool's scale, half of a pool's rows lie within 1 of its median (inner), 80 % within 1 (outer).
        func reach(_ values: [Double], _ share: Double) -> Double? { values.isEmpty ? nil : Quantiles.of(values, [share]).first }
        var countries: [String: CountrySpread] = [:]
        var regions: [String: CountrySpread] = [:]
        for (region, distances) in byRegion {
            guard let regionalInner = reach(distances.map(\.inner), 0.5), let regionalOuter = reach(distances.map(\.outer), 0.8),
                regionalInner > 0, regionalOuter > 0
            else { continue }
            var own: [CountryCode: CountrySpread] = [:]
            for (country, rows) in Dictionary(grouping: distances, by: \.country) where rows.count >= minimumSpreadRows {
                guard let inner = reach(rows.map(\.inner), 0.5), let outer = reach(rows.map(\.outer), 0.8), inner > 0, outer > 0 else { continue }
                let n = Double(rows.count)
                let weight = n / (n + spreadPriorRows)
                own[country] = CountrySpread(
                    inner: exp(weight * log(inner / regionalInner)),
                    outer: exp(weight * log(outer / regionalOuter)),
                    rows: rows.count
                )
            }
            // The common scale that gives the region's rows their old reach again.
            guard let scaledInner = reach(distances.map { $0.inner / (own[$0.country]?.inner ?? 1) }, 0.5),
                let scaledOuter = reach(distances.map { $0.outer / (own[$0.country]?.outer ?? 1) }, 0.8)
            else { continue }
            let innerScale = scaledInner / regionalInner
            let outerScale = scaledOuter / regionalOuter
            for (country, spread) in own {
                countries[country.alpha2] = CountrySpread(inner: spread.inner * innerScale, outer: spread.outer * outerScale, rows: spread.rows)
            }
            let others = distances.filter { own[$0.country] == nil }.count
            regions[region.rawValue] = CountrySpread(inner: innerScale, outer: outerScale, rows: others)
        }
        return (countries, regions)
    }

    /// Ridge least squares made robust by Huber's M-estimator, solved by iteratively reweighted
    /// least squares: a row whose residual exceeds `k` robust standard deviations (scaled MAD of the
    /// weighted residuals) gets its weight multiplied by k·s/|r|, so its pull on the fit grows only
    /// linearly with its distance, not quadratically. Survey pay has long lower tails (part-time
    /// pay reported as annual, monthly pay typed as yearly, students): under plain least squares
    /// those pull a country's level below its typical pay, most in the countries where such answers
    /// are common, and one extreme row with a large weight moves a whole country.
    func robustSolve(rows: [TrainingRow], design: Design) throws -> (RidgeRegression.Solution, RobustFitSummary?) {
        // The design rows are built once: each iteration reuses them.
        let entries = rows.map { design.entries(for: $0) }
        func solve(factors: [Double]?, withCovariance: Bool) throws -> RidgeRegression.Solution {
            var regression = RidgeRegression(columnCount: design.columns.count)
            for index in rows.indices {
                regression.add(entries[index], response: rows[index].y, weight: rows[index].weight * (factors?[index] ?? 1))
            }
            do {
                return try regression.solve(penalties: design.penalties, withCovariance: withCovariance)
            } catch RidgeError.singular(let column) {
                let name = design.columns.indices.contains(column) ? design.columns[column].key : "column \(column)"
                throw ModelError.degenerate("the unpenalised coefficient \(name) has no data of its own")
            }
        }
        let tuning = settings.robustTuning
        guard tuning > 0, settings.robustIterations > 0 else { return (try solve(factors: nil, withCovariance: true), nil) }
        var solution = try solve(factors: nil, withCovariance: false)
        var factors = [Double](repeating: 1, count: rows.count)
        var scale = 0.0
        var iterations = 0
        var converged = false
        while iterations < settings.robustIterations {
            iterations += 1
            let residuals = entries.indices.map { index in
                rows[index].y - entries[index].reduce(0) { $0 + $1.value * solution.coefficients[$1.column] }
            }
            let absolute = zip(residuals, rows).map { (value: abs($0), weight: $1.weight) }
            scale = 1.4826 * (Quantiles.weighted(absolute, 0.5) ?? 0)
            guard scale > 0 else { break }
            let limit = tuning * scale
            factors = residuals.map { abs($0) <= limit ? 1 : limit / abs($0) }
            let previous = solution.coefficients
            solution = try solve(factors: factors, withCovariance: false)
            let change = zip(previous, solution.coefficients).map { abs($0 - $1) }.max() ?? 0
            if change < 1e-4 {
                converged = true
                break
            }
        }
        solution = try solve(factors: factors, withCovariance: true)
        let totalWeight = rows.reduce(0) { $0 + $1.weight }
        var downweighted = 0
        var lostWeight = 0.0
        for (row, factor) in zip(rows, factors) where factor < 1 {
            downweighted += 1
            lostWeight += row.weight * (1 - factor)
        }
        return (
            solution,
            RobustFitSummary(
                tuning: tuning,
                scale: scale,
                iterations: iterations,
                converged: converged,
                downweightedRows: downweighted,
                rows: rows.count,
                weightRemoved: totalWeight > 0 ? lostWeight / totalWeight : 0
            )
        )
    }

    /// The annual USD pay Stack Overflow's 2025 subset kept (its curator's 1,000 < salary < 1,000,000).
    static let stackOverflowBand = 1_000.0.nextUp..<1_000_000.0

    /// Survey answers that name no skill ("Other" in several languages): never given a premium.
    static let genericSkillAnswers: Set<String> = ["Other", "Other(s):", "Інша", "Інше", "Другой", "Другое", "Другая", "None", "NA"]

    /// Turns observations into training rows: aged log pay, resolved region, experience in years.
    func prepare(
        _ observations: [Observation],
        sourceDatasets: [Int64: String],
        asOf: CalendarDate,
        codingYears: inout CodingYearsMap,
        excluded: inout [RowExclusion: Int]
    ) -> [TrainingRow] {
        var rows: [TrainingRow] = []
        rows.reserveCapacity(observations.count)
        for (observationIndex, observation) in observations.enumerated() {
            guard let country = tables.countries[observation.location.country] else {
                excluded[.unknownCountry, default: 0] += 1
                continue
            }
            let stated = observation.experience.representativeYears ?? observation.experience.statedLevel.map(settings.levels.typicalYears)
            let mapped = stated == nil ? observation.experience.codingYears.map(codingYears.professionalYears(forCoding:)) : nil
            guard let years = stated ?? mapped else {
                excluded[.noExperience, default: 0] += 1
                continue
            }
            if mapped != nil { codingYears.appliedRows += 1 }
            let hourly = observation.normalised.hourlyUSD.amount
            guard hourly > 0 else {
                excluded[.zeroPay, default: 0] += 1
                continue
            }
            if observation.employment == .employeePartTime {
                // Part-time pay is annual income over a full-time year: not an hourly rate.
                excluded[.partTime, default: 0] += 1
                continue
            }
            let yearsBack = max(0, asOf.years(since: observation.observedOn))
            let dataset = observation.sourceID.flatMap { sourceDatasets[$0] } ?? "unknown"
            let family = SourceFamily.of(dataset)
            if family == SourceFamily.stackOverflow, !Self.stackOverflowBand.contains(observation.normalised.annualUSD.amount) {
                // Stack Overflow's 2025 subset holds only answers in this band; every wave is fitted
                // the same way, so that a wave's level and the growth between waves compare alike.
                excluded[.stackOverflowOutsideBand, default: 0] += 1
                continue
            }
            let skills = Array(Set(observation.skills.map(\.name).filter { !Self.genericSkillAnswers.contains($0) })).sorted()
            rows.append(
                TrainingRow(
                    y: log(hourly) + settings.growthPrior(country.region) * yearsBack,
                    weight: observation.weight * pow(0.5, yearsBack / settings.recencyHalfLifeYears),
                    region: country.region,
                    country: country.code,
                    cityKey: observation.location.cityKey,
                    years: years,
                    skills: skills,
                    skillCount: skills.count,
                    role: observation.role,
                    employment: observation.employment,
                    employerAbroad: observation.business != nil,
                    source: family,
                    dataset: dataset,
                    yearsBack: yearsBack,
                    isOutlier: observation.quality.isOutlier,
                    observedYear: observation.observedOn.year,
                    observedDay: observation.observedOn.dayNumber,
                    statedLevel: observation.experience.statedLevel,
                    observationIndex: observationIndex
                )
            )
        }
        return rows
    }

    /// Flagged outliers are kept but winsorised to P1–P99 of their country's unflagged rows
    /// (region, then world, when the country has fewer than 20).
    func winsorise(_ rows: inout [TrainingRow]) {
        guard rows.contains(where: \.isOutlier) else { return }
        WinsorisingBounds(unflaggedOf: rows).apply(to: &rows)
    }

    /// Experience must never lower pay: each region's slope, before and after the hinge, is kept ≥ 0.
    static func enforceMonotoneExperience(_ solution: inout RidgeRegression.Solution, design: Design) {
        guard let base = design.index[ModelColumn(.experience, "log-years")] else { return }
        if solution.coefficients[base] < 0 { solution.coefficients[base] = 0 }
        for region in RateCardRegion.allCases {
            guard let regional = design.index[ModelColumn(.regionExperience, region.rawValue)] else { continue }
            let slope = solution.coefficients[base] + solution.coefficients[regional]
            if slope < 0 { solution.coefficients[regional] = -solution.coefficients[base] }
        }
        guard let hinge = design.index[ModelColumn(.experienceHinge, "after-hinge")] else { return }
        let minimumSlope =
            RateCardRegion.allCases.map { region in
                solution.coefficients[base] + (design.index[ModelColumn(.regionExperience, region.rawValue)].map { solution.coefficients[$0] } ?? 0)
            }.min() ?? solution.coefficients[base]
        if minimumSlope + solution.coefficients[hinge] < 0 { solution.coefficients[hinge] = -minimumSlope }
    }
}

/// The model's columns for a set of training rows, and how a row maps onto them.
struct Design {
    var columns: [ModelColumn] = []
    var penalties: [Double] = []
    var index: [ModelColumn: Int] = [:]
    var referenceSource: String
    var skillNames: Set<String> = []
    /// Datasets none of whose rows lists a skill (Stack Overflow 2024's curation): their respondents
    /// were not asked, which is not the same as leaving the question blank. Their rows get no
    /// skills-listed bucket, so that bucket is not collinear with the wave and its whole level
    /// stays in its family's effect and growth.
    private(set) var datasetsWithoutSkills: Set<String> = []
    /// Datasets some of whose rows list a skill: where an empty list is a blank answer.
    private(set) var datasetsWithSkills: Set<String> = []
    /// What measures each growth column: the survey families asked in two years or more there,
    /// and their rows.
    private(set) var growthEvidence: [GroupScope: (families: Set<String>, rows: Int)] = [:]
    /// Countries with a recent-level effect: the first day of their recent window, and its rows.
    private(set) var recentStart: [CountryCode: Int] = [:]
    private(set) var recentEvidence: [CountryCode: (rows: Int, families: Set<String>)] = [:]
    /// Per survey family, the mix of titles per years among its rows that state one, which its
    /// stated-level columns are centred on.
    private(set) var statedLevels: [String: StatedLevelMix] = [:]
    let settings: EstimationSettings
    private var cities: Set<String> = []

    init(rows: [TrainingRow], settings: EstimationSettings) {
        self.settings = settings
        var sourceCounts: [String: Int] = [:]
        var cityCounts: [String: Int] = [:]
        var skillCounts: [String: Int] = [:]
        var regions = Set<String>()
        var countries = Set<String>()
        var roles = Set<String>()
        var employments = Set<String>()
        var datasets = Set<String>()
        var datasetsWithSkills = Set<String>()
        // Rows per family, place and year: growth is measured where a family has asked in two years.
        var familyYearRows: [GroupScope: [String: [Int: Int]]] = [:]
        for row in rows {
            sourceCounts[row.source, default: 0] += 1
            datasets.insert(row.dataset)
            if row.skillCount > 0 { datasetsWithSkills.insert(row.dataset) }
            for scope in [GroupScope.region(row.region), .country(row.country)] {
                familyYearRows[scope, default: [:]][row.source, default: [:]][row.observedYear, default: 0] += 1
            }
            regions.insert(row.region.rawValue)
            countries.insert(row.country.alpha2)
            if let city = row.cityKey { cityCounts["\(row.country.alpha2)|\(city)", default: 0] += 1 }
            for skill in row.skills { skillCounts[skill, default: 0] += 1 }
            roles.insert(row.role.rawValue)
            employments.insert(row.employment.rawValue)
        }
        datasetsWithoutSkills = datasets.subtracting(datasetsWithSkills)
        self.datasetsWithSkills = datasetsWithSkills
        for (scope, families) in familyYearRows {
            var measuring = Set<String>()
            var measuringRows = 0
            for (family, years) in families where years.values.filter({ $0 >= Self.minimumGrowthYearRows }).count >= 2 {
                measuring.insert(family)
                measuringRows += years.values.reduce(0, +)
            }
            if !measuring.isEmpty { growthEvidence[scope] = (measuring, measuringRows) }
        }
        referenceSource = sourceCounts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "unknown"
        let p = settings.penalties
        add(.intercept, "all", 0)
        for region in regions.sorted() { add(.region, region, p.region) }
        for country in countries.sorted() { add(.country, country, p.country) }
        for (city, count) in cityCounts.sorted(by: { $0.key < $1.key }) where count >= settings.minimumCityObservations {
            add(.city, city, p.city)
            cities.insert(city)
        }
        add(.experience, "log-years", 0)
        // Unpenalised, so only where some row is past the hinge (early DOU waves stop at 10 years).
        if rows.contains(where: { $0.years > settings.experienceHinge }) { add(.experienceHinge, "after-hinge", 0) }
        for region in regions.sorted() { add(.regionExperience, region, p.regionExperience) }
        for (skill, count) in skillCounts.sorted(by: { $0.key < $1.key }) where count >= settings.minimumSkillObservations {
            add(.skill, skill, p.skill)
            skillNames.insert(skill)
        }
        let withoutSkills = datasetsWithoutSkills
        let buckets = Set(rows.filter { !withoutSkills.contains($0.dataset) }.map { Self.skillCountBucket($0.skillCount) })
        for bucket in Self.skillCountBuckets where bucket != Self.referenceSkillCountBucket && buckets.contains(bucket) {
            add(.skillCount, bucket, Self.skillCountPenalty)
        }
        for role in roles.sorted() where role != Role.backend.rawValue { add(.role, role, p.role) }
        // A stated seniority (a title) against the average titled developer with the same years
        // in the same survey family (`StatedLevelMix`): only rows whose source states one carry
        // it, centred, so a source's own level stays in its family effect.
        statedLevels = StatedLevelMix.learn(rows.lazy.compactMap { row in row.statedLevel.map { (row.years, $0, row.source) } })
        var levelRows: [String: Int] = [:]
        for row in rows where statedLevels[row.source] != nil {
            if let level = row.statedLevel { levelRows[StatedLevelMix.columnName(family: row.source, level: level), default: 0] += 1 }
        }
        for (name, count) in levelRows.sorted(by: { $0.key < $1.key }) where count >= Self.minimumRegionRoleRows {
            add(.statedLevel, name, Self.statedLevelPenalty)
        }
        var regionRoleRows: [String: Int] = [:]
        for row in rows where row.role != .backend { regionRoleRows[ModelColumn.regionRole(row.region, row.role), default: 0] += 1 }
        for (name, count) in regionRoleRows.sorted(by: { $0.key < $1.key }) where count >= Self.minimumRegionRoleRows {
            add(.regionRole, name, p.regionRole)
        }
        for employment in employments.sorted() where employment != EmploymentType.employeeFullTime.rawValue {
            add(.employment, employment, p.employment)
        }
        // Freelancers' and contractors' income against employees' differs by market: a region's
        // own deviation where it has the rows, pulled toward every region's effect.
        var regionEmploymentRows: [String: Int] = [:]
        for row in rows where row.employment != .employeeFullTime {
            regionEmploymentRows[ModelColumn.regionEmployment(row.region, row.employment), default: 0] += 1
        }
        for (name, count) in regionEmploymentRows.sorted(by: { $0.key < $1.key }) where count >= Self.minimumRegionRoleRows {
            add(.regionEmployment, name, p.regionRole)
        }
        for source in sourceCounts.keys.sorted() where source != referenceSource { add(.source, source, p.source) }
        // Pay at an employer abroad: one effect, with each developer region's own deviation where
        // that region has such rows. Sources that do not record where the employer is count as
        // local; the effect is identified within the sources that do (each has its own level).
        let abroadByRegion = Dictionary(grouping: rows.filter(\.employerAbroad), by: \.region).mapValues(\.count)
        if abroadByRegion.values.reduce(0, +) >= Self.minimumEmployerAbroadRows {
            add(.employerAbroad, Self.allRegions, Self.employerAbroadPenalty)
            for (region, count) in abroadByRegion.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where count >= Self.minimumEmployerAbroadRows {
                add(.employerAbroad, region.rawValue, Self.employerAbroadRegionPenalty)
            }
            // And each developer country's own, where it has the rows: being paid from abroad is
            // worth more where local pay in dollars is depressed (Argentina ×2.4 within sysarmy)
            // than where it is not (Colombia ×1.5 within colombia-dev, Ukraine ×1.4 within DOU).
            let abroadByCountry = Dictionary(grouping: rows.filter(\.employerAbroad), by: \.country).mapValues(\.count)
            for (country, count) in abroadByCountry.sorted(by: { $0.key < $1.key }) where count >= Self.minimumEmployerAbroadRows {
                add(.countryEmployerAbroad, country.alpha2, Self.employerAbroadRegionPenalty)
            }
        }
        // Growth: a correction to the prior per region, where a survey family has asked in two
        // years or more (elsewhere the prior stands), and each such country's own deviation.
        for region in regions.sorted() {
            guard let parsed = RateCardRegion(rawValue: region), growthEvidence[.region(parsed)] != nil else { continue }
            add(.growth, region, p.growth)
        }
        for country in countries.sorted() {
            guard let code = CountryCode(country), growthEvidence[.country(code)] != nil else { continue }
            add(.countryGrowth, country, p.countryGrowth)
        }
        // The recent level: where growth is measured, a country's latest surveys (each family's
        // last 18 months there) may sit above or below the long-run trend, as pay in a currency
        // that swung does; their deviation is the country's current level, the trend only ages.
        var latest: [CountryCode: [String: Int]] = [:]
        for row in rows where growthEvidence[.country(row.country)] != nil {
            latest[row.country, default: [:]][row.source] = max(latest[row.country]?[row.source] ?? 0, row.observedDay)
        }
        var recent: [CountryCode: (inside: Int, outside: Int, families: Set<String>, start: Int)] = [:]
        for row in rows {
            guard let day = latest[row.country]?[row.source] else { continue }
            let start = day - Self.recentWindowDays
            var entry = recent[row.country] ?? (0, 0, [], Int.max)
            if row.observedDay >= start {
                entry.inside += 1
                entry.families.insert(row.source)
                entry.start = min(entry.start, start)
            } else {
                entry.outside += 1
            }
            recent[row.country] = entry
        }
        for (country, entry) in recent.sorted(by: { $0.key < $1.key })
        where entry.inside >= Self.minimumRecentRows && entry.outside >= Self.minimumRecentRows {
            recentStart[country] = entry.start
            recentEvidence[country] = (entry.inside, entry.families)
            add(.recentLevel, country.alpha2, Self.recentLevelPenalty)
        }
    }

    /// Pulls a stated level's effect toward none: the effects are measured within the few sources
    /// that state one, against their family's average.
    static let statedLevelPenalty = 20.0
    /// A region's deviation for a role or an engagement needs this many of its rows.
    static let minimumRegionRoleRows = 100
    /// A year of a family counts toward measuring growth from this many rows in the place.
    static let minimumGrowthYearRows = 30
    /// A country's rows from its families' last this-many days are its recent level.
    static let recentWindowDays = 548
    /// Rows a country needs inside and outside the window for a recent-level effect.
    static let minimumRecentRows = 30
    /// Pulls a country's recent level toward its long-run trend.
    static let recentLevelPenalty = 50.0

    /// The residuals of a country's rows before its recent window, by survey year: the trend is a
    /// line and the recent level a step, so where pay moved in between (the US from 2019 to 2023),
    /// the earlier years' own levels say where the line through them runs.
    struct EarlierYearResiduals {
        private struct CountryYear: Hashable {
            var country: CountryCode
            var year: Int
        }
        private struct Year {
            var residuals: [Double] = []
            var days: [Int] = []
            var families: Set<String> = []
        }
        private var byYear: [CountryYear: Year] = [:]
        private var all: [CountryCode: [Double]] = [:]

        mutating func add(_ row: TrainingRow, residual: Double, recentStart: Int) {
            // Appended in place through the subscripts: a copied-out array would be copied on every append.
            all[row.country, default: []].append(residual)
            guard row.observedDay < recentStart else { return }
            let key = CountryYear(country: row.country, year: row.observedYear)
            byYear[key, default: Year()].residuals.append(residual)
            byYear[key, default: Year()].days.append(row.observedDay)
            byYear[key, default: Year()].families.insert(row.source)
        }

        /// Years with `minimumRecentRows` rows, oldest first: each year's median residual less the
        /// country's over all its rows (so a level says how that year differs, not where the
        /// country sits), shrunk by n / (n + `recentLevelPenalty`) as the recent level is.
        func levels(of country: CountryCode) -> [WaveLevel]? {
            guard let centre = Descriptive.median(all[country] ?? []) else { return nil }
            let years = byYear.filter { $0.key.country == country }.sorted { $0.key.year < $1.key.year }
            let levels = years.compactMap { _, year -> WaveLevel? in
                let n = Double(year.residuals.count)
                guard year.residuals.count >= Design.minimumRecentRows, let median = Descriptive.median(year.residuals),
                    let day = Descriptive.median(year.days.map(Double.init))
                else { return nil }
                // The median's standard error: √(π/2) · σ / √n, σ from the scaled MAD.
                let sigma = Descriptive.scaledMAD(year.residuals) ?? 0
                let shrink = n / (n + Design.recentLevelPenalty)
                return WaveLevel(
                    on: CalendarDate(dayNumber: Int(day.rounded())),
                    logLevel: (median - centre) * shrink,
                    standardError: 1.2533 * sigma / n.squareRoot() * shrink,
                    rows: year.residuals.count,
                    families: year.families.sorted()
                )
            }
            return levels.isEmpty ? nil : levels
        }
    }

    /// Whether a row is in its country's recent window (at or after its start day).
    func isRecent(_ row: TrainingRow) -> Bool {
        guard let start = recentStart[row.country] else { return false }
        return row.observedDay >= start
    }

    /// The employer-abroad effect is fitted only from this many rows that record one, in all and per region.
    static let minimumEmployerAbroadRows = 30
    static let allRegions = ModelColumn.everyRegion
    /// Weak for the overall effect (hundreds of rows carry it); a region's deviation is pulled
    /// toward it as strongly as a country is toward its region.
    static let employerAbroadPenalty = 2.0
    static let employerAbroadRegionPenalty = 15.0

    /// Buckets of how many skills a respondent listed; "none": left blank in a source that asks.
    static let skillCountBuckets = ["none", "1", "2", "3-4", "5-7", "8+"]
    /// The bucket an estimate compares with: a developer who lists three or four skills.
    static let referenceSkillCountBucket = "3-4"
    /// Weak: the buckets have thousands of rows each, and the penalty only keeps a bucket that a
    /// small store lacks from swinging.
    static let skillCountPenalty = 5.0

    static func skillCountBucket(_ count: Int) -> String {
        switch count {
        case 0: "none"
        case 1: "1"
        case 2: "2"
        case 3...4: "3-4"
        case 5...7: "5-7"
        default: "8+"
        }
    }

    private mutating func add(_ kind: ModelColumn.Kind, _ name: String, _ penalty: Double) {
        let column = ModelColumn(kind, name)
        index[column] = columns.count
        columns.append(column)
        penalties.append(penalty)
    }

    func entries(for row: TrainingRow) -> [(column: Int, value: Double)] {
        var entries: [(column: Int, value: Double)] = [(0, 1)]
        entries.reserveCapacity(16)
        func put(_ kind: ModelColumn.Kind, _ name: String, _ value: Double) {
            if let column = index[ModelColumn(kind, name)] { entries.append((column, value)) }
        }
        put(.region, row.region.rawValue, 1)
        put(.country, row.country.alpha2, 1)
        if let city = row.cityKey { put(.city, "\(row.country.alpha2)|\(city)", 1) }
        let (x, hinge) = RateModel.experienceTerms(years: row.years, settings: settings)
        put(.experience, "log-years", x)
        put(.experienceHinge, "after-hinge", hinge)
        put(.regionExperience, row.region.rawValue, x)
        // Each listed skill carries its share of the respondent's list, so that a long list is a
        // mix of premiums, not their sum; how many were listed is a control of its own.
        if row.skillCount > 0 {
            let share = 1 / Double(row.skillCount)
            for skill in row.skills { put(.skill, skill, share) }
        }
        // A bucket for rows of datasets that record skills (an empty list is a blank answer there),
        // and for any row that lists some; a dataset the fit never saw with a skill (levels.fyi,
        // Stack Overflow 2024) was not asked.
        if row.skillCount > 0 || datasetsWithSkills.contains(row.dataset) { put(.skillCount, Self.skillCountBucket(row.skillCount), 1) }
        put(.role, row.role.rawValue, 1)
        put(.regionRole, ModelColumn.regionRole(row.region, row.role), 1)
        if let level = row.statedLevel, let mix = statedLevels[row.source] {
            for (other, value) in mix.centred(level, years: row.years) {
                put(.statedLevel, StatedLevelMix.columnName(family: row.source, level: other), value)
            }
        }
        put(.employment, row.employment.rawValue, 1)
        put(.regionEmployment, ModelColumn.regionEmployment(row.region, row.employment), 1)
        put(.source, row.source, 1)
        if row.employerAbroad {
            put(.employerAbroad, Self.allRegions, 1)
            put(.employerAbroad, row.region.rawValue, 1)
            put(.countryEmployerAbroad, row.country.alpha2, 1)
        }
        if row.yearsBack > 0 {
            put(.growth, row.region.rawValue, -row.yearsBack)
            put(.countryGrowth, row.country.alpha2, -row.yearsBack)
        }
        if isRecent(row) { put(.recentLevel, row.country.alpha2, 1) }
        return entries
    }
}
