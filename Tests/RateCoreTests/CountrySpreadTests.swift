import Foundation
import RateCore
import RateImport
import RateStats
import Testing

/// Each country's own spread of pay: where pay is tight (Norway) the range narrows, where it is
/// wide (Greece) it widens, and the region's ranges as a whole hold what its pools hold.
@Suite("Country spreads")
struct CountrySpreadTests {
    /// `count` respondents in `country` with log-normal noise of `sigma` around `level` $/h.
    static func rows(_ country: String, level: Double, sigma: Double, count: Int, seed: UInt64) -> [Observation] {
        var generator = SeededGenerator(seed: seed)
        func uniform() -> Double { Double(generator.next() % 1_000_000) / 1_000_000 }
        func normal() -> Double { (-2 * log(max(1e-12, uniform()))).squareRoot() * cos(2 * .pi * uniform()) }
        let day = CalendarDate(iso: "2024-06-01")!
        return (0..<count).map { index in
            let years = 1 + uniform() * 14
            let hourly = level * exp(0.35 * (log1p(years) - log1p(5))) * exp(sigma * normal())
            return SurveyFamilyModelTests.observation(.init(country: country, date: day, source: 2, hourly: hourly), index: index, years: years)
        }
    }

    /// Western Europe: Norway's pay is tight (σ 0.15), Greece's wide (σ 0.45), Germany's between;
    /// Malta has too few rows for a spread of its own.
    static let model: RateModel = {
        let observations =
            rows("NO", level: 45, sigma: 0.15, count: 1_500, seed: 1) + rows("GR", level: 20, sigma: 0.45, count: 1_500, seed: 2)
            + rows("DE", level: 40, sigma: 0.3, count: 1_500, seed: 3) + rows("MT", level: 30, sigma: 0.6, count: 25, seed: 4)
        return try! SurveyFamilyModelTests.fit(observations)
    }()

    @Test func stretchingKeepsTheMedianAndTheOrder() {
        let quantiles = [-0.6, -0.3, 0.1, 0.4, 0.7]
        let narrow = CountrySpread(inner: 0.5, outer: 0.8, rows: 100).stretch(quantiles)
        #expect(narrow[2] == 0.1)
        #expect(abs(narrow[1] - (0.1 - 0.2)) < 1e-12 && abs(narrow[3] - (0.1 + 0.15)) < 1e-12)
        #expect(abs(narrow[0] - (0.1 - 0.56)) < 1e-12 && abs(narrow[4] - (0.1 + 0.48)) < 1e-12)
        // An outer factor far below the inner one never puts P10 inside P25.
        let crossed = CountrySpread(inner: 1.5, outer: 0.2, rows: 100).stretch(quantiles)
        #expect(crossed == crossed.sorted())
        #expect(crossed[0] == crossed[1] && crossed[4] == crossed[3])
    }

    @Test func aTightCountryGetsNarrowerRangesAndAWideOneWider() throws {
        let norway = try #require(Self.model.spread(of: CountryCode("NO")!, in: .westernEurope))
        let greece = try #require(Self.model.spread(of: CountryCode("GR")!, in: .westernEurope))
        let germany = try #require(Self.model.spread(of: CountryCode("DE")!, in: .westernEurope))
        #expect(norway.inner < 0.75 && norway.outer < 0.75, "Norway \(norway)")
        #expect(greece.inner > 1.25 && greece.outer > 1.25, "Greece \(greece)")
        #expect(abs(log(germany.inner)) < 0.15, "Germany \(germany)")
        #expect(Self.model.countrySpreads?["MT"] == nil, "25 rows measure no spread")
        // Malta takes the spread of the region's countries without their own.
        #expect(Self.model.spread(of: CountryCode("MT")!, in: .westernEurope) == Self.model.regionSpreads?[RateCardRegion.westernEurope.rawValue])

        let estimator = Estimator(model: Self.model, tables: SurveyFamilyModelTests.tables)
        func width(_ country: String) throws -> (inner: Double, estimate: Estimate) {
            let estimate = try estimator.estimate(Profile(country: CountryCode(country)!, years: 5, asOf: SurveyFamilyModelTests.asOf))
            return (log(estimate.hourly.p75 / estimate.hourly.p25), estimate)
        }
        let (norwayWidth, norwayEstimate) = try width("NO")
        let (greeceWidth, _) = try width("GR")
        // The true P25–P75 widths in log pay: 1.349 σ.
        #expect(abs(norwayWidth - 1.349 * 0.15) < 0.06, "Norway \(norwayWidth)")
        #expect(abs(greeceWidth - 1.349 * 0.45) < 0.12, "Greece \(greeceWidth)")
        #expect(norwayEstimate.notes.contains { $0.hasPrefix("Norway's pay spreads ×0.") && $0.contains("from its 1,500 rows") })
        // A regional answer keeps the region's own pools.
        let regional = try estimator.estimate(Profile(country: CountryCode("NO")!, years: 5, asOf: SurveyFamilyModelTests.asOf), regionOnly: true)
        #expect(!regional.notes.contains { $0.contains("pay spreads") })
    }

    /// The factors move width between a region's countries; its rows still fall inside their
    /// ranges as often as inside the pools alone.
    @Test func theRegionsRangesHoldWhatItsPoolsHold() throws {
        let report = try ModelFitter(tables: SurveyFamilyModelTests.tables).evaluate(
            observations: Self.rows("NO", level: 45, sigma: 0.15, count: 1_500, seed: 1)
                + Self.rows("GR", level: 20, sigma: 0.45, count: 1_500, seed: 2)
                + Self.rows("DE", level: 40, sigma: 0.3, count: 1_500, seed: 3),
            sourceDatasets: SurveyFamilyModelTests.datasets,
            asOf: SurveyFamilyModelTests.asOf,
            holdOut: .random(fraction: 0.3, seed: 5)
        )
        let region = try #require(report.byRegion[RateCardRegion.westernEurope.rawValue])
        #expect(abs(region.model.coverage50 - 0.5) < 0.04 && abs(region.model.coverage80 - 0.8) < 0.04, "\(region.model)")
        for country in ["NO", "GR", "DE"] {
            let scores = try #require(report.byCountry[country])
            #expect(abs(scores.model.coverage50 - 0.5) < 0.06 && abs(scores.model.coverage80 - 0.8) < 0.06, "\(country) \(scores.model)")
        }
    }
}
