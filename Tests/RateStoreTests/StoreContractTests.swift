import Foundation
import RateStore
import RateStoreSQLite
import RateStoreTestSupport
import Testing

/// The store contract, against every backend available here: SQLite always, PostgreSQL when
/// `RATECARD_TEST_POSTGRES` names a local server (`scripts/with-postgres.sh swift test`).
@Suite("Store contract")
struct StoreContractTests {
    static let sqliteBackends: [StoreContract.Backend] = [
        StoreContract.Backend(name: "SQLite in memory") {
            let store = try SQLiteStore.inMemory()
            try await store.migrate()
            return store
        },
        StoreContract.Backend(name: "SQLite file (WAL)") {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("ratecard-contract-\(UUID()).sqlite").path
            let store = try SQLiteStore(path: path)
            try await store.migrate()
            return store
        },
    ]

    static let cases = StoreContract.cases.map(\.name)

    static func run(_ caseName: String, on store: any RateStore) async throws {
        let run = StoreContract.cases.first { $0.name == caseName }!.run
        try await run(store)
    }

    @Test(arguments: sqliteBackends, cases)
    func contract(backend: StoreContract.Backend, caseName: String) async throws {
        try await Self.run(caseName, on: try await backend.make())
    }

    @Test("contract on PostgreSQL", .enabled(if: PostgresTestServer.isAvailable, "RATECARD_TEST_POSTGRES is not set: run scripts/with-postgres.sh swift test"),
          arguments: cases)
    func postgresContract(caseName: String) async throws {
        let store = try await PostgresTestServer.freshStore()
        defer { store.close() }
        try await Self.run(caseName, on: store)
    }
}
