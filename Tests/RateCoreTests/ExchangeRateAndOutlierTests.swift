import RateCore
import Testing

@Suite("Exchange rates and outlier rules")
struct ExchangeRateAndOutlierTests {
    /// Real ECB rows (units per EUR) from late October 2026, with a gap.
    static let table = try! ExchangeRateTable(
        header: ["Date", "USD", "PLN", "RUB", ""],
        rows: [
            ["2026-10-30", "1.1172", "4.4038", "N/A", ""],
            ["2026-10-29", "1.113", "4.3938", "N/A", ""],
            ["2026-10-28", "N/A", "4.4000", "N/A", ""],
            ["2022-02-28", "1.1199", "4.7", "117.0", ""],
        ]
    )

    @Test func crossRateThroughEuro() throws {
        let quote = try Self.table.quote(from: CurrencyCode("PLN")!, to: .usd, on: CalendarDate(iso: "2026-10-30")!)
        #expect(abs(quote.rate - 1.1172 / 4.4038) < 1e-12)
        #expect(quote.date == CalendarDate(iso: "2026-10-30"))
    }

    @Test func weekendUsesNearestEarlierBusinessDay() throws {
        let quote = try Self.table.quote(from: .eur, to: .usd, on: CalendarDate(iso: "2026-11-01")!)
        #expect(quote.rate == 1.1172)
        #expect(quote.date == CalendarDate(iso: "2026-10-30"))
    }

    @Test func gapsAreSkippedBackwards() throws {
        // 2026-10-28 has no USD rate: the day before with both is not in range, so it fails within 7 days.
        #expect(throws: ConversionError.self) { try Self.table.quote(from: CurrencyCode("PLN")!, to: .usd, on: CalendarDate(iso: "2026-10-28")!) }
    }

    @Test func staleRatesAreRefused() {
        #expect(throws: ConversionError.noRate(from: CurrencyCode("RUB")!, to: .usd, date: CalendarDate(iso: "2026-10-30")!, maximumStaleness: 7)) {
            try Self.table.quote(from: CurrencyCode("RUB")!, to: .usd, on: CalendarDate(iso: "2026-10-30")!)
        }
    }

    /// The bundled table ends on a fixed day; estimates, reports and self-reports after it use its
    /// newest rate and say so, instead of failing by date.
    @Test(arguments: ["2026-12-01", "2027-01-01", "2031-06-30"])
    func datesAfterTheTableUseItsNewestRate(day: String) throws {
        let date = try #require(CalendarDate(iso: day))
        let quote = try Self.table.quote(from: CurrencyCode("PLN")!, to: .usd, on: date)
        #expect(quote.date == CalendarDate(iso: "2026-10-30"))
        #expect(abs(quote.rate - 1.1172 / 4.4038) < 1e-12)
        #expect(Self.table.isPastEnd(date))
        #expect(!Self.table.isPastEnd(CalendarDate(iso: "2026-10-30")!))
        // A currency whose rates stopped long before the end still fails, past the end as inside it.
        #expect(throws: ConversionError.self) { try Self.table.quote(from: CurrencyCode("RUB")!, to: .usd, on: date) }
    }

    @Test func unknownCurrencyIsNamed() {
        #expect(throws: ConversionError.unknownCurrency(CurrencyCode("XYZ")!)) {
            try Self.table.quote(from: CurrencyCode("XYZ")!, to: .usd, on: CalendarDate(iso: "2026-10-30")!)
        }
    }

    @Test(arguments: [
        (0.5, 1040.0, QualityFlag?.some(.outlierLow)),
        (30, 62400, nil),
        (5000, 10_400_000, .outlierHigh),
    ])
    func absoluteRules(hourly: Double, annual: Double, expected: QualityFlag?) {
        #expect(OutlierPolicy.standard.absoluteFlag(hourlyUSD: hourly, annualUSD: annual)?.flag == expected)
    }

    @Test func relativeRuleNeedsEnoughObservations() {
        let policy = OutlierPolicy.standard
        #expect(policy.relativeBounds(hourlyValues: Array(repeating: 20, count: 199)) == nil)
        let values = (1...1000).map(Double.init)
        let bounds = policy.relativeBounds(hourlyValues: values)!
        #expect(bounds.low > 1 && bounds.low < 10)
        #expect(bounds.high > 990 && bounds.high < 1000)
    }
}
