import Foundation
import RateCore
import RateImport
import Testing

@Suite("Market rates")
struct MarketRatesTests {
    static let observedOn = CalendarDate(year: 2025, month: 10, day: 15)!

    static func quote(_ country: String, _ region: RateCardRegion, _ lower: Double?, _ upper: Double?, size: AgencyTeamSize? = .small) -> MarketQuote
    {
        MarketQuote(
            channel: .agencyListings,
            country: CountryCode(country)!,
            region: region,
            lowerHourlyUSD: lower,
            upperHourlyUSD: upper,
            teamSize: size,
            source: "Test 2025-10",
            observedOn: observedOn
        )
    }

    /// Poland: 40 listings in $50–99; Ukraine: 30 in $25–49; Latvia: 2 in $50–99; India: 60 under $25 or $25–49.
    static let model: MarketRateModel = {
        var quotes: [MarketQuote] = []
        quotes += (0..<40).map { _ in quote("PL", .easternEurope, 50, 100) }
        quotes += (0..<30).map { _ in quote("UA", .easternEurope, 25, 50) }
        quotes += (0..<2).map { _ in quote("LV", .easternEurope, 50, 100) }
        quotes += (0..<60).map { index in index % 2 == 0 ? quote("IN", .asia, nil, 25) : quote("IN", .asia, 25, 50) }
        quotes += (0..<20).map { _ in quote("IN", .asia, 25, 50, size: .large) }
        let fit = MarketRateFitter.fit(quotes, channel: .agencyListings)!
        return MarketRateModel(channels: [fit], method: "test", minimumCountryQuotes: 10)
    }()

    @Test func teamSizeBandsReadAsDirectoriesWriteThem() {
        #expect(AgencyTeamSize(directoryText: "10 - 49") == .small)
        #expect(AgencyTeamSize(directoryText: "1,000 - 9,999") == .enterprise)
        #expect(AgencyTeamSize(directoryText: "10,000+") == .enterprise)
        #expect(AgencyTeamSize(directoryText: "Freelancer") == .solo)
        #expect(AgencyTeamSize(directoryText: "2 - 9") == .micro)
        #expect(AgencyTeamSize(directoryText: "n/a") == nil)
        #expect(AgencyTeamSize(directoryText: "") == nil)
    }

    @Test func aCountryWithEnoughListingsAnswersFromItsOwnBands() throws {
        let poland = try #require(Self.model.answer(.agencyListings, country: CountryCode("PL")!, region: .easternEurope))
        #expect(poland.level == .country && poland.quotes == 40)
        #expect(poland.hourly.p50 > 50 && poland.hourly.p50 < 100)
        let ukraine = try #require(Self.model.answer(.agencyListings, country: CountryCode("UA")!, region: .easternEurope))
        #expect(ukraine.hourly.p50 < poland.hourly.p50)
        #expect(poland.hourly.p10 < poland.hourly.p50 && poland.hourly.p50 < poland.hourly.p90)
    }

    @Test func aCountryWithFewListingsLeansOnItsRegion() throws {
        let latvia = try #require(Self.model.answer(.agencyListings, country: CountryCode("LV")!, region: .easternEurope))
        #expect(latvia.level == .region && latvia.countryQuotes == 2 && latvia.quotes == 72)
        let estonia = try #require(Self.model.answer(.agencyListings, country: CountryCode("EE")!, region: .easternEurope))
        #expect(estonia.level == .region && estonia.countryQuotes == 0)
        let region = Self.model.fit(for: .agencyListings)!.regions.first { $0.region == .easternEurope }!.level
        #expect(abs(estonia.hourly.p50 - region.hourlyRange.p50) < 0.01)
        let brazil = try #require(Self.model.answer(.agencyListings, country: CountryCode("BR")!, region: .latinAmerica))
        #expect(brazil.level == .world)
        #expect(Self.model.answer(.freelanceMarketplace, country: CountryCode("PL")!, region: .easternEurope) == nil)
    }

    @Test func largeAgenciesArePricedByTheirOwnEffect() throws {
        let fit = try #require(Self.model.fit(for: .agencyListings))
        #expect(fit.referenceTeamSize == .small && fit.teamSizeMultipliers[.small] == 1)
        let large = try #require(fit.teamSizeMultipliers[.large])
        #expect(large > 1, "India's large agencies in the test data all sit in $25–49, above the small ones' mix")
        let small = try #require(Self.model.answer(.agencyListings, country: CountryCode("IN")!, region: .asia))
        let sized = try #require(Self.model.answer(.agencyListings, country: CountryCode("IN")!, region: .asia, teamSize: .large))
        #expect(abs(sized.hourly.p50 / small.hourly.p50 - large) < 0.01)
    }

    @Test func theModelSurvivesAJSONRoundTrip() throws {
        let data = try JSONEncoder().encode(Self.model)
        #expect(try JSONDecoder().decode(MarketRateModel.self, from: data) == Self.model)
        #expect(String(decoding: data, as: UTF8.self).contains("\"250-999\""), "team sizes are keyed by name, not as an array")
    }
}

/// B2B against employment contracts from offers that quote both.
@Suite("Contract offers")
struct ContractOfferTests {
    static func range(
        _ offer: String,
        _ employment: EmploymentType,
        _ low: Double,
        _ high: Double,
        country: String = "PL",
        currency: String = "PLN"
    )
        -> AdvertisedRange
    {
        let code = CurrencyCode(currency)!
        return AdvertisedRange(
            recordKey: "jj-2021-08:\(offer):\(employment.rawValue)",
            offerKey: "jj-2021-08:\(offer)",
            line: 2,
            observedOn: CalendarDate(iso: "2021-08-15")!,
            location: Location(country: CountryCode(country)!),
            role: .backend,
            level: .mid,
            skills: [],
            employment: employment,
            low: Money(amount: low, currency: code)!,
            high: Money(amount: high, currency: code)!,
            period: .month,
            lowHourlyUSD: Money(amount: low / 173, currency: .usd)!,
            highHourlyUSD: Money(amount: high / 173, currency: .usd)!,
            fxRate: 1,
            fxDate: nil,
            title: nil
        )
    }

    @Test func pairedOffersGiveTheRatioOfTheirMiddlesPerCountry() throws {
        var ranges: [AdvertisedRange] = []
        for index in 0..<40 {
            // B2B 12,000–18,000 against employment 10,000–15,000: ×1.2 at every middle.
            let scale = 1 + Double(index) / 40
            ranges.append(Self.range("o\(index)", .freelancer, 12_000 * scale, 18_000 * scale))
            ranges.append(Self.range("o\(index)", .employeeFullTime, 10_000 * scale, 15_000 * scale))
        }
        // B2B only, a pair in two currencies, and a country with too few pairs: none counts.
        ranges.append(Self.range("single", .freelancer, 10_000, 12_000))
        ranges.append(Self.range("mixed", .freelancer, 3_000, 4_000, currency: "EUR"))
        ranges.append(Self.range("mixed", .employeeFullTime, 10_000, 15_000))
        ranges.append(Self.range("cz", .freelancer, 90_000, 100_000, country: "CZ", currency: "CZK"))
        ranges.append(Self.range("cz", .employeeFullTime, 70_000, 80_000, country: "CZ", currency: "CZK"))
        let evidence = ContractOfferEvidence(ranges: ranges) { String($0.recordKey.prefix { $0 != ":" }) }
        #expect(evidence.countries.map(\.country.alpha2) == ["PL"])
        let poland = try #require(evidence.evidence(for: CountryCode("PL")!))
        #expect(poland.offers == 40 && abs(poland.medianRatio - 1.2) < 1e-9)
        #expect(poland.sources == ["jj-2021-08"] && poland.listedOn == CalendarDate(iso: "2021-08-15"))
    }

    @Test func aFreelancerAnswerInPolandShowsTheShippedB2BEvidence() throws {
        let tables = try ReferenceLoader.bundled()
        let poland = try #require(tables.contractOffers.evidence(for: CountryCode("PL")!))
        #expect(poland.offers > 1_000 && poland.medianRatio > 1 && poland.medianRatio < 1.5)
        let estimator = Estimator(model: try SyntheticEstimationTests.model(), tables: tables)
        let answer = try estimator.estimate(Profile(country: CountryCode("PL")!, years: 5, hire: .freelancer, asOf: SyntheticEstimationTests.asOf))
        #expect(
            answer.notes.contains { $0.hasPrefix("B2B contracts in Poland: job offers that quote both ask ×") && $0.contains("justjoinit-2021-08") }
        )
        let employee = try estimator.estimate(Profile(country: CountryCode("PL")!, years: 5, asOf: SyntheticEstimationTests.asOf))
        #expect(!employee.notes.contains { $0.hasPrefix("B2B") }, "an employee answer has no contractor evidence")
    }
}
