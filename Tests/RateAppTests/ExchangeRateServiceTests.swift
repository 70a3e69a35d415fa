import Foundation
import RateApp
import RateCore
import RateImport
import RateStore
import RateStoreTestSupport
import RateTestSupport
import Testing

/// `ratecard rates import`: the store keeps the newest ECB table, and every app built on it uses it.
@Suite("Exchange-rate imports")
struct ExchangeRateServiceTests {
    static func temporaryDatabase() -> String {
        TemporaryFiles.path("rates")
    }

    /// The fixture with its newest day moved to `date`.
    static func table(endingOn date: String) throws -> String {
        let sample = try String(contentsOfFile: Fixtures.path("eurofxref_hist_sample.csv"), encoding: .utf8)
        let path = TemporaryFiles.path("ecb", suffix: ".csv")
        try sample.replacingOccurrences(of: "\n2026-10-30,", with: "\n\(date),").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aNewerTableIsStoredAndUsedByEveryLaterStart() async throws {
        let database = Self.temporaryDatabase()
        let configuration = AppConfiguration(databaseLocation: database)
        let first = try await RateCardApp.build(configuration: configuration)
        #expect(first.tables.exchangeRates.lastDate == CalendarDate(iso: "2026-10-30"))
        let (summary, _) = try await first.rates.importTable(path: try Self.table(endingOn: "2026-12-31"))
        #expect(summary.lastDate == CalendarDate(iso: "2026-12-31") && summary.previousLastDate == CalendarDate(iso: "2026-10-30"))
        #expect(summary.days == 30)

        let later = try await RateCardApp.build(configuration: configuration)
        #expect(later.tables.exchangeRates.lastDate == CalendarDate(iso: "2026-12-31"))
        // An amount reported on the new last day converts at that day's rate, not a stale one.
        let quote = try later.tables.exchangeRates.quote(from: CurrencyCode("PLN")!, to: .usd, on: CalendarDate(iso: "2026-12-31")!)
        #expect(quote.date == CalendarDate(iso: "2026-12-31"))

        // An older table is refused and the stored one stays.
        await #expect(throws: ExchangeRateFileError.self) {
            _ = try await later.rates.importTable(path: try Self.table(endingOn: "2026-11-15"))
        }
        #expect(try await later.store.storedExchangeRates()?.lastDate == "2026-12-31")
    }

    @Test func aStoredTableThatEndsBeforeTheBundledOneIsNotUsed() async throws {
        let database = Self.temporaryDatabase()
        let app = try await RateCardApp.build(configuration: AppConfiguration(databaseLocation: database))
        // Imported under an older RateCard, whose bundle ended sooner: it ends on 2026-10-29.
        var lines = try String(contentsOfFile: Fixtures.path("eurofxref_hist_sample.csv"), encoding: .utf8).components(separatedBy: "\n")
        lines.remove(at: 1)
        let older = Data(lines.joined(separator: "\n").utf8)
        #expect(try ExchangeRateFile.parse([UInt8](older), path: "older").lastDate == CalendarDate(iso: "2026-10-29"))
        try await app.store.saveExchangeRates(
            StoredExchangeRates(csv: older, firstDate: "2026-09-21", lastDate: "2026-10-29", importedAt: .at("2026-10-31T00:00:00Z"))
        )
        let later = try await RateCardApp.build(configuration: AppConfiguration(databaseLocation: database))
        #expect(later.tables.exchangeRates.lastDate == CalendarDate(iso: "2026-10-30"))
        #expect(later.tables.exchangeRates.dayCount > 7000)
    }
}
