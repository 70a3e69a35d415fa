import Foundation
import RateStats

/// A market where prices for development work are published directly, rather than derived from pay.
public enum MarketChannel: String, Sendable, Codable, CaseIterable, Hashable, CustomStringConvertible {
    /// Software agencies' declared hourly-rate bands in directories (Clutch, GoodFirms).
    case agencyListings = "agency-listings"
    /// Freelancers' self-set asking rates on a global marketplace (Freelancer.com).
    case freelanceMarketplace = "freelance-marketplace"

    public var description: String {
        switch self {
        case .agencyListings: "agency listings"
        case .freelanceMarketplace: "global freelance marketplace"
        }
    }
}

/// An agency's head-count band as directories publish it.
public enum AgencyTeamSize: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case solo = "1"
    case micro = "2-9"
    case small = "10-49"
    case medium = "50-249"
    case large = "250-999"
    case enterprise = "1000+"

    /// Reads a directory's band ("10 - 49", "1,000 - 9,999", "10,000+", "Freelancer").
    public init?(directoryText text: String) {
        let digits = text.replacingOccurrences(of: ",", with: "").split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        if digits.isEmpty {
            guard TextKey.make(text) == "freelancer" else { return nil }
            self = .solo
            return
        }
        switch digits[0] {
        case 1: self = .solo
        case 2...9: self = .micro
        case 10...49: self = .small
        case 50...249: self = .medium
        case 250...999: self = .large
        default: self = .enterprise
        }
    }

    public static func < (lhs: AgencyTeamSize, rhs: AgencyTeamSize) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The band a listing is priced at when no size is asked: the most common band in the directories.
    public static let reference = AgencyTeamSize.small
}

/// One published price: an agency's declared band or a freelancer's asking rate, in USD per hour.
public struct MarketQuote: Sendable, Hashable {
    public var channel: MarketChannel
    public var country: CountryCode
    public var region: RateCardRegion
    /// The lower end (`nil` when the band is open below, "< $25/hr").
    public var lowerHourlyUSD: Double?
    /// The upper end, exclusive (`nil` when open above, "$300+/hr"); equal to the lower end for an exact rate.
    public var upperHourlyUSD: Double?
    public var teamSize: AgencyTeamSize?
    /// The data set it came from ("clutch-2024-04").
    public var source: String
    public var observedOn: CalendarDate

    public init(
        channel: MarketChannel,
        country: CountryCode,
        region: RateCardRegion,
        lowerHourlyUSD: Double?,
        upperHourlyUSD: Double?,
        teamSize: AgencyTeamSize?,
        source: String,
        observedOn: CalendarDate
    ) {
        self.channel = channel
        self.country = country
        self.region = region
        self.lowerHourlyUSD = lowerHourlyUSD
        self.upperHourlyUSD = upperHourlyUSD
        self.teamSize = teamSize
        self.source = source
        self.observedOn = observedOn
    }
}

/// A fitted location: the log median rate and the spread of log rates, with the quotes behind it.
public struct MarketLevel: Sendable, Codable, Hashable {
    public var logMedian: Double
    public var logSpread: Double
    public var quotes: Int

    public init(logMedian: Double, logSpread: Double, quotes: Int) {
        self.logMedian = logMedian
        self.logSpread = logSpread
        self.quotes = quotes
    }

    /// P10, P25, P50, P75 and P90 of the rate, in USD per hour.
    public var hourlyRange: PayRange {
        PayRange(StandardNormal.decileScores.map { exp(logMedian + $0 * logSpread) })
    }
}

/// A region's fitted level.
public struct MarketRegionLevel: Sendable, Codable, Hashable {
    public var region: RateCardRegion
    public var level: MarketLevel
}

/// A country's fitted level, shrunk toward its region.
public struct MarketCountryLevel: Sendable, Codable, Hashable {
    public var country: CountryCode
    public var region: RateCardRegion
    public var level: MarketLevel
}

/// One data set behind a channel.
public struct MarketSource: Sendable, Codable, Hashable {
    public var name: String
    public var observedOn: CalendarDate
    public var quotes: Int

    public init(name: String, observedOn: CalendarDate, quotes: Int) {
        self.name = name
        self.observedOn = observedOn
        self.quotes = quotes
    }
}

/// The fitted rates of one channel.
public struct MarketChannelFit: Sendable, Codable, Hashable {
    public var channel: MarketChannel
    public var world: MarketLevel
    public var regions: [MarketRegionLevel]
    public var countries: [MarketCountryLevel]
    /// Multipliers of the rate by team size against `referenceTeamSize` (agency listings only).
    public var teamSizeMultipliers: [AgencyTeamSize: Double]
    public var referenceTeamSize: AgencyTeamSize?
    public var sources: [MarketSource]
    /// Between-country and between-region variances of the log median (the pooling strength).
    public var countryVariance: Double
    public var regionVariance: Double
}

/// What a channel answers for one country.
public struct MarketAnswer: Sendable, Hashable {
    public var channel: MarketChannel
    /// USD per hour.
    public var hourly: PayRange
    /// The level the answer rests on: country when it has `minimumCountryQuotes`, else region, else world.
    public var level: FallbackLevel
    public var groupName: String
    /// Quotes in the country (shrunk toward the region when few) and in the level leaned on.
    public var countryQuotes: Int
    public var quotes: Int
    public var teamSize: AgencyTeamSize?
    public var teamSizeMultiplier: Double
    public var sources: [MarketSource]
    /// The fitted levels behind the answer (at the reference team size), for its factors and interval.
    public var world: MarketLevel
    public var region: MarketLevel?
    public var country: MarketLevel?
    /// The pooling variance of the level the answer's own mean was shrunk with.
    public var poolingVariance: Double
}

/// Rates fitted from market prices: per channel, country levels pooled toward regions and the world.
///
/// RateCard ships these as derived parameters (`market-rates.json`, with its sources named): the
/// listings themselves carry no licence that allows redistributing them.
public struct MarketRateModel: Sendable, Codable, Hashable {
    public var channels: [MarketChannelFit]
    /// How the parameters were made, for `model show` and the methodology.
    public var method: String
    /// Below this many quotes a country's own level is still used (shrunk), but the answer says it leans on the region.
    public var minimumCountryQuotes: Int

    public static let empty = MarketRateModel(channels: [], method: "", minimumCountryQuotes: 10)

    public init(channels: [MarketChannelFit], method: String, minimumCountryQuotes: Int) {
        self.channels = channels
        self.method = method
        self.minimumCountryQuotes = minimumCountryQuotes
    }

    public func fit(for channel: MarketChannel) -> MarketChannelFit? { channels.first { $0.channel == channel } }

    /// The channel's rate for a country (or its whole region, with `regionOnly`).
    public func answer(
        _ channel: MarketChannel,
        country: CountryCode,
        region: RateCardRegion,
        regionOnly: Bool = false,
        teamSize: AgencyTeamSize? = nil
    ) -> MarketAnswer? {
        guard let fit = fit(for: channel) else { return nil }
        let regionLevel = fit.regions.first { $0.region == region }?.level
        let countryLevel = regionOnly ? nil : fit.countries.first { $0.country == country }?.level
        let chosen: (MarketLevel, FallbackLevel, String)
        if let countryLevel {
            let level: FallbackLevel = countryLevel.quotes >= minimumCountryQuotes ? .country : .region
            chosen = (countryLevel, level, level == .country ? country.alpha2 : region.rawValue)
        } else if let regionLevel {
            // No quote in the country: the region's level, with the region's spread.
            chosen = (regionLevel, .region, region.rawValue)
        } else {
            chosen = (fit.world, .world, "world")
        }
        let size = fit.referenceTeamSize.map { teamSize ?? $0 }
        let multiplier = size.flatMap { fit.teamSizeMultipliers[$0] } ?? 1
        var level = chosen.0
        level.logMedian += log(multiplier)
        let leanedQuotes = chosen.1 == .country ? (countryLevel?.quotes ?? 0) : chosen.1 == .region ? (regionLevel?.quotes ?? 0) : fit.world.quotes
        return MarketAnswer(
            channel: channel,
            hourly: level.hourlyRange.scaled(by: 1),
            level: chosen.1,
            groupName: chosen.2,
            countryQuotes: countryLevel?.quotes ?? 0,
            quotes: leanedQuotes,
            teamSize: size,
            teamSizeMultiplier: multiplier,
            sources: fit.sources,
            world: fit.world,
            region: regionLevel,
            country: countryLevel,
            poolingVariance: countryLevel != nil ? fit.countryVariance : fit.regionVariance
        )
    }
}

/// Fits a channel's rates from quotes: log rates as intervals, country within region within world,
/// team size as a fixed effect, a spread per region (see `IntervalCensoredFit`).
public enum MarketRateFitter {
    public static func fit(_ quotes: [MarketQuote], channel: MarketChannel) -> MarketChannelFit? {
        let own = quotes.filter { $0.channel == channel }
        guard !own.isEmpty else { return nil }
        let values = own.map { quote in
            IntervalCensoredFit<CountryCode, RateCardRegion, AgencyTeamSize>.Value(
                lower: quote.lowerHourlyUSD.map { log($0) } ?? -.infinity,
                upper: quote.upperHourlyUSD.map { log($0) } ?? .infinity,
                group: quote.country,
                parent: quote.region,
                covariate: quote.teamSize
            )
        }
        let usesSize = own.contains { $0.teamSize != nil }
        let fitted = IntervalCensoredFit(values: values, referenceCovariate: usesSize ? AgencyTeamSize.reference : nil)
        let regionOf = Dictionary(own.map { ($0.country, $0.region) }, uniquingKeysWith: { first, _ in first })
        let regions = fitted.parents.map { region, level in
            MarketRegionLevel(
                region: region,
                level: MarketLevel(logMedian: level.mean, logSpread: fitted.spreads[region] ?? fitted.overallSpread, quotes: level.count)
            )
        }.sorted { $0.region.rawValue < $1.region.rawValue }
        let countries = fitted.groups.map { country, level in
            let region = regionOf[country]!
            return MarketCountryLevel(
                country: country,
                region: region,
                level: MarketLevel(logMedian: level.mean, logSpread: fitted.spreads[region] ?? fitted.overallSpread, quotes: level.count)
            )
        }.sorted { $0.country < $1.country }
        var sources: [String: (date: CalendarDate, count: Int)] = [:]
        for quote in own {
            sources[quote.source, default: (quote.observedOn, 0)].count += 1
        }
        return MarketChannelFit(
            channel: channel,
            world: MarketLevel(logMedian: fitted.overallMean, logSpread: fitted.overallSpread, quotes: own.count),
            regions: regions,
            countries: countries,
            teamSizeMultipliers: usesSize ? fitted.covariateEffects.mapValues { exp($0) } : [:],
            referenceTeamSize: usesSize ? AgencyTeamSize.reference : nil,
            sources: sources.map { MarketSource(name: $0.key, observedOn: $0.value.date, quotes: $0.value.count) }.sorted { $0.name < $1.name },
            countryVariance: fitted.groupVariance,
            regionVariance: fitted.parentVariance
        )
    }
}
extension AgencyTeamSize: CodingKeyRepresentable {}
