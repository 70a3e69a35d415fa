import PostgresNIO
import RateCore
import RateStore

extension PostgresStore {
    public func createAPIToken(name: String, scope: TokenScope, tokenSHA256: String, createdAt: Timestamp) async throws -> APITokenRecord {
        try await withErrorContext {
            var id: Int64 = 0
            for try await value in try await client.query(
                """
                INSERT INTO api_token (name, scope, token_sha256, created_at) VALUES (\(name), \(scope.rawValue), \(tokenSHA256), \(createdAt))
                RETURNING id
                """,
                logger: logger
            ).decode(Int64.self) { id = value }
            return APITokenRecord(id: id, name: name, scope: scope, tokenSHA256: tokenSHA256, createdAt: createdAt)
        }
    }

    public func apiToken(sha256: String) async throws -> APITokenRecord? {
        try await fetchTokens("SELECT id, name, scope, token_sha256, created_at, revoked_at FROM api_token WHERE token_sha256 = \(sha256)").first
    }

    public func apiTokens() async throws -> [APITokenRecord] {
        try await fetchTokens("SELECT id, name, scope, token_sha256, created_at, revoked_at FROM api_token ORDER BY id")
    }

    private func fetchTokens(_ query: PostgresQuery) async throws -> [APITokenRecord] {
        try await withErrorContext {
            var result: [APITokenRecord] = []
            for try await (id, name, scope, hash, created, revoked) in try await client.query(query, logger: logger)
                .decode((Int64, String, String, String, Timestamp, Timestamp?).self)
            {
                result.append(
                    APITokenRecord(
                        id: id,
                        name: name,
                        scope: TokenScope(rawValue: scope) ?? .import,
                        tokenSHA256: hash,
                        createdAt: created,
                        revokedAt: revoked
                    )
                )
            }
            return result
        }
    }

    public func revokeAPIToken(id: Int64, at: Timestamp) async throws -> Bool {
        try await withErrorContext {
            var changed = false
            for try await _ in try await client.query(
                """
                UPDATE api_token SET revoked_at = \(at) WHERE id = \(id) AND revoked_at IS NULL RETURNING id
                """,
                logger: logger
            ).decode(Int64.self) { changed = true }
            return changed
        }
    }

    public func addSelfReport(_ observation: Observation, clientKey: String, submittedAt: Timestamp) async throws -> Int64 {
        let payload = try SelfReportCoding.encode(observation)
        return try await withErrorContext {
            var id: Int64 = 0
            for try await value in try await client.query(
                """
                INSERT INTO self_report (submitted_at, client_key, status, observation) VALUES (\(submittedAt), \(clientKey), 'pending', \(payload))
                RETURNING id
                """,
                logger: logger
            ).decode(Int64.self) { id = value }
            return id
        }
    }

    public func selfReports(status: SelfReportStatus?, ids: [Int64]?, limit: Int) async throws -> [SelfReportRecord] {
        try await withErrorContext {
            let query: PostgresQuery = """
                SELECT id, submitted_at, client_key, status, observation, decided_at, source_id FROM self_report
                WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
                  AND (\(ids == nil) OR id = ANY(\(ids ?? [])))
                ORDER BY id LIMIT \(Int64(limit))
                """
            var result: [SelfReportRecord] = []
            for try await (id, submitted, client, status, payload, decided, source) in try await client.query(query, logger: logger)
                .decode((Int64, Timestamp, String, String, String, Timestamp?, Int64?).self)
            {
                result.append(
                    SelfReportRecord(
                        id: id,
                        submittedAt: submitted,
                        clientKey: client,
                        status: SelfReportStatus(rawValue: status) ?? .pending,
                        observation: try SelfReportCoding.decode(payload),
                        decidedAt: decided,
                        sourceID: source
                    )
                )
            }
            return result
        }
    }

    public func decideSelfReports(ids: [Int64], status: SelfReportStatus, decidedAt: Timestamp, sourceID: Int64?) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await withErrorContext {
            var changed = 0
            for try await _ in try await client.query(
                """
                UPDATE self_report SET status = \(status.rawValue), decided_at = \(decidedAt), source_id = \(sourceID)
                WHERE status = 'pending' AND id = ANY(\(ids)) RETURNING id
                """,
                logger: logger
            ).decode(Int64.self) { changed += 1 }
            return changed
        }
    }
}
