import Foundation
import RateStats

/// What job offers that quote both a B2B (contractor) range and an employment-contract range say
/// a contractor costs against an employee for the same job: per country, the median ratio of the
/// two ranges' middles. Derived from advertised ranges (justjoin.it), never from people.
public struct ContractOfferEvidence: Sendable, Codable, Hashable {
    public struct Country: Sendable, Codable, Hashable {
        public var country: CountryCode
        /// Median of B2B middle ÷ employment middle, with its quartiles.
        public var medianRatio: Double
        public var lowerQuartile: Double
        public var upperQuartile: Double
        /// Offers quoting both contracts.
        public var offers: Int
        /// The datasets and the month they were listed ("justjoinit-2021-08").
        public var sources: [String]
        public var listedOn: CalendarDate
    }

    public var countries: [Country]

    /// A country's evidence from this many paired offers.
    public static let minimumOffers = 30

    public init(countries: [Country]) { self.countries = countries }

    /// Pairs each offer's B2B and employment ranges (same offer key, same currency) and summarises
    /// the ratio of their geometric middles per country.
    public init(ranges: [AdvertisedRange], datasets: (AdvertisedRange) -> String) {
        var byOffer: [String: [AdvertisedRange]] = [:]
        for range in ranges { byOffer[range.offerKey, default: []].append(range) }
        var ratios: [CountryCode: [Double]] = [:]
        var sources: [CountryCode: Set<String>] = [:]
        var dates: [CountryCode: Int] = [:]
        for offer in byOffer.values {
            guard let b2b = offer.first(where: { $0.employment == .freelancer }),
                let employment = offer.first(where: { $0.employment == .employeeFullTime }), b2b.low.currency == employment.low.currency
            else { continue }
            let ratio = (b2b.low.amount * b2b.high.amount).squareRoot() / (employment.low.amount * employment.high.amount).squareRoot()
            guard ratio.isFinite, ratio > 0 else { continue }
            let country = b2b.location.country
            ratios[country, default: []].append(ratio)
            sources[country, default: []].insert(datasets(b2b))
            dates[country] = max(dates[country] ?? 0, b2b.observedOn.dayNumber)
        }
        countries = ratios.compactMap { country, values in
            guard values.count >= Self.minimumOffers else { return nil }
            let q = Quantiles.of(values, [0.25, 0.5, 0.75])
            return Country(
                country: country,
                medianRatio: q[1],
                lowerQuartile: q[0],
                upperQuartile: q[2],
                offers: values.count,
                sources: sources[country, default: []].sorted(),
                listedOn: CalendarDate(dayNumber: dates[country] ?? 0)
            )
        }
        .sorted { $0.country < $1.country }
    }

    public func evidence(for country: CountryCode) -> Country? { countries.first { $0.country == country } }
}
