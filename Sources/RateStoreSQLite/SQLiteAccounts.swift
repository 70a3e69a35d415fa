import GRDB
import RateCore
import RateStore

extension SQLiteStore {
    public func createAPIToken(name: String, scope: TokenScope, tokenSHA256: String, createdAt: Timestamp) async throws -> APITokenRecord {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO api_token (name, scope, token_sha256, created_at) VALUES (?, ?, ?, ?)",
                arguments: [name, scope.rawValue, tokenSHA256, createdAt]
            )
            return APITokenRecord(id: db.lastInsertedRowID, name: name, scope: scope, tokenSHA256: tokenSHA256, createdAt: createdAt)
        }
    }

    public func apiToken(sha256: String) async throws -> APITokenRecord? {
        try await writer.read { db in try Self.fetchTokens(db, whereSQL: "WHERE token_sha256 = ?", arguments: [sha256]).first }
    }

    public func apiTokens() async throws -> [APITokenRecord] {
        try await writer.read { db in try Self.fetchTokens(db, whereSQL: "", arguments: []) }
    }

    public func revokeAPIToken(id: Int64, at: Timestamp) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [at, id])
            return db.changesCount > 0
        }
    }

    static func fetchTokens(_ db: Database, whereSQL: String, arguments: StatementArguments) throws -> [APITokenRecord] {
        try Row.fetchAll(
            db,
            sql: "SELECT id, name, scope, token_sha256, created_at, revoked_at FROM api_token \(whereSQL) ORDER BY id",
            arguments: arguments
        ).map { row in
            APITokenRecord(
                id: row[0],
                name: row[1],
                scope: TokenScope(rawValue: row[2]) ?? .import,
                tokenSHA256: row[3],
                createdAt: try row.decode(atIndex: 4),
                revokedAt: try row.decode(atIndex: 5)
            )
        }
    }

    public func addSelfReport(_ observation: Observation, clientKey: String, submittedAt: Timestamp) async throws -> Int64 {
        let payload = try SelfReportCoding.encode(observation)
        return try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO self_report (submitted_at, client_key, status, observation) VALUES (?, ?, 'pending', ?)",
                arguments: [submittedAt, clientKey, payload]
            )
            return db.lastInsertedRowID
        }
    }

    public func selfReports(status: SelfReportStatus?, ids: [Int64]?, limit: Int) async throws -> [SelfReportRecord] {
        try await writer.read { db in
            var clauses: [String] = []
            var arguments = StatementArguments()
            if let status {
                clauses.append("status = ?")
                arguments += [status.rawValue]
            }
            if let ids {
                clauses.append("id IN (\(Array(repeating: "?", count: max(1, ids.count)).joined(separator: ",")))")
                if ids.isEmpty { arguments += [-1] } else { for id in ids { arguments += [id] } }
            }
            let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            arguments += [limit]
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT id, submitted_at, client_key, status, observation, decided_at, source_id FROM self_report \(filter) ORDER BY id LIMIT ?
                    """,
                arguments: arguments
            ).map { row in
                SelfReportRecord(
                    id: row[0],
                    submittedAt: try row.decode(atIndex: 1),
                    clientKey: row[2],
                    status: SelfReportStatus(rawValue: row[3]) ?? .pending,
                    observation: try SelfReportCoding.decode(row[4]),
                    decidedAt: try row.decode(atIndex: 5),
                    sourceID: row[6]
                )
            }
        }
    }

    public func decideSelfReports(ids: [Int64], status: SelfReportStatus, decidedAt: Timestamp, sourceID: Int64?) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await writer.write { db in
            var arguments: StatementArguments = [status.rawValue, decidedAt, sourceID]
            for id in ids { arguments += [id] }
            try db.execute(
                sql: """
                    UPDATE self_report SET status = ?, decided_at = ?, source_id = ?
                    WHERE status = 'pending' AND id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))
                    """,
                arguments: arguments
            )
            return db.changesCount
        }
    }
}
