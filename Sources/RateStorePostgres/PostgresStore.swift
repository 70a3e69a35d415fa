import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import RateCore
import RateStore
import ServiceLifecycle

/// The shared store: PostgreSQL through PostgresNIO's connection pool.
///
/// Many `ratecard serve` processes can use one database. Migrations take an advisory lock, so two
/// servers starting at once do not race; imports take another, so duplicate record keys are judged
/// against a stable set of stored rows. Each import is one transaction: rows are spooled as COPY
/// text while the file is parsed, then sent with `COPY ... FROM STDIN`; a crash or a killed process
/// before COMMIT leaves nothing behind.
public final class PostgresStore: RateStore {
    /// What runs the connection pool (PostgresNIO's `PostgresClient`, a swift-service-lifecycle
    /// `Service`): nothing leases a connection before its `run()` has started.
    public enum PoolRunner: Sendable, Hashable {
        /// The store itself, in a task started by `init`: for CLI commands and tests, which have no
        /// service group. `poolService` then only closes the pool at a group's graceful shutdown.
        case store
        /// The caller's service group, as `ratecard serve` does: `poolService` is the client, and
        /// the group runs it before anything uses the store and stops it after everything else.
        case serviceGroup
    }

    public let location: PostgresLocation
    public let poolRunner: PoolRunner
    let client: PostgresClient
    private let runTask: Task<Void, Never>?
    let logger: Logger

    /// Connects lazily: the pool opens connections on first use.
    public init(location: PostgresLocation, logger: Logger = Logger(label: "ratecard.postgres"), poolRunner: PoolRunner = .store) {
        self.location = location
        self.logger = logger
        self.poolRunner = poolRunner
        let tls: PostgresClient.Configuration.TLS =
            switch location.tlsMode {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: tls
        )
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.maximumConnections = 16
        // The pool warns when a connection is leased before `run()` has started, which is a
        // harmless race with the task below; its own background log stays at errors.
        var backgroundLogger = logger
        backgroundLogger.logLevel = .error
        client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        switch poolRunner {
        case .store: runTask = Task { [client] in await client.run() }
        case .serviceGroup: runTask = nil
        }
    }

    public convenience init(url: String, logger: Logger = Logger(label: "ratecard.postgres"), poolRunner: PoolRunner = .store) throws {
        self.init(location: try PostgresLocation(url: url), logger: logger, poolRunner: poolRunner)
    }

    deinit { runTask?.cancel() }

    /// Stops a pool the store runs (one a service group runs stops with the group).
    public func close() { runTask?.cancel() }

    /// Stops a pool the store runs and waits until its connections are closed.
    public func closeAndWait() async {
        runTask?.cancel()
        await runTask?.value
    }

    /// The pool's part in a service group, added before the HTTP server, which the group shuts
    /// down first (reverse order), so requests in flight finish on open connections. With
    /// `.serviceGroup` it is the client itself, which the group runs and stops at graceful
    /// shutdown; with `.store` it waits for graceful shutdown, then closes the store's pool and
    /// waits for it.
    public var poolService: any Service {
        switch poolRunner {
        case .serviceGroup: client
        case .store: PoolService(store: self)
        }
    }

    private struct PoolService: Service {
        let store: PostgresStore

        func run() async throws {
            try? await gracefulShutdown()
            await store.closeAndWait()
            store.logger.debug("PostgreSQL connection pool closed")
        }
    }

    /// Turns connection failures into a message that names the server and what to check.
    @discardableResult
    func withErrorContext<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresTransactionError {
            // The transaction helper wraps what went wrong inside; callers want the cause.
            if let cause = error.closureError {
                if let psql = cause as? PSQLError { throw describe(psql) }
                throw cause
            }
            if let psql = (error.beginError ?? error.commitError ?? error.rollbackError) as? PSQLError { throw describe(psql) }
            throw StoreError.unavailable("PostgreSQL at \(location): \(String(reflecting: error))")
        } catch let error as PSQLError {
            throw describe(error)
        }
    }

    private func describe(_ error: PSQLError) -> StoreError {
        if let server = error.serverInfo, let message = server[.message] {
            return .unavailable("PostgreSQL at \(location) said: \(message) (SQLSTATE \(server[.sqlState] ?? "?"))")
        }
        if error.code == .connectionError || error.code == .serverClosedConnection || error.code == .unexpectedBackendMessage {
            return .unavailable("cannot reach PostgreSQL at \(location) (\(error.code)); check that the server runs and accepts this user")
        }
        return .unavailable("PostgreSQL at \(location): \(String(reflecting: error))")
    }

    // MARK: Migrations

    /// Opens one connection outside the pool and closes it: the pool retries a refused or
    /// unreachable server forever, so without this a wrong URL would hang instead of failing.
    func checkReachable() async throws {
        let tls: PostgresConnection.Configuration.TLS
        switch location.tlsMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        let configuration = PostgresConnection.Configuration(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: tls
        )
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch let error as PSQLError {
            if error.serverInfo == nil {
                throw StoreError.unavailable(
                    "cannot reach PostgreSQL at \(location): \(error.underlying.map { "\($0)" } ?? "\(error.code)"); check the host, the port and that the server runs"
                )
            }
            throw describe(error)
        }
    }

    public func migrate() async throws {
        try await checkReachable()
        try await withErrorContext {
            try await client.withConnection { connection in
                // A session lock, held across the migrations' own transactions; released below or
                // when the connection closes.
                try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.migrationLock))", logger: logger)
                do {
                    try await connection.query(
                        """
                        CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                        """,
                        logger: logger
                    )
                    var applied: Set<String> = []
                    for try await name in try await connection.query("SELECT name FROM schema_migration", logger: logger).decode(String.self) {
                        applied.insert(name)
                    }
                    for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                        try await connection.withTransaction(logger: logger) { transaction in
                            for statement in migration.statements {
                                try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                            }
                            try await transaction.query("INSERT INTO schema_migration (name) VALUES (\(migration.name))", logger: logger)
                        }
                        logger.debug("applied migration", metadata: ["migration": "\(migration.name)"])
                    }
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.migrationLock))", logger: logger)
                    throw error
                }
                try await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.migrationLock))", logger: logger)
            }
        }
    }

    /// Names of the applied migrations, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await withErrorContext {
            var names: [String] = []
            for try await name in try await client.query("SELECT name FROM schema_migration ORDER BY applied_at, name", logger: logger).decode(
                String.self
            ) {
                names.append(name)
            }
            return names
        }
    }

    // MARK: Import

    public func importSource(
        _ descriptor: SourceDescriptor,
        importedAt: Timestamp,
        outlierPolicy: OutlierPolicy,
        feed: @escaping @Sendable (any ImportSink) throws -> ImportCounts
    ) async throws -> SourceRecord {
        try await withErrorContext {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.importLock))", logger: logger)
                if let existing = try await Self.fetchSources(
                    connection,
                    whereSQL: "WHERE content_sha256 = $1",
                    binds: [descriptor.contentSHA256],
                    logger: logger
                ).first {
                    throw StoreError.alreadyImported(existing)
                }
                let insertSource: PostgresQuery = """
                    INSERT INTO source (file_name, content_sha256, byte_count, format, dataset, title, licence, attribution, is_default,
                        rows_read, rows_accepted, rows_rejected, rows_flagged, rows_duplicate, rejected_by_reason, flagged_by_quality, imported_at)
                    VALUES (\(descriptor.fileName), \(descriptor.contentSHA256), \(Int64(descriptor.byteCount)), \(descriptor.format),
                        \(descriptor.dataset), \(descriptor.title), \(descriptor.licence), \(descriptor.attribution), \(descriptor.isDefault),
                        0, 0, 0, 0, 0, '{}', '{}', \(importedAt))
                    RETURNING id
                    """
                var sourceID: Int64 = 0
                for try await id in try await connection.query(insertSource, logger: logger).decode(Int64.self) { sourceID = id }

                let clock = ContinuousClock()
                let started = clock.now
                let channel = ChunkChannel()
                let sink = try makeSink(sourceID: sourceID, channel: channel)
                defer { sink.removeSpools() }
                let box = UncheckedSink(sink: sink)
                let parsing = Task { try await Self.run(feed, into: box, channel: channel) }
                let fed: ImportCounts
                do {
                    // Rows of the streamed table go to the server while the file is still parsed.
                    if let first = await channel.next() {
                        try await connection.copyFrom(table: first.table, columns: first.columns, logger: logger) { writer in
                            try await writer.write(ByteBuffer(bytes: first.bytes))
                            channel.consumed()
                            while let chunk = await channel.next() {
                                try await writer.write(ByteBuffer(bytes: chunk.bytes))
                                channel.consumed()
                            }
                            // A failed parse ends the stream early: abort the COPY with its error.
                            _ = try await parsing.value
                        }
                    }
                    fed = try await parsing.value
                } catch {
                    channel.cancel()
                    _ = try? await parsing.value
                    throw error
                }
                let parsed = clock.now
                for spool in sink.spools where !spool.isLive {
                    try await copy(spool, connection)
                }
                let copied = clock.now
                let counts = fed.applying(try await flagRelativeOutliers(connection, sourceID: sourceID, policy: outlierPolicy))
                logger.debug(
                    "import phases",
                    metadata: [
                        "parse_and_streamed_copy": "\(parsed - started)", "spooled_copy": "\(copied - parsed)", "outliers": "\(clock.now - copied)",
                        "copy_bytes": "\(sink.spools.reduce(0) { $0 + $1.byteCount })",
                    ]
                )
                try await connection.query(
                    """
                    UPDATE source SET rows_read = \(Int64(counts.read)), rows_accepted = \(Int64(counts.accepted)),
                        rows_rejected = \(Int64(counts.rejected)), rows_flagged = \(Int64(counts.flagged)),
                        rows_duplicate = \(Int64(counts.duplicates)), rejected_by_reason = \(Self.json(counts.rejectedByReason)),
                        flagged_by_quality = \(Self.json(counts.flaggedByQuality))
                    WHERE id = \(sourceID)
                    """,
                    logger: logger
                )
                try await connection.query(
                    """
                    UPDATE store_metadata SET value = (value::bigint + 1)::text WHERE key = 'data_version'
                    """,
                    logger: logger
                )
                return SourceRecord(id: sourceID, descriptor: descriptor, counts: counts, importedAt: importedAt)
            }
        }
    }

    private func makeSink(sourceID: Int64, channel: ChunkChannel) throws -> PostgresImportSink {
        let client = client
        let logger = logger
        return try PostgresImportSink(sourceID: sourceID, channel: channel) { table, prefix in
            try Blocking.run {
                var keys: Set<String> = []
                let query: PostgresQuery =
                    switch table {
                    case .observation: "SELECT record_key FROM observation WHERE starts_with(record_key, \(prefix))"
                    case .distribution: "SELECT record_key FROM distribution WHERE starts_with(record_key, \(prefix))"
                    case .advertisedRange: "SELECT record_key FROM advertised_range WHERE starts_with(record_key, \(prefix))"
                    }
                for try await key in try await client.query(query, logger: logger).decode(String.self) { keys.insert(key) }
                return keys
            }
        }
    }

    /// Runs the synchronous feed on its own thread (it blocks while parsing, while the channel is
    /// full, and briefly while stored keys load), then ends the channel whatever happened.
    private static func run(
        _ feed: @escaping @Sendable (any ImportSink) throws -> ImportCounts,
        into box: UncheckedSink,
        channel: ChunkChannel
    ) async throws -> ImportCounts {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let counts = try feed(box.sink)
                    try box.sink.flushAll()
                    channel.finish()
                    continuation.resume(returning: counts)
                } catch {
                    channel.finish()
                    continuation.resume(throwing: error)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func copy(_ spool: CopySpool, _ connection: PostgresConnection) async throws {
        guard spool.rowCount > 0 else { return }
        try await connection.copyFrom(table: spool.table, columns: spool.columns, logger: logger) { writer in
            try await spool.chunks { data in try await writer.write(ByteBuffer(bytes: data)) }
        }
    }

    private func flagRelativeOutliers(
        _ connection: PostgresConnection,
        sourceID: Int64,
        policy: OutlierPolicy
    ) async throws -> [RelativeOutliers.Change] {
        var candidates: [RelativeOutliers.Candidate] = []
        let rows = try await connection.query(
            """
            SELECT id, country, hourly_usd_cents, quality FROM observation
            WHERE source_id = \(sourceID) AND quality IN ('ok', 'banded') ORDER BY id
            """,
            logger: logger
        )
        for try await (id, country, cents, quality) in rows.decode((Int64, String, Int64, String).self) {
            candidates.append(.init(id: id, country: country, hourly: Double(cents) / 100, quality: QualityFlag(rawValue: quality) ?? .ok))
        }
        let changes = RelativeOutliers.changes(candidates, policy: policy)
        guard !changes.isEmpty else { return changes }
        try await connection.query(
            """
            UPDATE observation AS o SET quality = c.quality, quality_rule = c.rule
            FROM unnest(\(changes.map(\.id)), \(changes.map(\.to.rawValue)), \(changes.map(\.rule))) AS c(id, quality, rule)
            WHERE o.id = c.id
            """,
            logger: logger
        )
        return changes
    }

    // MARK: Reads

    public func source(contentSHA256: String) async throws -> SourceRecord? {
        try await withErrorContext {
            try await client.withConnection { connection in
                try await Self.fetchSources(connection, whereSQL: "WHERE content_sha256 = $1", binds: [contentSHA256], logger: logger).first
            }
        }
    }

    public func sources() async throws -> [SourceRecord] {
        try await withErrorContext {
            try await client.withConnection { connection in
                try await Self.fetchSources(connection, whereSQL: "", binds: [], logger: logger)
            }
        }
    }

    public func deleteSource(id: Int64) async throws -> SourceRecord? {
        let logger = logger
        return try await withErrorContext {
            try await client.withTransaction(logger: logger) { connection in
                // Serialised with imports, whose duplicate checks read the stored keys.
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.importLock))", logger: logger)
                guard
                    let source = try await Self.fetchSources(connection, whereSQL: "WHERE id = $1::bigint", binds: [String(id)], logger: logger).first
                else {
                    return nil
                }
                try await connection.query("DELETE FROM source WHERE id = \(id)", logger: logger)
                try await connection.query("UPDATE store_metadata SET value = (value::bigint + 1)::text WHERE key = 'data_version'", logger: logger)
                return source
            }
        }
    }

    public func rejectedRows(sourceID: Int64?, limit: Int, offset: Int) async throws -> [RejectedRowRecord] {
        try await withErrorContext {
            let query: PostgresQuery = """
                SELECT source_id, line, field, value, reason, message FROM rejected_row
                WHERE \(sourceID)::bigint IS NULL OR source_id = \(sourceID)
                ORDER BY source_id, line, id LIMIT \(Int64(limit)) OFFSET \(Int64(offset))
                """
            var result: [RejectedRowRecord] = []
            for try await (source, line, field, value, reason, message) in try await client.query(query, logger: logger)
                .decode((Int64, Int64, String, String, String, String).self)
            {
                result.append(
                    RejectedRowRecord(
                        sourceID: source,
                        issue: RowIssue(
                            line: Int(line),
                            field: field,
                            value: value,
                            reason: RejectReason(rawValue: reason) ?? .invalidValue,
                            message: message
                        )
                    )
                )
            }
            return result
        }
    }

    private func count(_ query: PostgresQuery) async throws -> Int {
        try await withErrorContext {
            var value: Int64 = 0
            for try await count in try await client.query(query, logger: logger).decode(Int64.self) { value = count }
            return Int(value)
        }
    }

    public func observationCount() async throws -> Int { try await count("SELECT count(*) FROM observation") }
    public func distributionCount() async throws -> Int { try await count("SELECT count(*) FROM distribution") }
    public func advertisedRangeCount() async throws -> Int { try await count("SELECT count(*) FROM advertised_range") }

    public func advertisedRanges(_ query: AdvertisedRangeQuery) async throws -> [AdvertisedRange] {
        var select = FilteredSelect()
        select.matching("country", anyOf: query.countries?.map(\.alpha2).sorted())
        select.matching("source_id", anyOf: query.sourceIDs?.sorted())
        return try await rows(
            select.query(columns: PostgresRows.advertisedRangeColumns, from: "advertised_range", limit: query.limit),
            PostgresRows.advertisedRange
        )
    }
    public func dataVersion() async throws -> Int {
        try await count("SELECT value::bigint FROM store_metadata WHERE key = 'data_version'")
    }

    public func observations(_ query: ObservationQuery) async throws -> [Observation] {
        var select = FilteredSelect()
        select.matching("country", anyOf: query.countries?.map(\.alpha2).sorted())
        select.matching("role", anyOf: query.roles?.map(\.rawValue).sorted())
        select.matching("source_id", anyOf: query.sourceIDs?.sorted())
        if !query.includeOutliers { select.require("quality NOT IN ('outlier-low', 'outlier-high')") }
        return try await rows(
            select.query(columns: PostgresRows.observationColumns, from: "observation", limit: query.limit),
            PostgresRows.observation
        )
    }

    public func distributions(_ query: DistributionQuery) async throws -> [PublishedDistribution] {
        var select = FilteredSelect()
        select.matching("occupation_code", anyOf: query.occupationCodes?.sorted())
        select.matching("area_type", anyOf: query.areaTypes?.sorted())
        select.matching("source_id", anyOf: query.sourceIDs?.sorted())
        return try await rows(
            select.query(columns: PostgresRows.distributionColumns, from: "distribution", limit: query.limit),
            PostgresRows.distribution
        )
    }

    /// Runs a row query and decodes every row, with the store's error context.
    private func rows<Row>(_ query: PostgresQuery, _ decode: (PostgresRandomAccessRow) throws -> Row) async throws -> [Row] {
        try await withErrorContext {
            var result: [Row] = []
            for try await row in try await client.query(query, logger: logger) { result.append(try decode(row.makeRandomAccess())) }
            return result
        }
    }

    /// A `SELECT` of one table's rows in id order, narrowed by `column = ANY($n)` filters, with an
    /// optional limit: the shape of every row query the store serves.
    private struct FilteredSelect {
        private var clauses: [String] = []
        private var binds = PostgresBindings()

        /// Keeps rows whose `column` is one of `values`; nil leaves the column unfiltered.
        mutating func matching<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>(_ column: String, anyOf values: [Element]?) {
            guard let values else { return }
            binds.append(values)
            clauses.append("\(column) = ANY($\(binds.count))")
        }

        /// Adds a condition with no parameters.
        mutating func require(_ condition: String) { clauses.append(condition) }

        func query(columns: String, from table: String, limit: Int?) -> PostgresQuery {
            var binds = binds
            var sql = "SELECT \(columns) FROM \(table)"
            if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
            sql += " ORDER BY id"
            if let limit {
                binds.append(Int64(limit))
                sql += " LIMIT $\(binds.count)"
            }
            return PostgresQuery(unsafeSQL: sql, binds: binds)
        }
    }

    /// Histogram cells computed in the database: only one row per (country, level, bin) leaves
    /// the server, so a report over tens of millions of observations moves kilobytes, not gigabytes.
    /// The level and bin expressions mirror `Experience.level` and `LogHistogram`'s IEEE-bit bins
    /// exactly (see `PostgresRows.histogramSQL`).
    public func hourlyHistogram(_ query: HistogramQuery) async throws -> [HistogramCell] {
        try await withErrorContext {
            var binds = PostgresBindings()
            binds.append(query.boundaries.mid)
            binds.append(query.boundaries.senior)
            binds.append(query.boundaries.lead)
            binds.append(query.lowerBound)
            binds.append(query.upperBound)
            var filter = "quality NOT IN ('outlier-low', 'outlier-high')"
            if let roles = query.roles {
                binds.append(roles.map(\.rawValue).sorted())
                filter += " AND role = ANY($\(binds.count))"
            }
            let sql = PostgresRows.histogramSQL(filter: filter)
            var cells: [HistogramCell] = []
            for try await (country, level, bin, weight, minimum, maximum) in try await client.query(
                PostgresQuery(unsafeSQL: sql, binds: binds),
                logger: logger
            )
            .decode((String, String, Int64, Double, Double, Double).self) {
                guard let code = CountryCode(country), let level = ExperienceLevel(rawValue: level) else { continue }
                cells.append(HistogramCell(country: code, level: level, bin: Int(bin), weight: weight, minimum: minimum, maximum: maximum))
            }
            return cells
        }
    }

    // MARK: Model snapshots

    public func saveModelSnapshot(_ snapshot: ModelSnapshot) async throws {
        try await withErrorContext {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO model_snapshot (data_version, fitted_at, payload)
                    VALUES (\(Int64(snapshot.dataVersion)), \(snapshot.fittedAt), \(snapshot.payload))
                    """,
                    logger: logger
                )
                // Keep the last few: a snapshot is several megabytes.
                try await connection.query(
                    """
                    DELETE FROM model_snapshot WHERE id NOT IN (SELECT id FROM model_snapshot ORDER BY id DESC LIMIT 3)
                    """,
                    logger: logger
                )
            }
        }
    }

    public func saveExchangeRates(_ table: StoredExchangeRates) async throws {
        try await withErrorContext {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM exchange_rate_table", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO exchange_rate_table (imported_at, first_date, last_date, csv)
                    VALUES (\(table.importedAt), \(table.firstDate), \(table.lastDate), \(table.csv))
                    """,
                    logger: logger
                )
            }
        }
    }

    public func storedExchangeRates() async throws -> StoredExchangeRates? {
        try await withErrorContext {
            var stored: StoredExchangeRates?
            for try await (csv, first, last, importedAt) in try await client.query(
                """
                SELECT csv, first_date, last_date, imported_at FROM exchange_rate_table ORDER BY id DESC LIMIT 1
                """,
                logger: logger
            ).decode((Data, String, String, Timestamp).self) {
                stored = StoredExchangeRates(csv: csv, firstDate: first, lastDate: last, importedAt: importedAt)
            }
            return stored
        }
    }

    public func storedExchangeRatesInfo() async throws -> StoredExchangeRatesInfo? {
        try await withErrorContext {
            var info: StoredExchangeRatesInfo?
            for try await (last, importedAt) in try await client.query(
                """
                SELECT last_date, imported_at FROM exchange_rate_table ORDER BY id DESC LIMIT 1
                """,
                logger: logger
            ).decode((String, Timestamp).self) {
                info = StoredExchangeRatesInfo(lastDate: last, importedAt: importedAt)
            }
            return info
        }
    }

    public func latestModelSnapshot() async throws -> ModelSnapshot? {
        try await withErrorContext {
            var snapshot: ModelSnapshot?
            for try await (version, fittedAt, payload) in try await client.query(
                """
                SELECT data_version, fitted_at, payload FROM model_snapshot ORDER BY id DESC LIMIT 1
                """,
                logger: logger
            ).decode((Int64, Timestamp, Data).self) {
                snapshot = ModelSnapshot(dataVersion: Int(version), fittedAt: fittedAt, payload: payload)
            }
            return snapshot
        }
    }

    public func latestModelSnapshotInfo() async throws -> ModelSnapshotInfo? {
        try await withErrorContext {
            var info: ModelSnapshotInfo?
            for try await (version, fittedAt) in try await client.query(
                """
                SELECT data_version, fitted_at FROM model_snapshot ORDER BY id DESC LIMIT 1
                """,
                logger: logger
            ).decode((Int64, Timestamp).self) {
                info = ModelSnapshotInfo(dataVersion: Int(version), fittedAt: fittedAt)
            }
            return info
        }
    }

    // MARK: Helpers

    static func fetchSources(
        _ connection: PostgresConnection,
        whereSQL: String,
        binds values: [String],
        logger: Logger
    ) async throws -> [SourceRecord] {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        let sql = """
            SELECT id, file_name, content_sha256, byte_count, format, dataset, title, licence, attribution, is_default,
                rows_read, rows_accepted, rows_rejected, rows_flagged, rows_duplicate, rejected_by_reason, flagged_by_quality, imported_at
            FROM source \(whereSQL) ORDER BY id
            """
        var result: [SourceRecord] = []
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            let cells = row.makeRandomAccess()
            var counts = ImportCounts()
            counts.read = Int(try cells[10].decode(Int64.self))
            counts.accepted = Int(try cells[11].decode(Int64.self))
            counts.rejected = Int(try cells[12].decode(Int64.self))
            counts.flagged = Int(try cells[13].decode(Int64.self))
            counts.duplicates = Int(try cells[14].decode(Int64.self))
            counts.rejectedByReason = decodeCounts(try cells[15].decode(String.self))
            counts.flaggedByQuality = decodeCounts(try cells[16].decode(String.self))
            result.append(
                SourceRecord(
                    id: try cells[0].decode(Int64.self),
                    descriptor: SourceDescriptor(
                        fileName: try cells[1].decode(String.self),
                        contentSHA256: try cells[2].decode(String.self),
                        byteCount: Int(try cells[3].decode(Int64.self)),
                        format: try cells[4].decode(String.self),
                        dataset: try cells[5].decode(String.self),
                        title: try cells[6].decode(String.self),
                        licence: try cells[7].decode(String.self),
                        attribution: try cells[8].decode(String.self),
                        isDefault: try cells[9].decode(Bool.self)
                    ),
                    counts: counts,
                    importedAt: try cells[17].decode(Timestamp.self)
                )
            )
        }
        return result
    }

    static func json(_ counts: [String: Int]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: counts, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeCounts(_ text: String) -> [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(text.utf8))) ?? [:]
    }
}

/// The sink crosses to the parsing thread and back; only one thread uses it at a time.
private struct UncheckedSink: @unchecked Sendable {
    let sink: PostgresImportSink
}

/// Runs async work from a thread that may block (the import's parsing thread, never a
/// concurrency pool thread) and waits for its result.
enum Blocking {
    final class Box<T>: @unchecked Sendable { var result: Result<T, any Error>? }

    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let box = Box<T>()
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            semaphore.signal()
        }
        semaphore.wait()
        return try box.result!.get()
    }
}

extension PostgresStore {
    /// Creates an empty database on this store's server (for test helpers and first-time set-up).
    /// The name must be a plain identifier: it cannot be a bound parameter in `CREATE DATABASE`.
    public func createDatabase(named name: String) async throws {
        try Self.checkIdentifier(name)
        try await withErrorContext {
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'"), logger: logger)
        }
    }

    /// Drops a database on this store's server if it exists.
    public func dropDatabase(named name: String) async throws {
        try Self.checkIdentifier(name)
        try await withErrorContext {
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    static func checkIdentifier(_ name: String) throws {
        guard !name.isEmpty, name.count <= 63, name.first.map({ $0.isLetter || $0 == "_" }) == true,
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else {
            throw StoreError.unavailable("'\(name)' is not a plain database name (lower-case letters, digits and _ only)")
        }
    }
}
