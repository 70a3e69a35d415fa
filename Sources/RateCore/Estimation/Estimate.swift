/// Five points of a pay distribution in one currency and period.
public struct PayRange: Sendable, Codable, Hashable {
    public var p10: Double
    public var p25: Double
    public var p50: Double
    public var p75: Double
    public var p90: Double

    public init(_ values: [Double]) {
        p10 = values[0]; p25 = values[1]; p50 = values[2]; p75 = values[3]; p90 = values[4]
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

    /// Two decimals, for multipliers and small figures.
    public static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        }
        return text
    }
}

/// A source's share in an estimate and what it alone would say.
public struct SourceContribution: Sendable, Codable, Hashable {
    public var source: String
    public var weight: Double
    public var observations: Int
    /// The median hourly pay this source alone gives for the profile, in the answer's currency.
    public var hourlyMedian: Double
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
}
