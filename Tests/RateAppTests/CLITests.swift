import Foundation
import RateStoreSQLite
import RateTestSupport
import Testing

/// Runs the built `ratecard` binary as a user would.
@Suite("ratecard command line", .serialized, .tags(.slow), .skippedInQuickRuns)
struct CLITests {
    /// The `ratecard` executable built beside the test bundle.
    static var binary: URL {
        let testBinary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        var directory = testBinary.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("ratecard").path) && directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("ratecard")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], database: String) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RATECARD_DATABASE"] = database
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    /// Starts `ratecard import` of the biggest bundled file (165,573 rows), for tests that kill it midway.
    /// Starts importing DOU's 177,875 rows, with progress on a pipe.
    static func startBigImport(database: String) throws -> (process: Process, progress: FileHandle) {
        let big = Fixtures.repositoryRoot.appendingPathComponent("Sources/RateData/Resources/default/dou_ua_salaries_harmonized_2011_2025.csv.gz")
            .path
        let process = Process()
        process.executableURL = binary
        process.arguments = ["import", "--progress", "--database", database, big]
        process.standardOutput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        return (process, pipe.fileHandleForReading)
    }

    /// Reads `handle` until `text` appears or it ends; `true` when it appeared. (Blocking reads, on
    /// a thread of their own rather than the test's.)
    static func wait(for text: String, in handle: FileHandle) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var seen = ""
                while true {
                    let data = handle.availableData
                    if data.isEmpty {
                        continuation.resume(returning: false)
                        return
                    }
                    seen = String((seen + String(decoding: data, as: UTF8.self)).suffix(4096))
                    if seen.contains(text) {
                        continuation.resume(returning: true)
                        return
                    }
                }
            }
        }
    }

    static func temporaryDatabase() -> String {
        TemporaryFiles.path("cli")
    }

    @Test func importPrintsJSONSummaryWithTheAgreedKeys() throws {
        let database = Self.temporaryDatabase()
        let result = try Self.run(["import", "--json", Fixtures.path("so2023_sample.csv")], database: database)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        for key in ["read", "accepted", "rejected", "flagged", "duplicates"] { #expect(json?[key] is Int, "missing \(key)") }
        #expect((json?["read"] as? Int) == 60)
        let again = try Self.run(["import", Fixtures.path("so2023_sample.csv")], database: database)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already imported"))
    }

    @Test func evaluateBacktestListsEveryWaveAndWhyItWasNotScored() throws {
        let database = Self.temporaryDatabase()
        #expect(try Self.run(["import", Fixtures.path("dou_harmonised_sample.csv")], database: database).status == 0)
        let result = try Self.run(["evaluate", "--backtest", "dou"], database: database)
        #expect(result.status == 0, "\(result.stderr)")
        // Four waves of about 40 rows: none has the 2,000 rows before it that a fit needs.
        for wave in ["2011-12-01", "2022-06-01", "2024-12-01", "2025-06-01"] {
            #expect(result.stdout.contains("\n\(wave) "), "\(result.stdout)")
            #expect(result.stdout.contains("Skipped \(wave): "), "\(result.stdout)")
        }
        #expect(result.stdout.contains("No wave of dou could be scored"), "\(result.stdout)")
        // Each wave is a fit of its own: the command says which one it is on.
        #expect(result.stderr.contains("backtest: wave 1 of 4 (2011-12-01)…") && result.stderr.contains("wave 4 of 4"), "\(result.stderr)")
        let json = try Self.run(["evaluate", "--backtest", "dou", "--json"], database: database)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((decoded?["waves"] as? [Any])?.count == 4)
        #expect(decoded?["pooled"] == nil, "nothing was scored, so there is nothing to pool: \(json.stdout)")
        let unknown = try Self.run(["evaluate", "--backtest", "nosuchsurvey"], database: database)
        #expect(unknown.status != 0 && unknown.stderr.contains("no rows of source nosuchsurvey"), "\(unknown.stderr)")
        let both = try Self.run(["evaluate", "--backtest", "dou", "--latest-wave", "dou"], database: database)
        #expect(both.status != 0 && both.stderr.contains("give one"), "\(both.stderr)")
    }

    /// A database path the user gave must be usable as it is: a directory, or a file in a directory
    /// that does not exist, is refused with what to do (RateCard never creates the directory).
    @Test func anUnusableDatabasePathIsRefusedInWords() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratecard-cli-dir-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let asDirectory = try Self.run(["sources"], database: directory.path)
        #expect(asDirectory.status != 0)
        #expect(asDirectory.stderr.contains("it is a directory; give a file path such as"), "\(asDirectory.stderr)")
        #expect(!asDirectory.stderr.contains("SQLite error"))
        let missing = directory.appendingPathComponent("no/such/place/x.sqlite").path
        let inMissingDirectory = try Self.run(["sources"], database: missing)
        #expect(inMissingDirectory.status != 0)
        #expect(inMissingDirectory.stderr.contains("does not exist; create it first"), "\(inMissingDirectory.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("no").path))
    }

    @Test func aTokenNeedsAName() throws {
        let database = Self.temporaryDatabase()
        for name in ["", "   ", "tab\there", String(repeating: "x", count: 101)] {
            let result = try Self.run(["token", "create", "--scope", "import", "--name", name], database: database)
            #expect(result.status != 0, "\(name)")
            #expect(result.stderr.contains("--name:"), "\(result.stderr)")
            #expect(!result.stderr.contains("CHECK"))
        }
        let named = try Self.run(["token", "create", "--scope", "import", "--name", "  ci  "], database: database)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(try Self.run(["token", "list"], database: database).stdout.contains(" ci "))
    }

    @Test func costPricesATeamFromAFileInEachScenario() throws {
        let database = Self.temporaryDatabase()
        #expect(try Self.run(["import", Fixtures.path("so2016_extract_sample.csv")], database: database).status == 0)
        let team = URL(fileURLWithPath: TemporaryFiles.path("team", suffix: ".csv"))
        try "count,role,level,skills\n1,backend,senior,Go;PostgreSQL\n2,backend,mid,\n".write(to: team, atomically: true, encoding: .utf8)
        let priced = try Self.run(
            ["cost", "--team", team.path, "--member", "1 mid qa", "--scenario", "US:employee", "--scenario", "US:freelancer", "--format", "csv"],
            database: database
        )
        #expect(priced.status == 0, "\(priced.stderr)")
        #expect(priced.stdout.hasPrefix("item,scenario_1,scenario_2,note\n"), "\(priced.stdout)")
        #expect(priced.stdout.contains("2 × mid backend,") && priced.stdout.contains("1 × mid qa,") && priced.stdout.contains("Total per year,"))
        try "count,role,level\n1,backend,senior\n0,backend,mid\n".write(to: team, atomically: true, encoding: .utf8)
        let zero = try Self.run(["cost", "--team", team.path, "--country", "US"], database: database)
        #expect(zero.status != 0 && zero.stderr.contains("line 3, field count: 0 is not a number of people"), "\(zero.stderr)")
        let noScenario = try Self.run(["cost", "--member", "1 mid qa"], database: database)
        #expect(noScenario.status != 0 && noScenario.stderr.contains("--scenario COUNTRY:HIRE"), "\(noScenario.stderr)")
    }

    @Test func badInputExitsNonZeroWithAMessage() throws {
        let database = Self.temporaryDatabase()
        let missing = try Self.run(["import", "/nonexistent/file.csv"], database: database)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read '/nonexistent/file.csv'"))
        let unknownFormat = try Self.run(["import", "--format", "xlsx", Fixtures.path("so2023_sample.csv")], database: database)
        #expect(unknownFormat.status != 0)
        #expect(unknownFormat.stderr.contains("--format 'xlsx'"))
        let wrongLayout = try Self.run(["import", "--format", "oews", Fixtures.path("so2023_sample.csv")], database: database)
        #expect(wrongLayout.status != 0)
        #expect(wrongLayout.stderr.contains("the store is unchanged"))
        #expect(!wrongLayout.stderr.contains("Stack dump"))
    }

    /// Options with a fixed set of values are checked by ArgumentParser before anything runs,
    /// and the error lists what is allowed.
    @Test(arguments: [
        (["report", "pie"], "'pie' is invalid for '<kind>'", "percentiles"),
        (["report", "regions", "--format", "pdf"], "'pdf' is invalid for '--format <format>'", "'html'"),
        (["report", "regions", "--period", "weekly"], "'weekly' is invalid for '--period <period>'", "'annual'"),
        (["report", "experience", "--region", "Mars"], "'Mars' is invalid for '--region <region>'", "eastern-europe"),
        (["cost", "--country", "DE", "--format", "html"], "'html' is invalid for '--format <format>'", "'markdown'"),
        (["estimate", "--country", "DE", "--format", "csv"], "--format csv is for --batch", "table or json"),
        (["token", "create", "--scope", "admin"], "'admin' is invalid for '--scope <scope>'", "'moderate'"),
        (["rejects", "--reason", "nope"], "'nope' is invalid for '--reason <reason>'", "missing-pay"),
    ])
    func fixedChoiceOptionsNameTheAllowedValues(arguments: [String], problem: String, allowed: String) throws {
        let result = try Self.run(arguments, database: Self.temporaryDatabase())
        #expect(result.status != 0)
        #expect(result.stderr.contains(problem), "\(result.stderr)")
        #expect(result.stderr.contains(allowed), "\(result.stderr)")
    }

    @Test func rejectsListsLineFieldAndReason() throws {
        let database = Self.temporaryDatabase()
        // A file with a usable row: its rejections are stored and listed.
        _ = try Self.run(["import", Fixtures.path("so2019_sample.csv")], database: database)
        let result = try Self.run(["rejects", "--limit", "3"], database: database)
        #expect(result.status == 0)
        #expect(result.stdout.contains("#1"))
        // A file with none stores nothing, and the import itself prints each row's reason.
        let mangled = try Self.run(["import", Fixtures.path("so2019_excel_mangled_sample.csv")], database: database)
        #expect(mangled.stdout.contains("nothing stored"))
        #expect(mangled.stdout.contains("malformed-row"))
        #expect(mangled.stdout.contains("fields where the header has 85"))
    }

    /// `kill -9` in the middle of an import must leave the store exactly as before that import.
    @Test func killDuringImportLeavesTheStoreAsItWas() async throws {
        let database = Self.temporaryDatabase()
        let baseline = try Self.run(["import", Fixtures.path("oews_sample.csv")], database: database)
        #expect(baseline.status == 0)
        let (process, progress) = try Self.startBigImport(database: database)
        // Kill once 100,000 of its rows are in the open transaction: well inside it, whatever the
        // machine's speed. (Watching the WAL raced the commit: with a 64 MiB page cache the pages
        // may reach the WAL only as the transaction commits.)
        let midway = await Self.wait(for: "100,000 rows read", in: progress)
        let killedMidway = midway && process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedMidway, "the import finished before it could be killed; use a bigger file")

        let store = try SQLiteStore(path: database)
        try await store.migrate()
        let sources = try await store.sources()
        #expect(sources.count == 1)
        #expect(sources.first?.descriptor.format == "oews")
        #expect(try await store.observationCount() == 0)
        #expect(try await store.rejectedRows(sourceID: nil, limit: 10, offset: 0).isEmpty)
        // The store still works: the same import now succeeds.
        let retry = try Self.run(["import", "--json", Fixtures.path("so2019_sample.csv")], database: database)
        #expect(retry.status == 0)
    }
}
