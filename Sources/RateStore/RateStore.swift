import Foundation
import RateCore
import RateStats

/// What is known about a file before it is imported.
public struct SourceDescriptor: Sendable, Hashable, Codable {
    public var fileName: String
    public var contentSHA256: String
    public var byteCount: Int
    /// The layout (`so2016`, `oews`, `csv`...).
    public var format: String
    /// The tag that prefixes its record keys.
    public var dataset: String
    public var title: String
    public var licence: String
    public var attribution: String
    /// Whether it was loaded as part of RateCard's embedded default data.
    public var isDefault: Bool

    public init(
        fileName: String,
        contentSHA256: String,
        byteCount: Int,
        format: String,
        dataset: String,
        title: String,
        licence: String,
        attribution: String,
        isDefault: Bool
    ) {
        self.fileName = fileName
        self.contentSHA256 = contentSHA256
        self.byteCount = byteCount
        self.format = format
        self.dataset = dataset
        self.title = title
        self.licence = licence
        self.attribution = attribution
        self.isDefault = isDefault
    }
}

/// Row counts of one import. `accepted + rejected == read` always holds; `duplicates` and the
/// per-reason counts are subsets of `rejected`, `flagged` a subset of `accepted`.
public struct ImportCounts: Sendable, Hashable, Codable {
    public var read = 0
    public var accepted = 0
    public var rejected = 0
    public var flagged = 0
    public var duplicates = 0
    public var rejectedByReason: [String: Int] = [:]
    public var flaggedByQuality: [String: Int] = [:]

    public init() {}
}

/// A source as stored: its descriptor, counts and when it was imported.
public struct SourceRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var descriptor: SourceDescriptor
    public var counts: ImportCounts
    public var importedAt: Timestamp

    public init(id: Int64, descriptor: SourceDescriptor, counts: ImportCounts, importedAt: Timestamp) {
        self.id = id
        self.descriptor = descriptor
        self.counts = counts
        self.importedAt = importedAt
    }
}

/// A rejected row as stored.
public struct RejectedRowRecord: Sendable, Hashable, Codable {
    public var sourceID: Int64
    public var issue: RowIssue

    public init(sourceID: Int64, issue: RowIssue) {
        self.sourceID = sourceID
        self.issue = issue
    }
}

/// Receives the rows of one import inside the store's transaction. Synchronous on purpose: the
/// file is parsed on the importing thread and rows go straight into prepared statements.
public protocol ImportSink: AnyObject {
    /// Stores an observation; returns `false` when its record key is already stored (a duplicate).
    func insert(_ observation: Observation) throws -> Bool
    /// Stores a published distribution; returns `false` when its record key is already stored.
    func insert(_ distribution: PublishedDistribution) throws -> Bool
    /// Stores one advertised range of a job offer; returns `false` when its record key is already stored.
    func insert(_ range: AdvertisedRange) throws -> Bool
    /// Stores a rejected row with its reason.
    func reject(_ issue: RowIssue) throws
}

/// Filters for reading observations back.
public struct ObservationQuery: Sendable, Hashable {
    public var countries: Set<CountryCode>?
    public var roles: Set<Role>?
    public var sourceIDs: Set<Int64>?
    public var includeOutliers: Bool
    public var limit: Int?

    public init(
        countries: Set<CountryCode>? = nil,
        roles: Set<Role>? = nil,
        sourceIDs: Set<Int64>? = nil,
        includeOutliers: Bool = true,
        limit: Int? = nil
    ) {
        self.countries = countries
        self.roles = roles
        self.sourceIDs = sourceIDs
        self.includeOutliers = includeOutliers
        self.limit = limit
    }
}

/// Filters for reading published distributions back.
public struct DistributionQuery: Sendable, Hashable {
    public var occupationCodes: Set<String>?
    public var areaTypes: Set<String>?
    public var sourceIDs: Set<Int64>?
    public var limit: Int?

    public init(occupationCodes: Set<String>? = nil, areaTypes: Set<String>? = nil, sourceIDs: Set<Int64>? = nil, limit: Int? = nil) {
        self.occupationCodes = occupationCodes
        self.areaTypes = areaTypes
        self.sourceIDs = sourceIDs
        self.limit = limit
    }
}

/// Filters for reading advertised ranges back.
public struct AdvertisedRangeQuery: Sendable, Hashable {
    public var countries: Set<CountryCode>?
    public var sourceIDs: Set<Int64>?
    public var limit: Int?

    public init(countries: Set<CountryCode>? = nil, sourceIDs: Set<Int64>? = nil, limit: Int? = nil) {
        self.countries = countries
        self.sourceIDs = sourceIDs
        self.limit = limit
    }
}

/// Errors every store reports in the same words.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case alreadyImported(SourceRecord)
    case unsupportedLocation(String)
    case unavailable(String)
    /// A SQLite path that cannot hold a database: a directory, or a file in a directory that does not exist.
    case unusablePath(String, reason: String)

    public var description: String {
        switch self {
        case let .alreadyImported(source):
            "this content was already imported as source #\(source.id) (\(source.descriptor.fileName), \(source.importedAt)); nothing was added. "
                + "To import it again (with a corrected mapping, say), remove the old import first: `ratecard sources delete \(source.id)`"
        case let .unsupportedLocation(text):
            "'\(text)' is not a database RateCard can open; give a file path, sqlite:PATH, :memory: or postgres://USER@HOST:PORT/DATABASE"
        case let .unavailable(reason): "the store is unavailable: \(reason)"
        case let .unusablePath(path, reason): "cannot open the database '\(path)': \(reason)"
        }
    }
}

/// The storage contract. Every backend (SQLite now, PostgreSQL next) implements it and passes the
/// same contract suite; callers never know which one they hold.
public protocol RateStore: RateStoreAccounts, Sendable {
    /// Applies pending named migrations.
    func migrate() async throws

    /// Imports one source in one transaction: `feed` streams rows into the sink; then outliers are
    /// flagged by `policy`'s relative rule. Either all of it is stored or none of it.
    /// Throws `StoreError.alreadyImported` when a source with the same content hash exists.
    func importSource(
        _ descriptor: SourceDescriptor,
        importedAt: Timestamp,
        outlierPolicy: OutlierPolicy,
        feed: @escaping @Sendable (any ImportSink) throws -> ImportCounts
    ) async throws -> SourceRecord

    func source(contentSHA256: String) async throws -> SourceRecord?
    func sources() async throws -> [SourceRecord]
    /// Deletes one source with its observations, distributions, advertised ranges and rejected rows in one
    /// transaction, and bumps the data version; the deleted source, or `nil` when there is none.
    /// The same content can then be imported again.
    func deleteSource(id: Int64) async throws -> SourceRecord?
    func rejectedRows(sourceID: Int64?, limit: Int, offset: Int) async throws -> [RejectedRowRecord]
    func observationCount() async throws -> Int
    func distributionCount() async throws -> Int
    func observations(_ query: ObservationQuery) async throws -> [Observation]
    func distributions(_ query: DistributionQuery) async throws -> [PublishedDistribution]
    func advertisedRangeCount() async throws -> Int
    /// Advertised ranges of job offers, in the order they were stored.
    func advertisedRanges(_ query: AdvertisedRangeQuery) async throws -> [AdvertisedRange]
    /// Hourly-pay histogram bins of non-outlier observations by country and experience level: what
    /// the observed-percentile reports need, aggregated where the data lives. The default reads
    /// every row; a database backend groups in SQL.
    func hourlyHistogram(_ query: HistogramQuery) async throws -> [HistogramCell]
    /// Increases with every import; a model fitted at one version is stale at another.
    func dataVersion() async throws -> Int

    /// Stores a fitted model (an opaque encoded value) with the data version it came from.
    func saveModelSnapshot(_ snapshot: ModelSnapshot) async throws
    /// The most recently fitted model, if any.
    func latestModelSnapshot() async throws -> ModelSnapshot?
    /// Which snapshot is the latest, without its payload: what servers poll to notice a refit.
    func latestModelSnapshotInfo() async throws -> ModelSnapshotInfo?

    /// Keeps an ECB exchange-rate table that `ratecard rates import` read, replacing the one
    /// stored before: the store holds one table, the newest a user gave it.
    func saveExchangeRates(_ table: StoredExchangeRates) async throws
    /// The stored ECB table, if a user imported one.
    func storedExchangeRates() async throws -> StoredExchangeRates?
    /// Which table is stored, without its text: what servers poll to notice an upload elsewhere.
    func storedExchangeRatesInfo() async throws -> StoredExchangeRatesInfo?
}

/// Which ECB table the store holds.
public struct StoredExchangeRatesInfo: Sendable, Hashable {
    public var lastDate: String
    public var importedAt: Timestamp

    public init(lastDate: String, importedAt: Timestamp) {
        self.lastDate = lastDate
        self.importedAt = importedAt
    }
}

/// An ECB reference-rate table as the store keeps it: the CSV text in the ECB's own layout
/// (`Date,USD,JPY,…`), with the days it covers.
public struct StoredExchangeRates: Sendable, Hashable {
    public var csv: Data
    /// First and last day with rates, ISO 8601.
    public var firstDate: String
    public var lastDate: String
    public var importedAt: Timestamp

    public init(csv: Data, firstDate: String, lastDate: String, importedAt: Timestamp) {
        self.csv = csv
        self.firstDate = firstDate
        self.lastDate = lastDate
        self.importedAt = importedAt
    }
}

/// A fitted model as stored: serving reads it instead of refitting.
public struct ModelSnapshot: Sendable, Hashable {
    public var dataVersion: Int
    public var fittedAt: Timestamp
    /// The encoded model (JSON).
    public var payload: Data

    public init(dataVersion: Int, fittedAt: Timestamp, payload: Data) {
        self.dataVersion = dataVersion
        self.fittedAt = fittedAt
        self.payload = payload
    }
}

/// What `RateStore.hourlyHistogram` groups.
public struct HistogramQuery: Sendable, Hashable {
    public var roles: Set<Role>?
    public var boundaries: LevelBoundaries
    /// Values below `lowerBound` or from `upperBound` up share one bin each (see `LogHistogram`).
    public var lowerBound: Double
    public var upperBound: Double

    public init(roles: Set<Role>? = nil, boundaries: LevelBoundaries = .standard, lowerBound: Double, upperBound: Double) {
        self.roles = roles
        self.boundaries = boundaries
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// The bin of an hourly value, as `LogHistogram.binKey` computes it.
    public func binKey(_ value: Double) -> Int { LogHistogram.binKey(value, lowerBound: lowerBound, upperBound: upperBound) }
}

private struct HistogramKey: Hashable {
    var country: CountryCode
    var level: ExperienceLevel
    var bin: Int
}

/// The total weight of one histogram bin in one country and level, with its extreme values.
public struct HistogramCell: Sendable, Hashable {
    public var country: CountryCode
    public var level: ExperienceLevel
    public var bin: Int
    public var weight: Double
    public var minimum: Double
    public var maximum: Double

    public init(country: CountryCode, level: ExperienceLevel, bin: Int, weight: Double, minimum: Double, maximum: Double) {
        self.country = country
        self.level = level
        self.bin = bin
        self.weight = weight
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// A snapshot's identity: the data version it was fitted on and when.
public struct ModelSnapshotInfo: Sendable, Hashable {
    public var dataVersion: Int
    public var fittedAt: Timestamp

    public init(dataVersion: Int, fittedAt: Timestamp) {
        self.dataVersion = dataVersion
        self.fittedAt = fittedAt
    }
}

extension RateStore {
    /// Reads the whole snapshot; a remote backend overrides this with a cheaper query.
    public func latestModelSnapshotInfo() async throws -> ModelSnapshotInfo? {
        try await latestModelSnapshot().map { ModelSnapshotInfo(dataVersion: $0.dataVersion, fittedAt: $0.fittedAt) }
    }

    /// Reads the rows and bins them here: right for an embedded store, where reading is cheap.
    public func hourlyHistogram(_ query: HistogramQuery) async throws -> [HistogramCell] {
        var cells: [HistogramKey: HistogramCell] = [:]
        var order: [HistogramKey] = []
        for observation in try await observations(ObservationQuery(roles: query.roles, includeOutliers: false)) {
            guard let level = observation.experience.level(query.boundaries) else { continue }
            let value = observation.normalised.hourlyUSD.amount
            guard value.isFinite, value > 0, observation.weight > 0 else { continue }
            let key = HistogramKey(country: observation.location.country, level: level, bin: query.binKey(value))
            if var cell = cells[key] {
                cell.weight += observation.weight
                cell.minimum = min(cell.minimum, value)
                cell.maximum = max(cell.maximum, value)
                cells[key] = cell
            } else {
                cells[key] = HistogramCell(
                    country: key.country,
                    level: level,
                    bin: key.bin,
                    weight: observation.weight,
                    minimum: value,
                    maximum: value
                )
                order.append(key)
            }
        }
        return order.map { cells[$0]! }
    }

    /// Whether nothing has been imported yet.
    public func isEmpty() async throws -> Bool { try await sources().isEmpty }
}

/// What an API token may do. Reads need no token.
public enum TokenScope: String, Sendable, Codable, CaseIterable, Hashable {
    /// Upload files through `POST /v1/imports`.
    case `import`
    /// Approve or reject self-reported rates.
    case moderate
}

/// An API token as stored: never the token itself, only its SHA-256.
public struct APITokenRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var scope: TokenScope
    public var tokenSHA256: String
    public var createdAt: Timestamp
    public var revokedAt: Timestamp?

    public init(id: Int64, name: String, scope: TokenScope, tokenSHA256: String, createdAt: Timestamp, revokedAt: Timestamp? = nil) {
        self.id = id
        self.name = name
        self.scope = scope
        self.tokenSHA256 = tokenSHA256
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Where a self-reported rate is in moderation.
public enum SelfReportStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case pending, approved, rejected
}

/// A self-reported rate as stored: the validated, normalised observation and its moderation state.
/// Never shown one by one outside moderation.
public struct SelfReportRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var submittedAt: Timestamp
    /// A keyed hash of the client's address: enough to spot floods, not to identify anyone.
    public var clientKey: String
    public var status: SelfReportStatus
    public var observation: Observation
    public var decidedAt: Timestamp?
    /// The source the report joined when approved.
    public var sourceID: Int64?

    public init(
        id: Int64,
        submittedAt: Timestamp,
        clientKey: String,
        status: SelfReportStatus,
        observation: Observation,
        decidedAt: Timestamp? = nil,
        sourceID: Int64? = nil
    ) {
        self.id = id
        self.submittedAt = submittedAt
        self.clientKey = clientKey
        self.status = status
        self.observation = observation
        self.decidedAt = decidedAt
        self.sourceID = sourceID
    }
}

/// API tokens and self-reports: the small, write-rarely tables behind the HTTP API's writes.
public protocol RateStoreAccounts: Sendable {
    func createAPIToken(name: String, scope: TokenScope, tokenSHA256: String, createdAt: Timestamp) async throws -> APITokenRecord
    /// The token with this hash, revoked or not.
    func apiToken(sha256: String) async throws -> APITokenRecord?
    func apiTokens() async throws -> [APITokenRecord]
    /// Marks a token revoked; `false` when there is no such live token.
    func revokeAPIToken(id: Int64, at: Timestamp) async throws -> Bool

    /// Stores a pending self-report; returns its id.
    func addSelfReport(_ observation: Observation, clientKey: String, submittedAt: Timestamp) async throws -> Int64
    func selfReports(status: SelfReportStatus?, ids: [Int64]?, limit: Int) async throws -> [SelfReportRecord]
    /// Moves pending reports to `status`; returns how many changed.
    func decideSelfReports(ids: [Int64], status: SelfReportStatus, decidedAt: Timestamp, sourceID: Int64?) async throws -> Int
}
