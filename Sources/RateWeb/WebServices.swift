import Foundation
import Logging
import RateApp
import RateCore
import RateStore
import ServiceLifecycle
import Synchronization

/// What the HTTP layer needs: the app's services and the current estimator, loaded once and
/// replaced when a newer model snapshot appears in the store (this server or another one refitted).
public final class WebServices: Sendable {
    /// The app; replaced only when an uploaded exchange-rate table changes its reference tables.
    public var app: RateCardApp { currentApp.withLock { $0 } }
    private let currentApp: Mutex<RateCardApp>
    /// The key of the client-address hashes on self-reports (see `SelfReportService.clientKey`).
    let clientKeySecret: String
    /// The loaded estimator and how many loads this process has made (the estimate cache's key).
    private let current: Mutex<(estimator: Estimator, generation: Int)?>
    let estimateCache: EstimateCache
    /// Reports built for the loaded model (see `AnswerCache`).
    let reportCache: ReportCache
    /// How many uncached reports and batches compute at once (see `ConcurrencyLimit`).
    let expensiveWork: ConcurrencyLimit
    private let loadedSnapshot: Mutex<ModelSnapshotInfo?>
    /// The stored exchange-rate table last looked at, so a poll reads the table only when it changed.
    private let seenExchangeRates = Mutex<StoredExchangeRatesInfo?>(nil)
    private let refit = Mutex<(running: Bool, again: Bool)>((false, false))
    /// The stored rows by survey wave behind the trends report, for the loaded model's generation.
    private let trends = Mutex<(generation: Int, data: PayTrendData)?>(nil)

    /// - Parameters:
    ///   - estimateCacheEntries: finished estimate answers kept (see `AnswerCache`); 0 for none.
    ///   - reportCacheEntries: built reports kept; 0 for none.
    ///   - expensiveRequestLimit: uncached reports and batches computed at once; as many again
    ///     times `ServerSettings.expensiveRequestQueueFactor` wait, and the rest get 503.
    public init(
        app: RateCardApp,
        clientKeySecret: String? = nil,
        estimateCacheEntries: Int = 4096,
        reportCacheEntries: Int = 256,
        expensiveRequestLimit: Int = ServerSettings.defaultExpensiveRequestLimit,
        expensiveRequestQueue: Int? = nil
    ) {
        // Before any metric is made (the cache's counters, the router's timers): metrics made
        // earlier stay bound to the no-op backend. The server and the tests both pass through here.
        WebMetrics.bootstrap()
        currentApp = Mutex(app)
        self.clientKeySecret = clientKeySecret ?? UUID().uuidString
        estimateCache = EstimateCache(capacity: estimateCacheEntries)
        reportCache = ReportCache(capacity: reportCacheEntries, metric: "ratecard_report_cache_lookups_total")
        expensiveWork = ConcurrencyLimit(
            limit: expensiveRequestLimit,
            queueLimit: expensiveRequestQueue ?? expensiveRequestLimit * ServerSettings.expensiveRequestQueueFactor
        )
        current = Mutex(nil)
        loadedSnapshot = Mutex(nil)
    }

    /// The estimator, loading the latest model snapshot on first use.
    public func estimator() async throws -> Estimator {
        try await loaded().estimator
    }

    /// The estimator with its generation, which changes whenever another model is loaded.
    func loaded() async throws -> (estimator: Estimator, generation: Int) {
        if let loaded = current.withLock({ $0 }) { return loaded }
        try await reload()
        return try await loaded()
    }

    /// Loads the latest snapshot (fitting one when there is none).
    @discardableResult
    public func reload() async throws -> Estimator {
        let (estimator, _) = try await app.models.current(note: { [logger = app.logger] in logger.notice("\($0)") })
        current.withLock { $0 = (estimator, ($0?.generation ?? 0) + 1) }
        estimateCache.removeAll()
        reportCache.removeAll()
        loadedSnapshot.withLock { $0 = ModelSnapshotInfo(dataVersion: estimator.model.dataVersion, fittedAt: estimator.model.fittedAt) }
        return estimator
    }

    /// Puts an uploaded exchange-rate table in use: later imports, self-reports and estimates
    /// convert with it, and cached answers converted with the old one are dropped.
    public func use(exchangeRates: ExchangeRateTable) async throws {
        currentApp.withLock { $0 = $0.using(exchangeRates: exchangeRates) }
        if isModelLoaded { try await reload() }
    }

    /// Puts in use an exchange-rate table that another server on the same database stored, when it
    /// reaches further than the one in use; `true` when it did.
    @discardableResult
    public func useNewerStoredExchangeRates() async throws -> Bool {
        guard let info = try await app.rates.storedInfo(), info != seenExchangeRates.withLock({ $0 }) else { return false }
        seenExchangeRates.withLock { $0 = info }
        guard let table = try await app.rates.storedTableIfNewer() else { return false }
        try await use(exchangeRates: table)
        app.logger.notice("using the exchange-rate table another server stored", metadata: ["last_date": "\(info.lastDate)"])
        return true
    }

    /// Reloads when the store's latest snapshot is not the one loaded; `true` when it did.
    @discardableResult
    public func reloadIfNewer() async throws -> Bool {
        guard let latest = try await app.models.latestSnapshotInfo(), latest != loadedSnapshot.withLock({ $0 }) else { return false }
        try await reload()
        app.logger.notice("loaded model snapshot", metadata: ["data_version": "\(latest.dataVersion)", "fitted_at": "\(latest.fittedAt)"])
        return true
    }

    /// Refits on the stored data and loads the result, after an import or approval through this
    /// server. Runs one refit at a time; writes during a refit cause one more afterwards.
    public func refitInBackground() {
        let start = refit.withLock { state -> Bool in
            if state.running {
                state.again = true
                return false
            }
            state.running = true
            return true
        }
        guard start else { return }
        Task {
            while true {
                do {
                    _ = try await app.models.fit()
                    try await reload()
                    app.logger.notice("refitted the model after a write")
                } catch {
                    app.logger.error("refit after a write failed: \(error)")
                }
                let again = refit.withLock { state -> Bool in
                    if state.again {
                        state.again = false
                        return true
                    }
                    state.running = false
                    return false
                }
                if !again { break }
            }
        }
    }

    /// Waits until no refit is running (for tests and shutdown).
    public func waitForRefit() async {
        while refit.withLock({ $0.running }) { try? await Task.sleep(for: .milliseconds(50)) }
    }

    /// The trends report's data: read from the store once per loaded model (every import or
    /// approval reloads one), not on every request.
    func payTrends() async throws -> PayTrendData {
        let generation = try await loaded().generation
        if let cached = trends.withLock({ $0 }), cached.generation == generation { return cached.data }
        let data = try await app.payTrends()
        trends.withLock { $0 = (generation, data) }
        return data
    }

    public var isModelLoaded: Bool { current.withLock { $0 != nil } }

    public var today: CalendarDate { app.models.today }
}

/// Polls the store for a newer model snapshot, so servers sharing one database pick up what
/// another server fitted. Polling (not LISTEN/NOTIFY) works the same on SQLite and PostgreSQL and
/// costs one small query per interval.
struct ModelRefreshService: Service {
    let services: WebServices
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    try await services.reloadIfNewer()
                    try await services.useNewerStoredExchangeRates()
                } catch {
                    services.app.logger.warning("checking for a newer model or exchange-rate table failed: \(error)")
                }
            }
        }
    }
}
