import Foundation
import Metrics
import RateCore
import RateStore

/// Any store, with each call's duration recorded as `ratecard_store_duration_seconds` by
/// operation (and failures counted), for the server's `/metrics`. Without a metrics backend
/// bootstrapped (the CLI) the timers are no-ops.
public struct MeasuredStore: RateStore {
    public let base: any RateStore

    public init(_ base: any RateStore) { self.base = base }

    private func measure<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer {
            Timer(label: "ratecard_store_duration_seconds", dimensions: [("operation", operation)], preferredDisplayUnit: .seconds)
                .recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        }
        do {
            return try await body()
        } catch {
            Counter(label: "ratecard_store_errors_total", dimensions: [("operation", operation)]).increment()
            throw error
        }
    }

    public func migrate() async throws { try await measure("migrate") { try await base.migrate() } }

    public func importSource(
        _ descriptor: SourceDescriptor,
        importedAt: Timestamp,
        outlierPolicy: OutlierPolicy,
        feed: @escaping @Sendable (any ImportSink) throws -> ImportCounts
    ) async throws -> SourceRecord {
        try await measure("import") { try await base.importSource(descriptor, importedAt: importedAt, outlierPolicy: outlierPolicy, feed: feed) }
    }

    public func source(contentSHA256: String) async throws -> SourceRecord? {
        try await measure("source") { try await base.source(contentSHA256: contentSHA256) }
    }
    public func sources() async throws -> [SourceRecord] { try await measure("sources") { try await base.sources() } }
    public func deleteSource(id: Int64) async throws -> SourceRecord? { try await measure("delete_source") { try await base.deleteSource(id: id) } }
    public func rejectedRows(sourceID: Int64?, limit: Int, offset: Int) async throws -> [RejectedRowRecord] {
        try await measure("rejected_rows") { try await base.rejectedRows(sourceID: sourceID, limit: limit, offset: offset) }
    }
    public func observationCount() async throws -> Int { try await measure("observation_count") { try await base.observationCount() } }
    public func distributionCount() async throws -> Int { try await measure("distribution_count") { try await base.distributionCount() } }
    public func observations(_ query: ObservationQuery) async throws -> [Observation] {
        try await measure("observations") { try await base.observations(query) }
    }
    public func distributions(_ query: DistributionQuery) async throws -> [PublishedDistribution] {
        try await measure("distributions") { try await base.distributions(query) }
    }
    public func advertisedRangeCount() async throws -> Int {
        try await measure("advertised_range_count") { try await base.advertisedRangeCount() }
    }
    public func advertisedRanges(_ query: AdvertisedRangeQuery) async throws -> [AdvertisedRange] {
        try await measure("advertised_ranges") { try await base.advertisedRanges(query) }
    }
    public func hourlyHistogram(_ query: HistogramQuery) async throws -> [HistogramCell] {
        try await measure("hourly_histogram") { try await base.hourlyHistogram(query) }
    }
    public func dataVersion() async throws -> Int { try await measure("data_version") { try await base.dataVersion() } }
    public func saveModelSnapshot(_ snapshot: ModelSnapshot) async throws {
        try await measure("save_model_snapshot") { try await base.saveModelSnapshot(snapshot) }
    }
    public func latestModelSnapshot() async throws -> ModelSnapshot? {
        try await measure("latest_model_snapshot") { try await base.latestModelSnapshot() }
    }
    public func latestModelSnapshotInfo() async throws -> ModelSnapshotInfo? {
        try await measure("latest_model_snapshot_info") { try await base.latestModelSnapshotInfo() }
    }
    public func saveExchangeRates(_ table: StoredExchangeRates) async throws {
        try await measure("save_exchange_rates") { try await base.saveExchangeRates(table) }
    }
    public func storedExchangeRates() async throws -> StoredExchangeRates? {
        try await measure("stored_exchange_rates") { try await base.storedExchangeRates() }
    }
    public func storedExchangeRatesInfo() async throws -> StoredExchangeRatesInfo? {
        try await measure("stored_exchange_rates_info") { try await base.storedExchangeRatesInfo() }
    }

    public func createAPIToken(name: String, scope: TokenScope, tokenSHA256: String, createdAt: Timestamp) async throws -> APITokenRecord {
        try await measure("create_api_token") {
            try await base.createAPIToken(name: name, scope: scope, tokenSHA256: tokenSHA256, createdAt: createdAt)
        }
    }
    public func apiToken(sha256: String) async throws -> APITokenRecord? {
        try await measure("api_token") { try await base.apiToken(sha256: sha256) }
    }
    public func apiTokens() async throws -> [APITokenRecord] { try await measure("api_tokens") { try await base.apiTokens() } }
    public func revokeAPIToken(id: Int64, at: Timestamp) async throws -> Bool {
        try await measure("revoke_api_token") { try await base.revokeAPIToken(id: id, at: at) }
    }
    public func addSelfReport(_ observation: Observation, clientKey: String, submittedAt: Timestamp) async throws -> Int64 {
        try await measure("add_self_report") { try await base.addSelfReport(observation, clientKey: clientKey, submittedAt: submittedAt) }
    }
    public func selfReports(status: SelfReportStatus?, ids: [Int64]?, limit: Int) async throws -> [SelfReportRecord] {
        try await measure("self_reports") { try await base.selfReports(status: status, ids: ids, limit: limit) }
    }
    public func decideSelfReports(ids: [Int64], status: SelfReportStatus, decidedAt: Timestamp, sourceID: Int64?) async throws -> Int {
        try await measure("decide_self_reports") {
            try await base.decideSelfReports(ids: ids, status: status, decidedAt: decidedAt, sourceID: sourceID)
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, for swift-metrics timers.
    public var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
