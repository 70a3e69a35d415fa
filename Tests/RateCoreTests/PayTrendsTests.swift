import Foundation
import RateCore
import RateImport
import RateStats
import Testing

/// Median pay by survey wave: the raw medians the trends report shows, their n, the small waves
/// it withholds, and the local-currency column.
@Suite("Pay trends")
struct PayTrendsTests {
    static let tables = SurveyFamilyModelTests.tables

    static var observations: [Observation] {
        var generator = SeededGenerator(seed: 21)
        var rows = SurveyFamilyModelTests.wave("PL", "2016-05-01", source: 1, level: 12, count: 301, generator: &generator)
        rows += SurveyFamilyModelTests.wave("PL", "2024-06-01", source: 2, level: 28, count: 201, generator: &generator)
        // A wave too small to show on its own.
        rows += SurveyFamilyModelTests.wave("PL", "2025-06-01", source: 5, level: 30, count: 12, generator: &generator)
        rows += SurveyFamilyModelTests.wave("PL", "2024-06-01", source: 2, level: 15, count: 150, role: .qa, generator: &generator)
        rows += SurveyFamilyModelTests.wave("DE", "2024-06-01", source: 2, level: 40, count: 100, generator: &generator)
        // Part-time pay is no full-time salary: left out.
        rows += SurveyFamilyModelTests.wave(
            "PL",
            "2024-06-01",
            source: 2,
            level: 500,
            count: 50,
            employment: .employeePartTime,
            generator: &generator
        )
        // One family asked once: no series.
        rows += SurveyFamilyModelTests.wave("AR", "2025-02-15", source: 3, level: 10, count: 100, generator: &generator)
        return rows
    }

    static let data = PayTrendData(observations: observations, datasets: SurveyFamilyModelTests.datasets, tables: tables)

    @Test func aFamilysWavesAreItsPointsWithTheirMediansAndN() throws {
        let series = Self.data.series(place: .country(CountryCode("PL")!), role: .backend)
        #expect(series.map(\.family) == [SourceFamily.stackOverflow])
        let points = try #require(series.first).points
        #expect(points.map(\.dataset) == ["so2016", "so2024", "so2025"])
        #expect(points.map(\.rows) == [301, 201, 12])
        // Medians of the waves as made: 12 and 28 $/h at 5 years, with the experience spread around it.
        let medians = points.prefix(2).map { $0.medianAnnualUSD / 2080 }
        #expect(medians[0] > 10 && medians[0] < 15 && medians[1] > 24 && medians[1] < 33)
        // Twelve respondents are too few for a median: listed, withheld.
        #expect(points[2].suppressed && points[2].medianAnnualUSD == 0)
        // Złoty at the ECB rate of each wave's day.
        let quote = try Self.tables.exchangeRates.quote(from: .usd, to: CurrencyCode("PLN")!, on: points[1].date)
        #expect(abs(try #require(points[1].medianAnnualLocal) / points[1].medianAnnualUSD - quote.rate) < 1e-6)
        #expect(try #require(series.first).annualChange(local: false)! > 0.09)
    }

    @Test func aWaveIsOneFieldPeriodOfADataset() throws {
        var generator = SeededGenerator(seed: 4)
        // Two months of one survey are one wave; five months apart are two (sysarmy's halves).
        var rows = SurveyFamilyModelTests.wave("AR", "2025-02-15", source: 3, level: 10, count: 40, generator: &generator)
        rows += SurveyFamilyModelTests.wave("AR", "2025-04-01", source: 3, level: 10, count: 40, generator: &generator)
        rows += SurveyFamilyModelTests.wave("AR", "2025-07-15", source: 3, level: 12, count: 40, generator: &generator)
        let data = PayTrendData(observations: rows, datasets: SurveyFamilyModelTests.datasets, tables: Self.tables)
        let points = try #require(data.series(place: .country(CountryCode("AR")!)).first).points
        #expect(points.map(\.rows) == [80, 40])
        #expect(
            data.report(place: .region(.latinAmerica), placeName: "Latin America", role: nil, currency: nil, modelGrowth: nil)
                .sections.first?.table?.columns.map(\.key) == ["source", "wave", "n", "median_annual_usd"],
            "a region has no local column"
        )
    }

    @Test func rolesAndPlacesFilterTheRows() throws {
        let all = try #require(Self.data.series(place: .country(CountryCode("PL")!)).first)
        #expect(all.points[1].rows == 201 + 150, "every role, part-time left out")
        let qa = Self.data.series(place: .country(CountryCode("PL")!), role: .qa)
        #expect(qa.isEmpty, "one wave of QA answers is no trend")
        // Eastern Europe is Poland here; Western Europe has one wave only; Argentina's family asked once.
        #expect(Self.data.series(place: .region(.easternEurope)).first?.points.first?.rows == 301)
        #expect(Self.data.series(place: .region(.westernEurope)).isEmpty)
        #expect(Self.data.series(place: .country(CountryCode("AR")!)).isEmpty)
    }

    @Test func theReportTabulatesChartsAndSaysWhatItIs() throws {
        let growth = GrowthEstimate(prior: 0.05, estimate: 0.09, standardError: 0.01, years: [2016, 2024], families: ["stackoverflow"], rows: 500)
        let report = Self.data.report(
            place: .country(CountryCode("PL")!),
            placeName: "Poland",
            role: nil,
            currency: CurrencyCode("PLN"),
            modelGrowth: growth
        )
        #expect(report.kind == "trends" && report.title == "Median pay over time: Poland")
        let section = try #require(report.sections.first)
        let table = try #require(section.table)
        #expect(table.columns.map(\.key) == ["source", "wave", "n", "median_annual_usd", "median_annual_local"])
        #expect(table.rows.count == 3)
        #expect(table.rows[2][3].suppressed && table.rows[2][3].text == "n < 20")
        guard case .lines(let chart) = section.chart else {
            Issue.record("no line chart")
            return
        }
        #expect(chart.series.first?.points.count == 2, "the withheld wave is not drawn")
        #expect(section.paragraphs.contains { $0.hasPrefix("stackoverflow: 2016 $") && $0.contains("a year in USD") && $0.contains("a year in PLN") })
        #expect(section.paragraphs.contains { $0.contains("wage index for Poland") && $0.contains("+9.4 % a year") })
        // Every renderer takes it.
        #expect(CSVRenderer().render(report).contains("source,wave,n,median_annual_usd,median_annual_local"))
        #expect(HTMLRenderer().render(report).contains("<svg"))
        #expect(MarkdownRenderer().render(report).contains("| Source |"))
        #expect(TextRenderer().render(report).contains("Median pay over time: Poland"))
    }
}
