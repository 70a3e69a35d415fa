import Foundation
import RateStats

/// One column of the model's design: what a coefficient means.
public struct ModelColumn: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable {
        case intercept, region, country, city, experience, experienceHinge, regionExperience, skill, skillCount, role, employment, source, growth,
            employerAbroad, countryGrowth, recentLevel, regionRole, regionEmployment, countryEmployerAbroad, statedLevel
    }
    public var kind: Kind
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public var key: String { "\(kind.rawValue):\(name)" }

    /// The name of a region's own deviation for a role ("North America|full-stack").
    public static func regionRole(_ region: RateCardRegion, _ role: Role) -> String { "\(region.rawValue)|\(role.rawValue)" }

    /// The name of a region's own deviation for an engagement ("Latin America|freelancer").
    public static func regionEmployment(_ region: RateCardRegion, _ employment: EmploymentType) -> String {
        "\(region.rawValue)|\(employment.rawValue)"
    }

    /// The name of the employer-abroad column shared by every developer region.
    public static let everyRegion = "all"
}

/// Observation counts of one group (a region, country or city, optionally for one role), by source.
public struct GroupCount: Sendable, Codable, Hashable {
    public var rows = 0
    public var weight = 0.0
    public var weightSquares = 0.0
    /// Weight per source dataset (recency and design weights: what the source mix is made of).
    public var bySource: [String: Double] = [:]
    /// Rows per source dataset: what "n from this source" means to a reader.
    public var rowsBySource: [String: Int] = [:]
    /// Weight per year the observations were made.
    public var byYear: [Int: Double] = [:]

    public init() {}

    public var effectiveSize: Double { weightSquares > 0 ? weight * weight / weightSquares : 0 }

    mutating func add(weight w: Double, source: String, year: Int) {
        rows += 1
        weight += w
        weightSquares += w * w
        bySource[source, default: 0] += w
        rowsBySource[source, default: 0] += 1
        byYear[year, default: 0] += w
    }
}

/// The fitted rows whose employer or client is in another country than the developer: how many,
/// from which developer regions and which sources. Evidence of the employer-abroad effect.
public struct EmployerAbroadEvidence: Sendable, Codable, Hashable {
    public var rows: Int
    public var byRegion: [RateCardRegion: Int]
    /// Per developer country (`nil` in models fitted before it was kept).
    public var byCountry: [String: Int]? = nil
    public var bySource: [String: Int]
    /// Rows of those same sources whose employer is local, the comparison the effect is measured against.
    public var localRowsOfTheseSources: Int

    init(rows: Int, byRegion: [RateCardRegion: Int], bySource: [String: Int], localRowsOfTheseSources: Int) {
        self.rows = rows
        self.byRegion = byRegion
        self.bySource = bySource
        self.localRowsOfTheseSources = localRowsOfTheseSources
    }

    init?(rows training: [TrainingRow]) {
        let abroad = training.filter(\.employerAbroad)
        guard !abroad.isEmpty else { return nil }
        let sources = Set(abroad.map(\.source))
        self.init(
            rows: abroad.count,
            byRegion: Dictionary(grouping: abroad, by: \.region).mapValues(\.count),
            bySource: Dictionary(grouping: abroad, by: \.source).mapValues(\.count),
            localRowsOfTheseSources: training.count { !$0.employerAbroad && sources.contains($0.source) }
        )
        byCountry = Dictionary(grouping: abroad, by: { $0.country.alpha2 }).mapValues(\.count)
    }
}

// Regions key JSON objects by their names, not arrays of pairs.
extension RateCardRegion: CodingKeyRepresentable {}

/// A BLS OEWS cell kept in the model for US profiles.
public struct OEWSCell: Sendable, Codable, Hashable {
    public var areaType: String
    public var areaName: String
    public var subdivision: String?
    public var cityKey: String?
    public var occupationCode: String
    public var occupationName: String
    public var role: Role
    public var employment: Int?
    /// Hourly P10, P25, P50, P75, P90 in USD (`nil` where not published or top-coded).
    public var hourly: [Double?]
    public var locationQuotient: Double?
    public var observedOn: CalendarDate
}

/// How the wage index for a region or a country came out.
public struct GrowthEstimate: Sendable, Codable, Hashable {
    /// The documented default (prior), log points per year; for a country, its region's estimate.
    public var prior: Double
    /// Prior plus what the multi-year data added.
    public var estimate: Double
    public var standardError: Double
    /// Distinct observation years in the data.
    public var years: [Int]
    /// The survey families asked in several of those years: what measures the growth (`nil` in
    /// models fitted before it was recorded).
    public var families: [String]? = nil
    /// Fitted rows of those families.
    public var rows: Int? = nil

    public init(prior: Double, estimate: Double, standardError: Double, years: [Int], families: [String]? = nil, rows: Int? = nil) {
        self.prior = prior
        self.estimate = estimate
        self.standardError = standardError
        self.years = years
        self.families = families
        self.rows = rows
    }

    /// Whether data measured it (a family asked in two years or more), rather than the prior alone.
    public var isMeasured: Bool { !(families ?? []).isEmpty }
}

/// How widely pay spreads in one country against the residual pools of its region and sources:
/// Norway's pay is tighter than Western Europe's, Greece's wider. A range is stretched around its
/// median by these factors; 1 is the pools' own width.
public struct CountrySpread: Sendable, Codable, Hashable {
    /// Factor on the P25–P75 half-widths, shrunk toward 1 by rows / (rows + `ModelFitter.spreadPriorRows`).
    public var inner: Double
    /// Factor on the P10–P90 half-widths, shrunk the same way.
    public var outer: Double
    /// The country's fitted rows behind the factors.
    public var rows: Int

    public init(inner: Double, outer: Double, rows: Int) {
        self.inner = inner
        self.outer = outer
        self.rows = rows
    }

    /// `quantiles` (P10, P25, median, P75, P90) stretched around their median, still in order.
    public func stretch(_ quantiles: [Double]) -> [Double] {
        guard quantiles.count == 5 else { return quantiles }
        let centre = quantiles[2]
        let p25 = centre + inner * (quantiles[1] - centre)
        let p75 = centre + inner * (quantiles[3] - centre)
        let p10 = min(p25, centre + outer * (quantiles[0] - centre))
        let p90 = max(p75, centre + outer * (quantiles[4] - centre))
        return [p10, p25, centre, p75, p90]
    }
}

/// A country's latest surveys, whose level the model keeps beside the long-run trend.
public struct RecentWindow: Sendable, Codable, Hashable {
    /// The first day counted as recent.
    public var since: CalendarDate
    public var rows: Int
    /// The families of those rows.
    public var families: [String]
    /// The level of each earlier year of the country's surveys against the trend, oldest first:
    /// an answer dated before `since` follows the line through them and the recent level, not a
    /// step at `since` (`nil` in models fitted before it existed).
    public var earlierLevels: [WaveLevel]? = nil
}

extension RecentWindow {
    /// A country's level against its trend on a day before its recent window.
    public struct EarlierLevel: Sendable, Hashable {
        public var logLevel: Double
        public var standardError: Double
        /// The recent level's share in `logLevel` (0 unless the day is after the last earlier year).
        public var recentShare: Double
        /// The earlier year the day follows (the first one when the day precedes them all).
        public var after: WaveLevel
        /// The earlier year the day precedes; `nil` when it is the recent level, or when the day
        /// precedes them all (on or before `after.on`: the first level is held).
        public var before: WaveLevel?
    }

    /// Where a country's level stood against its trend on a day before the window: on the line
    /// through the earlier years' levels and the recent level (reached at `since`), and held at
    /// the first year's level before it. `nil` from `since` on, or without earlier levels (the
    /// trend alone applies then).
    public func level(on date: CalendarDate, recent: Double, recentError: Double) -> EarlierLevel? {
        guard date < since, let earlier = earlierLevels, let first = earlier.first else { return nil }
        if date <= first.on {
            return EarlierLevel(
                logLevel: first.logLevel,
                standardError: first.standardError,
                recentShare: 0,
                after: first,
                before: nil
            )
        }
        guard let index = earlier.lastIndex(where: { $0.on < date }) else { return nil }
        let after = earlier[index]
        let before = index + 1 < earlier.count ? earlier[index + 1] : nil
        let end =
            before.map { (day: $0.on.dayNumber, level: $0.logLevel, error: $0.standardError) } ?? (
                day: since.dayNumber, level: recent, error: recentError
            )
        let share = Double(date.dayNumber - after.on.dayNumber) / Double(max(1, end.day - after.on.dayNumber))
        return EarlierLevel(
            logLevel: (1 - share) * after.logLevel + share * end.level,
            standardError: (1 - share) * after.standardError + share * end.error,
            recentShare: before == nil ? share : 0,
            after: after,
            before: before
        )
    }
}

/// One year of a country's surveys, against the model's trend: the median residual of its rows
/// (less the country's median over all years), shrunk toward none.
public struct WaveLevel: Sendable, Codable, Hashable {
    /// The median field date of the year's rows.
    public var on: CalendarDate
    public var logLevel: Double
    public var standardError: Double
    public var rows: Int
    public var families: [String]
}

/// What a segment source (levels.fyi: big-tech offers) pays against the general level, fitted
/// apart so it never moves the general level: the median of its rows' log pay over the model's
/// prediction for them, per country (shrunk toward the source's own median) and overall.
public struct SegmentPremium: Sendable, Codable, Hashable {
    public struct Level: Sendable, Codable, Hashable {
        /// Median log pay over the general model's prediction.
        public var logPremium: Double
        public var rows: Int
    }

    /// The dataset tag ("levelsfyi").
    public var source: String
    public var overall: Level
    public var byCountry: [String: Level]
    /// Distinct observation years of its rows.
    public var years: [Int]

    /// The premium for a country: its own with enough rows, else the source's overall one.
    public func level(for country: CountryCode, minimumRows: Int) -> (level: Level, isCountry: Bool) {
        if let own = byCountry[country.alpha2], own.rows >= minimumRows { return (own, true) }
        return (overall, false)
    }
}

/// A fitted estimation model: everything an estimate needs, so that serving never refits.
public struct RateModel: Sendable, Codable {
    public var settings: EstimationSettings
    /// The date the model's pay levels refer to; estimates for other dates are aged from it.
    public var asOf: CalendarDate
    /// The store's data version the model was fitted from (a later import makes it stale).
    public var dataVersion: Int
    public var fittedAt: Timestamp
    public var columns: [ModelColumn]
    public var solution: RidgeRegression.Solution
    /// The source dataset whose effect is fixed at zero.
    public var referenceSource: String
    /// Rows used in the fit, by group (world, region, country, city; each for all roles and per
    /// role). Read through `group(_:role:)` and `rows(in:role:)`.
    public var groups: [GroupKey: GroupCount]
    /// Residual quantiles (P10, P25, P50, P75, P90 of log pay) of each pool with at least 20 rows.
    /// Read through `residualQuantiles(sourceWeights:region:)`.
    public var residualQuantiles: [ResidualPool: [Double]]
    /// Share of fitted rows having each skill, and its row count.
    public var skillShare: [String: Double]
    public var skillRows: [String: Int]
    /// Share of a country's rows having each skill.
    public var skillShareByCountry: [CountrySkill: Double]
    public var oews: [OEWSCell]
    /// Mean experience term of US rows per role, for turning OEWS all-experience medians into a profile's.
    public var usExperienceMean: [RoleSelection: Double]
    public var growth: [String: GrowthEstimate]
    /// Countries whose own growth the data measure, by ISO code (`nil` in models fitted before it).
    public var countryGrowth: [String: GrowthEstimate]? = nil
    /// Segment sources fitted apart from the general level (`nil` in models fitted before them).
    public var segments: [SegmentPremium]? = nil
    /// Per country with a recent-level effect: the first day its latest surveys count as recent
    /// from (their families' last 18 months), and how many rows that window holds.
    public var recentWindows: [String: RecentWindow]? = nil
    /// Per country with enough rows, by ISO code, its spread of pay against its pools' (`nil` in
    /// models fitted before it). Read through `spread(of:)`.
    public var countrySpreads: [String: CountrySpread]? = nil
    /// Per region, by name, the spread of its countries that have no factor of their own, so that
    /// with the countries' factors the region's ranges hold what its pools hold (`nil` in models
    /// fitted before it). `rows` counts those countries' rows.
    public var regionSpreads: [String: CountrySpread]? = nil
    /// Per survey family that states titles, the titles per years of experience its stated-level
    /// effects are centred on (`nil` in models fitted before them).
    public var statedLevels: [String: StatedLevelMix]? = nil
    /// Rows left out of the fit, by reason.
    public var excluded: [String: Int]
    public var sources: [String: String]
    /// Fitted rows per employment type.
    public var employmentRows: [String: Int]
    /// B2B against employment ranges of the stored job offers (`nil` when the store holds none:
    /// the bundled evidence is used).
    public var contractOffers: ContractOfferEvidence? = nil
    /// Fitted rows per region and employment type ("Latin America|freelancer"; `nil` in models fitted before it).
    public var employmentRowsByRegion: [String: Int]? = nil
    /// The rows that record an employer abroad, behind the employer-abroad effect (`nil` in models
    /// fitted before it existed).
    public var employerAbroad: EmployerAbroadEvidence? = nil
    /// How total years of coding were mapped onto professional years (`nil` in models fitted before it existed).
    public var codingYearsMap: CodingYearsMap? = nil
    /// How the robust fit treated outlying rows (`nil` in models fitted before it, or with it off).
    public var robustFit: RobustFitSummary? = nil
    /// The method that fitted the model; a snapshot from another method is refitted, not read
    /// with this one's meaning (`nil`: before the method was versioned).
    public var methodVersion: Int? = RateModel.currentMethodVersion

    /// 2: skills enter as shares of a respondent's listed skills, with the number listed controlled
    /// for; total years of coding mapped onto professional years. 3: an employer-abroad effect.
    /// 4: a robust (Huber) fit instead of plain least squares. 5: survey families (a survey's
    /// waves share one level), wage growth measured per region and country, segment sources
    /// fitted apart. 6: a stated level (title) against the average titled developer with the
    /// same years. 7: groups count their rows per source, beside the weights; earlier survey
    /// years' levels, so that an answer dated before the recent window has no step at its start.
    /// 8: a region's growth held to its prior as firmly as two countries that measure their own.
    /// 9: each country's own spread of pay stretches or narrows its ranges.
    public static let currentMethodVersion = 9

    /// Index of each column key, built on demand.
    /// Column positions by column. (Keyed by the column, not by its "kind:name" string: building
    /// that string on each of an estimate's twenty-odd lookups was a tenth of its time.)
    public func columnIndex() -> [ModelColumn: Int] {
        Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    }

    public func coefficient(_ kind: ModelColumn.Kind, _ name: String, index: [ModelColumn: Int]) -> (value: Double, error: Double)? {
        guard let position = index[ModelColumn(kind, name)] else { return nil }
        return (solution.coefficients[position], solution.standardErrors[position])
    }

    /// The log-pay effect of stating `level` at `years` in one survey family, against its average
    /// titled developer with those years, and the weight on each coefficient it uses (for its
    /// standard error); `nil` when the family has no effect for the level.
    public func statedLevelEffect(
        _ level: ExperienceLevel,
        years: Double,
        family: String,
        index: [ModelColumn: Int]
    ) -> (value: Double, gradient: [Int: Double])? {
        guard let mix = statedLevels?[family], index[ModelColumn(.statedLevel, StatedLevelMix.columnName(family: family, level: level))] != nil
        else { return nil }
        var value = 0.0
        var gradient: [Int: Double] = [:]
        for (other, weight) in mix.centred(level, years: years) {
            guard let position = index[ModelColumn(.statedLevel, StatedLevelMix.columnName(family: family, level: other))] else { continue }
            value += weight * solution.coefficients[position]
            gradient[position] = weight
        }
        return (value, gradient)
    }

    /// P10–P90 of log pay around the median for rows of these sources (by weight) in `region`:
    /// each source's residual quantiles in the region, else its quantiles anywhere, weighted and
    /// sorted; the region's, else every row's, when no source has a pool. OEWS is not a pool: it
    /// publishes its own distribution.
    ///
    /// The estimator's ranges and the evaluation's held-out predictions both come from here.
    public func residualQuantiles(sourceWeights: [String: Double], region: RateCardRegion) -> [Double] {
        var quantiles = [Double](repeating: 0, count: 5)
        var quantileWeight = 0.0
        for (source, weight) in sourceWeights where source != "oews" && weight > 0 {
            guard let pool = residualQuantiles(of: source, in: region) else { continue }
            for k in 0..<5 { quantiles[k] += weight * pool[k] }
            quantileWeight += weight
        }
        if quantileWeight > 0 {
            quantiles = quantiles.map { $0 / quantileWeight }
        } else {
            quantiles = residualQuantiles[.region(region)] ?? residualQuantiles[.all] ?? [-0.6, -0.3, 0, 0.3, 0.6]
        }
        return quantiles.sorted()
    }

    /// A country's spread against its pools: its own, else that of its region's countries with too
    /// few rows for their own; `nil` in models fitted before spreads.
    public func spread(of country: CountryCode, in region: RateCardRegion) -> CountrySpread? {
        countrySpreads?[country.alpha2] ?? regionSpreads?[region.rawValue]
    }

    /// One source's residual quantiles in a region, else anywhere; `nil` when it has no pool.
    public func residualQuantiles(of source: String, in region: RateCardRegion) -> [Double]? {
        residualQuantiles[.regionSource(region, source)] ?? residualQuantiles[.source(source)]
    }

    /// The mean experience term of the US rows of a role (of every role where it has none).
    public func usExperienceMean(of role: Role) -> Double {
        usExperienceMean[.one(role)] ?? usExperienceMean[.every] ?? 0
    }

    /// The fitted experience curve: the log-pay effect of `years` of experience relative to the
    /// reference years, in a region (the world slope, the region's own slope and the hinge).
    public func experienceEffect(years: Double, region: RateCardRegion, index: [ModelColumn: Int]) -> Double {
        let (x, hinge) = Self.experienceTerms(years: years, settings: settings)
        let base = coefficient(.experience, "log-years", index: index)?.value ?? 0
        let regional = coefficient(.regionExperience, region.rawValue, index: index)?.value ?? 0
        let after = coefficient(.experienceHinge, "after-hinge", index: index)?.value ?? 0
        return (base + regional) * x + after * hinge
    }

    /// The experience curve's regressors for a number of years.
    public static func experienceTerms(years: Double, settings: EstimationSettings) -> (Double, Double) {
        let x = log1p(max(0, min(years, 40))) - log1p(settings.referenceYears)
        let hinge = max(0, log1p(max(0, min(years, 40))) - log1p(settings.experienceHinge))
        return (x, hinge)
    }
}

/// What the robust fit did: how far rows were from the fit, and how much weight it took from them.
public struct RobustFitSummary: Sendable, Codable, Hashable {
    /// Huber's k: residuals beyond k robust standard deviations are down-weighted.
    public var tuning: Double
    /// The robust standard deviation of log pay around the fit (scaled MAD of the residuals).
    public var scale: Double
    /// Reweighting rounds run, and whether the coefficients settled (change below 1e-4) within them.
    public var iterations: Int
    public var converged: Bool
    /// Rows given less than their full weight, of all fitted rows.
    public var downweightedRows: Int
    public var rows: Int
    /// Share of the total weight the down-weighting removed.
    public var weightRemoved: Double
}
