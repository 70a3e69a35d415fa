import Foundation
import RateStore
import RateStorePostgres
import RateStoreSQLite
import RateStoreTestSupport
import RateTestSupport
import Testing

/// `ratecard` processes against one PostgreSQL database, as a team would run them: two servers
/// sharing it, and an importer killed mid-transaction.
@Suite(
    "ratecard processes on PostgreSQL",
    .serialized,
    .tags(.slow, .postgres),
    .skippedInQuickRuns,
    .enabled(if: PostgresTestServer.isAvailable, "RATECARD_TEST_POSTGRES is not set: run scripts/with-postgres.sh swift test")
)
struct PostgresProcessTests {
    static func serve(database: String, port: Int) throws -> Process {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["serve", "--port", String(port), "--database", database, "--model-poll-seconds", "0.5"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func anImportThroughOneServerIsEstimatedFromByTheOther() async throws {
        let database = try await PostgresTestServer.freshDatabaseURL()
        let seed = try CLITests.run(["import", Fixtures.path("so2016_extract_sample.csv")], database: database)
        #expect(seed.status == 0, "\(seed.stderr)")
        let token = try CLITests.run(["token", "create", "--scope", "import", "--name", "two-servers"], database: database)
        let bearer = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(bearer.hasPrefix("rc_"))

        let (portA, portB) = (try LocalHTTP.freePort(), try LocalHTTP.freePort())
        let serverA = try Self.serve(database: database, port: portA)
        let serverB = try Self.serve(database: database, port: portB)
        defer {
            for server in [serverA, serverB] where server.isRunning { kill(server.processIdentifier, SIGKILL) }
        }
        func ready(_ port: Int) async -> Int? {
            guard let answer = try? await LocalHTTP.request("http://127.0.0.1:\(port)/ready"), answer.status == 200 else { return nil }
            return answer.json["model_data_version"] as? Int
        }
        let bothReady = await LocalHTTP.eventually(180) {
            let a = await ready(portA)
            let b = await ready(portB)
            return a != nil && b != nil
        }
        #expect(bothReady, "both servers became ready")
        let before = try #require(await ready(portB))

        let file = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("dou_harmonised_sample.csv")))
        let upload = try await LocalHTTP.request(
            "http://127.0.0.1:\(portA)/v1/imports?filename=dou_harmonised_sample.csv",
            method: "POST",
            headers: ["Authorization": "Bearer \(bearer)", "Content-Type": "application/octet-stream"],
            body: file
        )
        #expect(upload.status == 200)
        #expect((upload.json["accepted"] as? Int ?? 0) > 0)

        // Server A refits after the import; server B notices the new snapshot by polling.
        let refreshed = await LocalHTTP.eventually(180) {
            let version = await ready(portB)
            return version == before + 1
        }
        #expect(refreshed, "server B loaded the model with the new data")
        let estimate = try await LocalHTTP.request("http://127.0.0.1:\(portB)/v1/estimate?country=UA&years=5")
        #expect(estimate.status == 200)
        let sources = (estimate.json["sources"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }
        #expect(sources.contains { $0.hasPrefix("dou") }, "the estimate from server B leans on the DOU rows imported through server A: \(sources)")

        for server in [serverA, serverB] {
            kill(server.processIdentifier, SIGTERM)
            server.waitUntilExit()
            #expect(server.terminationStatus == 0, "graceful shutdown")
        }
    }

    @Test func killingAnImporterLeavesNoPartialImport() async throws {
        let database = try await PostgresTestServer.freshDatabaseURL()
        let baseline = try CLITests.run(["import", Fixtures.path("oews_sample.csv")], database: database)
        #expect(baseline.status == 0, "\(baseline.stderr)")
        let process = try CLITests.startBigImport(database: database).process
        // Wait until the COPY into the open transaction is well under way.
        var copied: Int64 = 0
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline && process.isRunning {
            copied = (try? await PostgresTestServer.bytesBeingCopied(databaseURL: database)) ?? 0
            if copied > 2_000_000 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let killedMidway = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedMidway && copied > 2_000_000, "the importer was killed while copying (\(copied) bytes sent)")

        let store = try PostgresStore(url: database)
        defer { store.close() }
        // The server rolls back the dead connection's transaction; wait for its backend to go.
        let copyGone = await LocalHTTP.eventually(30) {
            let bytes = (try? await PostgresTestServer.bytesBeingCopied(databaseURL: database)) ?? 1
            return bytes == 0
        }
        #expect(copyGone)
        let sources = try await store.sources()
        #expect(sources.map(\.descriptor.format) == ["oews"])
        #expect(try await store.observationCount() == 0)
        #expect(try await store.rejectedRows(sourceID: nil, limit: 10, offset: 0).isEmpty)
        #expect(try await store.dataVersion() == 1)
        let retry = try CLITests.run(["import", "--json", Fixtures.path("so2019_sample.csv")], database: database)
        #expect(retry.status == 0)
    }

    @Test func migrateCopiesASQLiteStoreRowForRow() async throws {
        let sqlitePath = CLITests.temporaryDatabase()
        for fixture in ["oews_sample.csv", "so2016_extract_sample.csv", "dou_harmonised_sample.csv"] {
            let result = try CLITests.run(["import", Fixtures.path(fixture)], database: sqlitePath)
            #expect(result.status == 0, "\(fixture): \(result.stderr)")
        }
        let target = try await PostgresTestServer.freshDatabaseURL()
        let copy = try CLITests.run(["migrate", "--from", "sqlite:" + sqlitePath, "--to", target], database: sqlitePath)
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("Copied 3 source(s)"))

        let origin = try SQLiteStore(path: sqlitePath)
        let copied = try PostgresStore(url: target)
        defer { copied.close() }
        let (a, b) = (try await origin.sources(), try await copied.sources())
        #expect(a.map(\.counts) == b.map(\.counts))
        #expect(a.map(\.descriptor) == b.map(\.descriptor))
        #expect(try await origin.observations(ObservationQuery()) == copied.observations(ObservationQuery()))
        #expect(try await origin.distributions(DistributionQuery()) == copied.distributions(DistributionQuery()))
        #expect(
            try await origin.rejectedRows(sourceID: nil, limit: 100_000, offset: 0).count
                == copied.rejectedRows(sourceID: nil, limit: 100_000, offset: 0).count
        )

        let again = try CLITests.run(["migrate", "--from", "sqlite:" + sqlitePath, "--to", target], database: sqlitePath)
        #expect(again.status == 0)
        #expect(again.stdout.contains("3 already present"))
    }
}
