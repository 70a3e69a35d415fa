import Foundation
import RateStore
import RateStorePostgres
import RateStoreSQLite
import RateStoreTestSupport
import RateTestSupport
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
            let path = TemporaryFiles.path("contract")
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

    @Test(
        "contract on PostgreSQL",
        .tags(.postgres),
        .enabled(if: PostgresTestServer.isAvailable, "RATECARD_TEST_POSTGRES is not set: run scripts/with-postgres.sh swift test"),
        arguments: cases
    )
    func postgresContract(caseName: String) async throws {
        let store = try await PostgresTestServer.freshStore()
        defer { store.close() }
        try await Self.run(caseName, on: store)
    }
}

@Suite("PostgreSQL store without a server")
struct PostgresUnreachableTests {
    /// The connection pool would retry for ever; a wrong URL must fail at once and say why.
    @Test func anUnreachableServerFailsFastWithAMessage() async throws {
        let store = try PostgresStore(url: "postgres://ratecard@127.0.0.1:1/none?sslmode=disable")
        defer { store.close() }
        let started = ContinuousClock.now
        do {
            try await store.migrate()
            Issue.record("migrate succeeded without a server")
        } catch let error as StoreError {
            #expect("\(error)".contains("cannot reach PostgreSQL at postgres://ratecard@127.0.0.1:1/none"))
        }
        // "Fast" against the pool's endless retries: with the whole suite running in parallel on 2
        // cores this took 31–48 s (15 s alone); a minute still catches retrying for ever.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test(arguments: ["postgres://127.0.0.1/x", "postgres://u@127.0.0.1:5432", "postgres://u@h/x?sslmode=maybe", "postgres://u@h/x?pool=3"])
    func malformedURLsAreNamed(url: String) {
        #expect(throws: StoreError.self) { _ = try PostgresLocation(url: url) }
    }
}
