import Foundation
import RateStore
import RateStoreSQLite
import RateStoreTestSupport
import Testing

/// The store contract, against every backend available here.
@Suite("Store contract")
struct StoreContractTests {
    static let backends: [StoreContract.Backend] = [
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

    @Test(arguments: backends, cases)
    func contract(backend: StoreContract.Backend, caseName: String) async throws {
        let run = StoreContract.cases.first { $0.name == caseName }!.run
        try await run(try await backend.make())
    }
}
