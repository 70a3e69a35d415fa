import Foundation
import GRDB
import RateCore
import RateStore

/// The embedded store: one SQLite file (or memory), through GRDB.
///
/// A file store uses a `DatabasePool` (WAL: readers never wait for an import); an in-memory one a
/// `DatabaseQueue`. Each import is one write transaction, so a crash or `kill -9` mid-import
/// leaves the file as it was before that import.
public final class SQLiteStore: RateStore {
    let writer: any DatabaseWriter
    /// Where the data lives, for messages (`:memory:` or a path).
    public let location: String

    /// Opens (creating the file if needed) a store at `path`, or in memory for `":memory:"`.
    ///
    /// The file's directory must exist unless `createDirectory` is set: a mistyped `--database`
    /// should be refused, not silently create a tree of directories. Only RateCard's own default
    /// location (under `$XDG_DATA_HOME`) is created on first use.
    public init(path: String, createDirectory: Bool = false) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "RateCard"
        configuration.prepareDatabase { db in
            // A larger page cache keeps the observation indexes in memory during bulk imports.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        location = path
        if path == ":memory:" {
            writer = try DatabaseQueue(configuration: configuration)
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw StoreError.unusablePath(
                    path,
                    reason:
                        "it is a directory; give a file path such as '\(URL(fileURLWithPath: path).appendingPathComponent("ratecard.sqlite").path)'"
                )
            }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            if createDirectory {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } else if !FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
                throw StoreError.unusablePath(
                    path,
                    reason: "the directory '\(directory.path)' does not exist; create it first, or choose another --database"
                )
            }
            writer = try DatabasePool(path: path, configuration: configuration)
        }
    }

    /// An in-memory store, for tests and dry runs.
    public static func inMemory() throws -> SQLiteStore { try SQLiteStore(path: ":memory:") }

    public func migrate() async throws {
        // Migrating is quick and happens once at start-up; GRDB runs it in its own write transaction.
        try SQLiteSchema.migrator.migrate(writer)
    }

    public func importSource(
        _ descriptor: SourceDescriptor,
        importedAt: Timestamp,
        outlierPolicy: OutlierPolicy,
        feed: @escaping @Sendable (any ImportSink) throws -> ImportCounts
    ) async throws -> SourceRecord {
        try await writer.write { db in
            if let existing = try Self.fetchSources(db, whereSQL: "WHERE content_sha256 = ?", arguments: [descriptor.contentSHA256]).first {
                throw StoreError.alreadyImported(existing)
            }
            try db.execute(
                sql: """
                    INSERT INTO source (file_name, content_sha256, byte_count, format, dataset, title, licence, attribution, is_default,
                        rows_read, rows_accepted, rows_rejected, rows_flagged, rows_duplicate, rejected_by_reason, flagged_by_quality, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, '{}', '{}', ?)
                    """,
                arguments: [
                    descriptor.fileName, descriptor.contentSHA256, descriptor.byteCount, descriptor.format, descriptor.dataset,
                    descriptor.title, descriptor.licence, descriptor.attribution, descriptor.isDefault, importedAt,
                ]
            )
            let sourceID = db.lastInsertedRowID
            let sink = try SQLiteImportSink(db: db, sourceID: sourceID)
            let fed = try feed(sink)
            let counts = fed.applying(try Self.flagRelativeOutliers(db, sourceID: sourceID, policy: outlierPolicy))
            try db.execute(
                sql: """
                    UPDATE source SET rows_read = ?, rows_accepted = ?, rows_rejected = ?, rows_flagged = ?, rows_duplicate = ?,
                        rejected_by_reason = ?, flagged_by_quality = ? WHERE id = ?
                    """,
                arguments: [
                    counts.read, counts.accepted, counts.rejected, counts.flagged, counts.duplicates,
                    Self.json(counts.rejectedByReason), Self.json(counts.flaggedByQuality), sourceID,
                ]
            )
            try db.execute(sql: "UPDATE store_metadata SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'")
            return SourceRecord(id: sourceID, descriptor: descriptor, counts: counts, importedAt: importedAt)
        }
    }

    /// Applies the relative outlier rule per country within this source; returns each change of flag.
    static func flagRelativeOutliers(_ db: Database, sourceID: Int64, policy: OutlierPolicy) throws -> [RelativeOutliers.Change] {
        var candidates: [RelativeOutliers.Candidate] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, country, hourly_usd_cents, quality FROM observation WHERE source_id = ? AND quality IN ('ok', 'banded') ORDER BY id
                """,
            arguments: [sourceID]
        )
        while let row = try rows.next() {
            candidates.append(
                .init(id: row[0], country: row[1], hourly: Double(row[2] as Int64) / 100, quality: QualityFlag(rawValue: row[3]) ?? .ok)
            )
        }
        let changes = RelativeOutliers.changes(candidates, policy: policy)
        let update = try db.makeStatement(sql: "UPDATE observation SET quality = ?, quality_rule = ? WHERE id = ?")
        for change in changes { try update.execute(arguments: [change.to.rawValue, change.rule, change.id]) }
        return changes
    }

    public func source(contentSHA256: String) async throws -> SourceRecord? {
        try await writer.read { db in
            try Self.fetchSources(db, whereSQL: "WHERE content_sha256 = ?", arguments: [contentSHA256]).first
        }
    }

    public func sources() async throws -> [SourceRecord] {
        try await writer.read { db in try Self.fetchSources(db, whereSQL: "", arguments: []) }
    }

    public func deleteSource(id: Int64) async throws -> SourceRecord? {
        try await writer.write { db in
            guard let source = try Self.fetchSources(db, whereSQL: "WHERE id = ?", arguments: [id]).first else { return nil }
            // Rows go with their source (ON DELETE CASCADE); self-reports keep their moderation record.
            try db.execute(sql: "DELETE FROM source WHERE id = ?", arguments: [id])
            try db.execute(sql: "UPDATE store_metadata SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'")
            return source
        }
    }

    public func rejectedRows(sourceID: Int64?, limit: Int, offset: Int) async throws -> [RejectedRowRecord] {
        try await writer.read { db in
            let filter = sourceID == nil ? "" : "WHERE source_id = ?"
            var arguments: StatementArguments = sourceID.map { [$0] } ?? []
            arguments += [limit, offset]
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT source_id, line, field, value, reason, message FROM rejected_row \(filter)
                    ORDER BY source_id, line LIMIT ? OFFSET ?
                    """,
                arguments: arguments
            ).map { row in
                RejectedRowRecord(
                    sourceID: row[0],
                    issue: RowIssue(
                        line: row[1],
                        field: row[2],
                        value: row[3],
                        reason: RejectReason(rawValue: row[4]) ?? .invalidValue,
                        message: row[5]
                    )
                )
            }
        }
    }

    public func observationCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM observation") ?? 0 }
    }

    public func distributionCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM distribution") ?? 0 }
    }

    public func advertisedRangeCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM advertised_range") ?? 0 }
    }

    public func advertisedRanges(_ query: AdvertisedRangeQuery) async throws -> [AdvertisedRange] {
        var select = FilteredSelect()
        select.matching("country", anyOf: query.countries?.map(\.alpha2).sorted())
        select.matching("source_id", anyOf: query.sourceIDs?.sorted())
        return try await rows(
            select,
            columns: SQLiteRows.advertisedRangeColumns,
            from: "advertised_range",
            limit: query.limit,
            SQLiteRows.advertisedRange
        )
    }

    public func dataVersion() async throws -> Int {
        try await writer.read { db in
            Int(try String.fetchOne(db, sql: "SELECT value FROM store_metadata WHERE key = 'data_version'") ?? "0") ?? 0
        }
    }

    public func observations(_ query: ObservationQuery) async throws -> [Observation] {
        var select = FilteredSelect()
        select.matching("country", anyOf: query.countries?.map(\.alpha2).sorted())
        select.matching("role", anyOf: query.roles?.map(\.rawValue).sorted())
        select.matching("source_id", anyOf: query.sourceIDs?.sorted())
        if !query.includeOutliers { select.require("quality NOT IN ('outlier-low', 'outlier-high')") }
        return try await rows(select, columns: SQLiteRows.observationColumns, from: "observation", limit: query.limit, SQLiteRows.observation)
    }

    public func distributions(_ query: DistributionQuery) async throws -> [PublishedDistribution] {
        var select = FilteredSelect()
        select.matching("occupation_code", anyOf: query.occupationCodes?.sorted())
        select.matching("area_type", anyOf: query.areaTypes?.sorted())
        select.matching("source_id", anyOf: query.sourceIDs?.sorted())
        return try await rows(select, columns: "*", from: "distribution", limit: query.limit, SQLiteRows.distribution)
    }

    /// Reads a filtered select's rows through a cursor, decoding each as it comes.
    private func rows<Value: Sendable>(
        _ select: FilteredSelect,
        columns: String,
        from table: String,
        limit: Int?,
        _ decode: @escaping @Sendable (Row) -> Value
    ) async throws -> [Value] {
        let (sql, arguments) = select.statement(columns: columns, from: table, limit: limit)
        return try await writer.read { db in
            var result: [Value] = []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() { result.append(decode(row)) }
            return result
        }
    }

    /// A `SELECT` of one table's rows in id order, narrowed by `column IN (…)` filters, with an
    /// optional limit: the shape of every row query the store serves.
    private struct FilteredSelect {
        private var clauses: [String] = []
        private var arguments = StatementArguments()

        /// Keeps rows whose `column` is one of `values`; nil leaves the column unfiltered.
        mutating func matching(_ column: String, anyOf values: [some DatabaseValueConvertible]?) {
            guard let values else { return }
            clauses.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ",")))")
            for value in values { arguments += [value] }
        }

        /// Adds a condition with no parameters.
        mutating func require(_ condition: String) { clauses.append(condition) }

        func statement(columns: String, from table: String, limit: Int?) -> (String, StatementArguments) {
            var arguments = arguments
            var sql = "SELECT \(columns) FROM \(table)"
            if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
            sql += " ORDER BY id"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return (sql, arguments)
        }
    }

    public func saveModelSnapshot(_ snapshot: ModelSnapshot) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO model_snapshot (data_version, fitted_at, payload) VALUES (?, ?, ?)",
                arguments: [snapshot.dataVersion, snapshot.fittedAt, snapshot.payload]
            )
            // Keep the last few: a snapshot is several megabytes.
            try db.execute(sql: "DELETE FROM model_snapshot WHERE id NOT IN (SELECT id FROM model_snapshot ORDER BY id DESC LIMIT 3)")
        }
    }

    public func latestModelSnapshot() async throws -> ModelSnapshot? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT data_version, fitted_at, payload FROM model_snapshot ORDER BY id DESC LIMIT 1").map { row in
                ModelSnapshot(dataVersion: row[0], fittedAt: try row.decode(atIndex: 1), payload: row[2])
            }
        }
    }

    public func latestModelSnapshotInfo() async throws -> ModelSnapshotInfo? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT data_version, fitted_at FROM model_snapshot ORDER BY id DESC LIMIT 1").map { row in
                ModelSnapshotInfo(dataVersion: row[0], fittedAt: try row.decode(atIndex: 1))
            }
        }
    }

    public func saveExchangeRates(_ table: StoredExchangeRates) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM exchange_rate_table")
            try db.execute(
                sql: "INSERT INTO exchange_rate_table (imported_at, first_date, last_date, csv) VALUES (?, ?, ?, ?)",
                arguments: [table.importedAt, table.firstDate, table.lastDate, table.csv]
            )
        }
    }

    public func storedExchangeRates() async throws -> StoredExchangeRates? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT csv, first_date, last_date, imported_at FROM exchange_rate_table ORDER BY id DESC LIMIT 1").map { row in
                StoredExchangeRates(csv: row[0], firstDate: row[1], lastDate: row[2], importedAt: try row.decode(atIndex: 3))
            }
        }
    }

    public func storedExchangeRatesInfo() async throws -> StoredExchangeRatesInfo? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT last_date, imported_at FROM exchange_rate_table ORDER BY id DESC LIMIT 1").map { row in
                StoredExchangeRatesInfo(lastDate: row[0], importedAt: try row.decode(atIndex: 1))
            }
        }
    }

    static func fetchSources(_ db: Database, whereSQL: String, arguments: StatementArguments) throws -> [SourceRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM source \(whereSQL) ORDER BY id", arguments: arguments).map { row in
            var counts = ImportCounts()
            counts.read = row["rows_read"]
            counts.accepted = row["rows_accepted"]
            counts.rejected = row["rows_rejected"]
            counts.flagged = row["rows_flagged"]
            counts.duplicates = row["rows_duplicate"]
            counts.rejectedByReason = decodeCounts(row["rejected_by_reason"])
            counts.flaggedByQuality = decodeCounts(row["flagged_by_quality"])
            return SourceRecord(
                id: row["id"],
                descriptor: SourceDescriptor(
                    fileName: row["file_name"],
                    contentSHA256: row["content_sha256"],
                    byteCount: row["byte_count"],
                    format: row["format"],
                    dataset: row["dataset"],
                    title: row["title"],
                    licence: row["licence"],
                    attribution: row["attribution"],
                    isDefault: row["is_default"]
                ),
                counts: counts,
                importedAt: try row.decode(forColumn: "imported_at")
            )
        }
    }

    static func json(_ counts: [String: Int]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: counts, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeCounts(_ text: String) -> [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(text.utf8))) ?? [:]
    }
}
