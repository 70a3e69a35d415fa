/// Five points of a pay distribution in one currency and period.
public struct PayRange: Sendable, Codable, Hashable {
    public var p10: Double
    public var p25: Double
    public var p50: Double
    public var p75: Double
    public var p90: Double

    public init(_ values: [Double]) {
        p10 = values[0]
        p25 = values[1]
        p50 = values[2]
        p75 = values[3]
        p90 = values[4]
    }

    public var values: [Double] { [p10, p25, p50, p75, p90] }

    public func scaled(by factor: Double) -> PayRange { PayRange(values.map { ($0 * factor * 100).rounded() / 100 }) }
}

/// The level of the location hierarchy an estimate leaned on.
public enum FallbackLevel: String, Sendable, Codable, Hashable, Comparable {
    case city, country, region, world

    public static func < (lhs: FallbackLevel, rhs: FallbackLevel) -> Bool {
        [FallbackLevel.city, .country, .region, .world].firstIndex(of: lhs)! < [FallbackLevel.city, .country, .region, .world].firstIndex(of: rhs)!
    }
}

/// One step of the explanation: a factor and its multiplier with its evidence.
public struct EstimateFactor: Sendable, Codable, Hashable {
    public var name: String
    public var multiplier: Double
    /// Standard error of the multiplier, where the model gives one.
    public var standardError: Double?
    public var evidence: String

    /// "country Poland ×0.41 (n=812)".
    public var summary: String {
        let error = standardError.map { " ± " + Self.format($0) } ?? ""
        return "\(name) ×\(Self.format(multiplier))\(error)\(evidence.isEmpty ? "" : " (\(evidence))")"
    }

    /// Two decimals, for multipliers and small figures ("1.10", "0.41").
    public static func format(_ value: Double) -> String { ReportFormat.plain(value, decimals: 2) }
}

/// A source's share in an estimate and what it alone would say.
public struct SourceContribution: Sendable, Codable, Hashable {
    public var source: String
    /// The source's share of the group's weight (recency and design weights), 0–1.
    public var weight: Double
    /// Rows of this source in the group the estimate leans on (1 for a published distribution).
    public var observations: Int
    /// The median hourly pay this source alone gives for the profile, in the answer's currency.
    public var hourlyMedian: Double

    /// "dou 97 % (48,512 rows, median 16.91/h)": the same words in the CLI and on the page.
    /// - Parameter median: the median as the caller formats money.
    public func summary(median: String) -> String {
        let rows = observations > 1 ? ReportFormat.number(observations) + " rows, " : ""
        return "\(source) \(Int((weight * 100).rounded())) % (\(rows)median \(median)/h)"
    }
}

/// Per-skill detail: premium, rarity and demand.
public struct SkillDetail: Sendable, Codable, Hashable {
    public var skill: String
    public var known: Bool
    /// Multiplier on pay, `nil` when there is too little data for a premium.
    public var premium: Double?
    public var standardError: Double?
    public var observations: Int
    /// Share of all fitted observations having the skill.
    public var rarity: Double?
    /// Share of observations in the developer's country having it, relative to the world share.
    public var relativeDemand: Double?
}

/// Cost of living beside the estimate (never folded into it).
public struct CostOfLiving: Sendable, Codable, Hashable {
    /// World Bank ICP PPP conversion factor, local currency per international dollar.
    public var pppFactor: Double
    /// Price level relative to the US (PPP factor ÷ market exchange rate); US = 1.
    public var priceLevel: Double?
    public var year: Int
}

/// When an estimate's observations were made: their first and last years, and the share of their
/// weight from the recent years (the as-of year and the two before it).
public struct DataYears: Sendable, Codable, Hashable, CustomStringConvertible {
    public var first: Int
    public var last: Int
    /// The first year counted as recent.
    public var recentFrom: Int
    /// Share (0–1) of the estimate's weight from `recentFrom` on.
    public var recentShare: Double

    public init(first: Int, last: Int, recentFrom: Int, recentShare: Double) {
        self.first = first
        self.last = last
        self.recentFrom = recentFrom
        self.recentShare = recentShare
    }

    /// Weights by year (any scale) summarised for an answer dated `asOf`; `nil` without weight.
    public init?(weights: [Int: Double], asOf: CalendarDate) {
        let total = weights.values.reduce(0, +)
        guard total > 0, let first = weights.filter({ $0.value > 0 }).keys.min(), let last = weights.filter({ $0.value > 0 }).keys.max() else {
            return nil
        }
        let recentFrom = asOf.year - 2
        self.init(
            first: first,
            last: last,
            recentFrom: recentFrom,
            recentShare: weights.filter { $0.key >= recentFrom }.values.reduce(0, +) / total
        )
    }

    /// "observations 2016–2025, 53 % from 2024–2025"
    public var description: String {
        let span = first == last ? "\(first)" : "\(first)–\(last)"
        let recentSpan = last > recentFrom ? "\(recentFrom)–\(last)" : "\(recentFrom)"
        return "observations \(span), \(Int(saturating: (recentShare * 100).rounded())) % from \(recentSpan)"
    }
}

/// The answer to "what does this developer cost?", with its evidence.
public struct Estimate: Sendable, Codable, Hashable {
    public var profile: Profile
    public var countryName: String
    public var region: RateCardRegion
    public var years: Double
    public var currency: CurrencyCode
    /// USD → currency rate used and the ECB date it is from (`nil` for USD).
    public var exchangeRate: Double
    public var exchangeRateDate: CalendarDate?
    public var hourly: PayRange
    public var daily: PayRange
    public var monthly: PayRange
    public var annual: PayRange
    /// Hours per year the annual figure assumes (2,080 for employees, billed hours otherwise).
    public var hoursPerYear: Double
    /// 95 % confidence interval of the hourly median (not a pay range).
    public var medianInterval: [Double]
    public var sampleSize: Int
    public var effectiveSampleSize: Double
    public var fallbackLevel: FallbackLevel
    /// The group the estimate leaned on ("Poland", "Eastern Europe", "Kyiv, UA").
    public var fallbackGroup: String
    public var sources: [SourceContribution]
    /// When the observations behind the answer were made.
    public var dataYears: DataYears?
    public var confidence: String
    /// Base hourly rate in the answer's currency, before the factors.
    public var baseHourly: Double
    public var factors: [EstimateFactor]
    public var skills: [SkillDetail]
    public var costOfLiving: CostOfLiving?
    /// US only: BLS OEWS location quotient and employment of the matching occupation in the area.
    public var marketDemand: String?
    public var notes: [String]
    public var modelAsOf: CalendarDate
    public var dataVersion: Int
    /// What `baseHourly` is ("world, backend employee, 5 years").
    public var baseDescription: String = "world, backend employee, 5 years"
    /// For freelancers: asking rates on a global marketplace, a separate channel beside the local-contractor figure.
    public var marketplace: MarketFigure? = nil
}

/// A rate from a market channel (agency listings, a freelance marketplace), in the answer's currency.
public struct MarketFigure: Sendable, Codable, Hashable {
    public var channel: MarketChannel
    public var hourly: PayRange
    /// Per year at the answer's billed hours.
    public var annual: PayRange
    public var fallbackLevel: FallbackLevel
    public var fallbackGroup: String
    /// Quotes in the developer's country, and in the group leaned on.
    public var countryQuotes: Int
    public var quotes: Int
    public var sources: [MarketSource]

    /// "global freelance marketplace: median 25.00 USD/h (P10 10.00–P90 60.00), 1,501 profiles in India; Freelancer.com 2025-04"
    public var evidence: String {
        let place = fallbackLevel == .country ? fallbackGroup : "\(fallbackGroup) (\(countryQuotes) in the country)"
        return "n=\(ReportFormat.number(quotes)) in \(place); " + sources.map { "\($0.name) (\($0.observedOn))" }.joined(separator: ", ")
    }
}

extension MarketFigure {
    /// A market answer (USD per hour) in the answer's currency, with annual figures at `hoursPerYear`.
    public init(_ answer: MarketAnswer, rate: Double, hoursPerYear: Double) {
        self.init(
            channel: answer.channel,
            hourly: PayRange(answer.hourly.values.map { $0 * rate }).scaled(by: 1),
            annual: PayRange(answer.hourly.values.map { $0 * rate * hoursPerYear }).scaled(by: 1),
            fallbackLevel: answer.level,
            fallbackGroup: answer.groupName,
            countryQuotes: answer.countryQuotes,
            quotes: answer.quotes,
            sources: answer.sources
        )
    }
}
