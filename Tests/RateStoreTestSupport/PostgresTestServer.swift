import Foundation
import Logging
import PostgresNIO
import RateStore
import RateStorePostgres
import Synchronization

/// The PostgreSQL server named by `RATECARD_TEST_POSTGRES`, if any (`scripts/with-postgres.sh`
/// starts a throwaway one). Each caller gets a new, empty database on it.
public enum PostgresTestServer {
    public static let environmentKey = "RATECARD_TEST_POSTGRES"

    /// The server's URL when the variable is set; tests over PostgreSQL are enabled by this.
    public static var url: String? {
        guard let text = ProcessInfo.processInfo.environment[environmentKey], !text.isEmpty else { return nil }
        return text
    }

    public static var isAvailable: Bool { url != nil }

    /// A URL to a fresh database named `ratecard_test_…`. Refuses any server that is not on this
    /// machine: these tests create and fill databases freely.
    public static func freshDatabaseURL() async throws -> String {
        guard let url else { throw StoreError.unavailable("\(environmentKey) is not set") }
        let server = try PostgresLocation(url: url)
        guard server.isLocal else {
            throw StoreError.unavailable(
                "\(environmentKey) names \(server.host); the tests only use a server on this machine (localhost, 127.0.0.1, ::1 or a socket)"
            )
        }
        // The creation time is in the name, so leftovers of earlier runs can be told from the
        // databases of a test process running right now.
        let created = Int(Date().timeIntervalSince1970)
        let name = "ratecard_test_\(created)_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = PostgresStore(location: server)
        defer { admin.close() }
        if leftoversChecked.claim() { try await dropLeftovers(admin: admin, server: server, olderThan: created - 6 * 3600) }
        try await admin.createDatabase(named: name)
        var location = server
        location.database = name
        var text = "postgres://\(location.username)@\(location.host):\(location.port)/\(name)"
        if location.tlsMode != .prefer { text += "?sslmode=\(location.tlsMode.rawValue)" }
        return text
    }

    /// Drops test databases made more than six hours ago (tests never drop their own: the CI
    /// cluster is thrown away, and a developer's server is tidied by the next run).
    static func dropLeftovers(admin: PostgresStore, server: PostgresLocation, olderThan cutoff: Int) async throws {
        let client = PostgresClient(
            configuration: .init(
                host: server.host,
                port: server.port,
                username: server.username,
                password: server.password,
                database: server.database,
                tls: .disable
            )
        )
        let names = try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            var names: [String] = []
            for try await name in try await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'ratecard\\_test\\_%'").decode(
                String.self
            ) {
                names.append(name)
            }
            return names
        }
        for name in names {
            let parts = name.split(separator: "_")
            guard parts.count == 4, let created = Int(parts[2]), created < cutoff else { continue }
            try? await admin.dropDatabase(named: name)
        }
    }

    /// Once per test process.
    static let leftoversChecked = Once()

    public final class Once: Sendable {
        private let done = Atomic<Bool>(false)
        /// `true` the first time only.
        public func claim() -> Bool { !done.exchange(true, ordering: .acquiringAndReleasing) }
    }

    /// A migrated store on a fresh database.
    public static func freshStore() async throws -> PostgresStore {
        let store = try PostgresStore(url: try await freshDatabaseURL())
        try await store.migrate()
        return store
    }
}

extension PostgresTestServer {
    /// Bytes a `COPY ... FROM STDIN` into `database` has received so far (0 when none runs), from
    /// `pg_stat_progress_copy`: lets a test kill an importer while its transaction is open.
    public static func bytesBeingCopied(databaseURL: String) async throws -> Int64 {
        let location = try PostgresLocation(url: databaseURL)
        let client = PostgresClient(
            configuration: .init(
                host: location.host,
                port: location.port,
                username: location.username,
                password: location.password,
                database: location.database,
                tls: .disable
            )
        )
        return try await withThrowingTaskGroup(of: Int64?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            var bytes: Int64 = 0
            for try await value in try await client.query(
                """
                SELECT coalesce(max(bytes_processed), 0)::bigint FROM pg_stat_progress_copy WHERE datname = current_database()
                """
            ).decode(Int64.self) { bytes = value }
            return bytes
        }
    }
}
