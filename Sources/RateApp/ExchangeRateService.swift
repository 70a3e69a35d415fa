import Foundation
import Logging
import RateCore
import RateImport
import RateStore

/// Keeps RateCard's exchange rates current: the bundled ECB table ends on the day it was built, and
/// a user brings a newer one with `ratecard rates import` (or `POST /v1/exchange-rates`).
public struct ExchangeRateService: Sendable {
    let app: RateCardApp

    /// What an import did.
    public struct Summary: Sendable, Hashable {
        public var firstDate: CalendarDate
        public var lastDate: CalendarDate
        public var days: Int
        public var currencies: Int
        /// The last day of the table in use before.
        public var previousLastDate: CalendarDate?
    }

    /// Reads an ECB history file, refuses one that ends before the table in use, and stores it.
    /// - Returns: the summary and the table, for a running server to put in use at once.
    /// - Parameter name: how messages name the file (default: its path).
    public func importTable(path: String, name: String? = nil) async throws -> (summary: Summary, table: ExchangeRateTable) {
        let shown = name ?? path
        let (table, csv) = try ExchangeRateFile.read(path: path, name: shown, limits: app.configuration.inputLimits)
        guard let first = table.firstDate, let last = table.lastDate else { throw ExchangeRateFileError.noRates(path: shown) }
        let inUse = app.tables.exchangeRates.lastDate
        if let inUse, last < inUse { throw ExchangeRateFileError.olderThanInUse(path: shown, lastDate: last, inUse: inUse) }
        try await app.store.saveExchangeRates(
            StoredExchangeRates(
                csv: csv,
                firstDate: first.description,
                lastDate: last.description,
                importedAt: app.timestamp
            )
        )
        app.logger.notice("imported ECB exchange rates", metadata: ["first": "\(first)", "last": "\(last)", "file": "\(shown)"])
        return (Summary(firstDate: first, lastDate: last, days: table.dayCount, currencies: table.currencies.count, previousLastDate: inUse), table)
    }

    /// The table in use and where it came from, as `ratecard rates` and `GET /v1/exchange-rates` show it.
    public struct TableInUse: Sendable, Hashable {
        /// When it was imported; `nil` for the table bundled with RateCard.
        public var importedAt: Timestamp?
        public var firstDate: CalendarDate?
        public var lastDate: CalendarDate?
        public var days: Int
        public var currencies: [String]
        /// Days from the table's last day to today (0 when it reaches today).
        public var daysPastEnd: Int
    }

    /// The stored table's dates, without its rows: what servers poll.
    public func storedInfo() async throws -> StoredExchangeRatesInfo? { try await app.store.storedExchangeRatesInfo() }

    public func inUse() async throws -> TableInUse {
        let table = app.tables.exchangeRates
        let stored = try await app.store.storedExchangeRates()
        let imported = stored.flatMap { $0.lastDate == table.lastDate?.description ? $0.importedAt : nil }
        let past = table.lastDate.map { max(0, app.models.today.dayNumber - $0.dayNumber) } ?? 0
        return TableInUse(
            importedAt: imported,
            firstDate: table.firstDate,
            lastDate: table.lastDate,
            days: table.dayCount,
            currencies: table.currencies.map(\.code).sorted(),
            daysPastEnd: past
        )
    }

    /// The stored table when it reaches further than the one in use: what a server polls for after
    /// another server on the same database received an upload.
    public func storedTableIfNewer() async throws -> ExchangeRateTable? {
        try await Self.storedTable(newerThan: app.tables.exchangeRates.lastDate, store: app.store, logger: app.logger)
    }

    /// The tables with the stored ECB table in place of the bundled one when it reaches further.
    static func newest(_ tables: ReferenceTables, store: any RateStore, logger: Logger) async throws -> ReferenceTables {
        guard let table = try await storedTable(newerThan: tables.exchangeRates.lastDate, store: store, logger: logger) else { return tables }
        var newest = tables
        newest.exchangeRates = table
        return newest
    }

    static func storedTable(newerThan inUse: CalendarDate?, store: any RateStore, logger: Logger) async throws -> ExchangeRateTable? {
        guard let stored = try await store.storedExchangeRates() else { return nil }
        let table: ExchangeRateTable
        do {
            table = try ExchangeRateFile.parse([UInt8](stored.csv), path: "the stored ECB table (imported \(stored.importedAt))")
        } catch {
            logger.warning(
                "the stored exchange-rate table cannot be read; using the bundled one. Import a fresh ECB file with `ratecard rates import`",
                metadata: ["error": "\(error)"]
            )
            return nil
        }
        guard let last = table.lastDate else { return nil }
        if let inUse, last <= inUse { return nil }
        return table
    }
}
