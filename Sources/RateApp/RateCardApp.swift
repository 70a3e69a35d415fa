import Foundation
import Logging
import RateCore
import RateData
import RateImport
import RateStore
import RateStorePostgres
import RateStoreSQLite
import ServiceLifecycle

/// The one composition root: the CLI, the server and the tests all build RateCard here.
public struct RateCardApp: Sendable {
    public let configuration: AppConfiguration
    public let store: any RateStore
    public let tables: ReferenceTables
    public let logger: Logger
    /// The current time, injected so tests are deterministic.
    public let now: @Sendable () -> Date

    /// Now, as the store records every time (ISO 8601, UTC, whole seconds: "2026-12-03T15:12:00Z").
    public var timestamp: Timestamp { Timestamp(now()) }

    public var importer: ImportService { ImportService(app: self) }
    public var models: ModelService { ModelService(app: self) }
    public var costs: CostService { CostService(app: self) }
    public var rates: ExchangeRateService { ExchangeRateService(app: self) }

    /// Estimation settings with this process's working-time and level settings.
    public var estimationSettings: EstimationSettings {
        var settings = EstimationSettings.standard
        settings.workingTime = configuration.workingTime
        settings.levels = configuration.levelBoundaries
        return settings
    }

    /// Opens the configured store, applies migrations and loads the reference tables.
    public static func build(
        configuration: AppConfiguration,
        logger: Logger = Logger(label: "ratecard"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> RateCardApp {
        let store = try openStore(configuration.databaseLocation, createDirectory: configuration.isDefaultDatabaseLocation, logger: logger)
        return try await build(store: store, configuration: configuration, logger: logger, now: now)
    }

    /// Builds RateCard on a store the caller has opened (a test's prepared store, say): the same
    /// steps as `build(configuration:)` from there on. The store is measured for `/metrics`
    /// and migrated; `configuration.databaseLocation` is only what messages call it.
    public static func build(
        store base: any RateStore,
        configuration: AppConfiguration,
        logger: Logger = Logger(label: "ratecard"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> RateCardApp {
        let store = base is MeasuredStore ? base : MeasuredStore(base)
        try await store.migrate()
        let bundled = try ReferenceLoader.bundled(marketRatesPath: configuration.marketRatesPath)
        let tables = try await ExchangeRateService.newest(bundled, store: store, logger: logger)
        return RateCardApp(configuration: configuration, store: store, tables: tables, logger: logger, now: now)
    }

    /// What the store still needs run in a server's application, so that graceful shutdown closes
    /// it after the last request: a PostgreSQL pool the store runs itself (CLI commands, tests);
    /// nothing for a pool an outer service group runs (`poolServices(of:)`), or for SQLite.
    public var storeServices: [any Service] {
        guard let postgres = Self.postgres(store), postgres.poolRunner == .store else { return [] }
        return [postgres.poolService]
    }

    /// The services a service group must run before the store is used and stop after everything
    /// else: a PostgreSQL pool; nothing for SQLite.
    public static func poolServices(of store: any RateStore) -> [any Service] {
        postgres(store).map { [$0.poolService] } ?? []
    }

    private static func postgres(_ store: any RateStore) -> PostgresStore? {
        ((store as? MeasuredStore)?.base ?? store) as? PostgresStore
    }

    /// The same app with another exchange-rate table: what a running server switches to after an upload.
    public func using(exchangeRates: ExchangeRateTable) -> RateCardApp {
        var tables = tables
        tables.exchangeRates = exchangeRates
        return RateCardApp(configuration: configuration, store: store, tables: tables, logger: logger, now: now)
    }

    /// Chooses the backend from the location's form. `createDirectory` lets a SQLite file's
    /// directory be created (RateCard's default location); otherwise it must exist.
    /// `poolRunsInServiceGroup` leaves a PostgreSQL pool to the caller's service group, which must
    /// run `poolServices(of:)` before anything uses the store (as `ratecard serve` does).
    public static func openStore(
        _ location: String,
        createDirectory: Bool = false,
        logger: Logger = Logger(label: "ratecard"),
        poolRunsInServiceGroup: Bool = false
    ) throws -> any RateStore {
        if PostgresLocation.isPostgres(location) {
            return try PostgresStore(url: location, logger: logger, poolRunner: poolRunsInServiceGroup ? .serviceGroup : .store)
        }
        if location.contains("://") { throw StoreError.unsupportedLocation(location) }
        let path = location.hasPrefix("sqlite:") ? String(location.dropFirst("sqlite:".count)) : location
        guard !path.isEmpty else { throw StoreError.unsupportedLocation(location) }
        return try SQLiteStore(path: path, createDirectory: createDirectory)
    }

    /// A store location fit for messages and logs: a PostgreSQL URL loses its password.
    public static func displayLocation(_ location: String) -> String {
        guard PostgresLocation.isPostgres(location), let parsed = try? PostgresLocation(url: location) else { return location }
        return parsed.description
    }

    /// The normaliser with this process's settings.
    public var normaliser: PayNormaliser {
        PayNormaliser(tables: tables, workingTime: configuration.workingTime, outliers: configuration.outlierPolicy)
    }

    /// Loads the embedded default data set when the store is empty, so a new user gets answers
    /// with no import step. Returns the summaries of what was loaded (empty when nothing was needed).
    @discardableResult
    public func ensureData(progress: (@Sendable (String) -> Void)? = nil) async throws -> [ImportSummary] {
        guard try await store.isEmpty() else { return [] }
        progress?("The store is empty: loading RateCard's embedded default data (BLS OEWS 2025, Stack Overflow surveys, DOU.ua)…")
        var summaries: [ImportSummary] = []
        for url in BundledData.defaultDataset {
            let summary = try await importer.importFile(path: url.path, options: ImportOptions(isDefault: true))
            summaries.append(summary)
            progress?("  \(url.lastPathComponent): \(summary.accepted) stored, \(summary.rejected) rejected")
        }
        return summaries
    }
}
